/** The real Prometheus helper and the dashboard renderer live with the benchmarks, which use them too. */
export * from '../../bench/lib/prometheus.js';
export * from '../../bench/lib/dashboard-render.js';
