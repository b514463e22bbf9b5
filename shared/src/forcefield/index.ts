export * from './descriptor.js';
export * from './load.js';
export * from './bundled.js';
export * from './species.js';
