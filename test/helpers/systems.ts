/** Small systems for fast engine tests: shared with the benchmarks. */
export * from '../../bench/lib/systems.js';
