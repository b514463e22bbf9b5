/** Running the built `ionsweep` binary: shared with the benchmarks, which drive clusters too. */
export * from '../../bench/lib/cli-process.js';
