/** The node agent: the MD engine (md/) and, later, the agent runtime. */
export const ENGINE_NAME = 'ionsweep-md';
