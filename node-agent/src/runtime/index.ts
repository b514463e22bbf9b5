import { fileURLToPath } from 'node:url';

export * from './task-handler.js';
export * from './checkpoint-dir.js';
export type { WorkerTask } from './worker.js';
export * from './jetstream/index.js';

/** File of the piscina worker entry (the built JavaScript). */
export const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));
