export * from './artifact-store.js';
export * from './artifact-dir.js';
export * from './thermo-log.js';
export * from './trajectory.js';
export * from './task-artifacts.js';
