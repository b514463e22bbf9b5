/** The node agent: the MD engine (md/), the task runtime (runtime/) and the agent process (agent/). */
export * from './md/index.js';
export * from './runtime/index.js';
export * from './agent/index.js';
export * from './lammps-engine/index.js';
