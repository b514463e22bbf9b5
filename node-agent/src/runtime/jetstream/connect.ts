/** Connecting to NATS for a long-lived process: clear error when unreachable, reconnect forever after. */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(url) && !/^[^\s/:]+:\d+$/.test(url)) {
    throw new Error(`--nats: expected nats://HOST:PORT, got '${url}'`);
  }
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
  } catch (err) {
    throw new Error(`cannot reach NATS at ${url}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}
