/** Connecting to NATS for a long-lived process: clear error when unreachable, reconnect forever after. */
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';

/** The URL without user:password, for logs and errors. */
export const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** `token`: the server's auth token, if it wants one (user:password can go in the URL). */
export async function connectNats(url: string, name: string, token?: string): Promise<NatsConnection> {
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(url) && !/^[^\s/:]+:\d+$/.test(url)) {
    throw new Error(`--nats: expected nats://HOST:PORT, got '${redactUrl(url)}'`);
  }
  try {
    return await connect({ servers: url, name, token, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
  } catch (err) {
    throw new Error(`cannot reach NATS at ${redactUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}
