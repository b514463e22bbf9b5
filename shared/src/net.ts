/**
 * The networked part of the shared library: the gRPC contract, bearer-token and TLS
 * credentials, the Prometheus metrics endpoint. Kept out of the main entry point
 * (`@ionsweep/shared`) because it loads gRPC, protobuf.js and prom-client (≈ 0.1 s): the
 * science (model, analysis, formats, MD start-up) does not wait for them.
 */
export * from './wire.js';
export * from './metrics/metrics-server.js';
export * from './metrics/web-config.js';
export * from './security/credentials.js';
