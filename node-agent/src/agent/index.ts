export * from './node-agent.js';
