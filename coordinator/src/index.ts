/** The coordinator package: for now the `ionsweep` CLI. */
export { main, buildProgram, VERSION } from './cli/main.js';
export { runSweepEmbedded, executeSweep } from './embedded/run-sweep.js';
