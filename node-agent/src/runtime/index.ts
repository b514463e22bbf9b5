export * from './task-handler.js';
export * from './checkpoint-dir.js';
export type { WorkerTask } from './worker.js';
export * from './worker-port.js';
export * from './task-pool.js';
export * from './jetstream/index.js';
export * from './artifacts/index.js';
