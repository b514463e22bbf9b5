/** Variants of tiny.yaml: shared with the benchmarks. */
export * from '../../bench/lib/sweep-files.js';
