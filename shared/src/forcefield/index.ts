export * from './descriptor.js';
export * from './load.js';
export * from './bundled.js';
