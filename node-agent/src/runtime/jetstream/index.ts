export * from './task-queue.js';
export * from './checkpoint-object-store.js';
