/** The node agent: the MD engine (md/) and, later, the agent runtime. */
export * from './md/index.js';
export * from './runtime/index.js';
