/** The real nats-server helper lives with the benchmarks, which start clusters too. */
export * from '../../bench/lib/nats-server.js';
