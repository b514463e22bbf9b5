export * from './task-queue.js';
export * from './checkpoint-object-store.js';
export * from './connect.js';
export * from './artifact-object-store.js';
export * from './storage.js';
