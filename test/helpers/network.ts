/** The TCP proxy that cuts links lives with the benchmarks' helpers. */
export * from '../../bench/lib/tcp-proxy.js';
