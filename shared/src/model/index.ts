export * from './building-blocks.js';
export * from './constraints.js';
export * from './pair-probabilities.js';
export * from './hopping.js';
export * from './rigidity.js';
