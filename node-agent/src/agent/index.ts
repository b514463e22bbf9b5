export * from './node-agent.js';
export * from './agent-metrics.js';
