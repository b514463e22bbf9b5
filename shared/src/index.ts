export * from './errors.js';
export * from './composition/composition.js';
export * from './model/index.js';
export * from './cli-args/values.js';
export * from './plot/svg.js';
export * from './format/records.js';
export * from './io/atomic-write.js';
export * from './model/figure.js';
