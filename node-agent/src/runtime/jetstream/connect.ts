/** Connecting to NATS for a long-lived process: clear error when unreachable, reconnect forever after. */
import { connect } from '@nats-io/transport-node';
import { errorMessage } from '@ionsweep/shared';
import { credsAuthenticator, nkeyAuthenticator, tokenAuthenticator, type NatsConnection } from '@nats-io/nats-core';

/** The URL without user:password, for logs and errors. */
export const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/**
 * How this process proves itself to nats-server, if it asks (user:password can also go in the
 * URL). Each secret is a reader called at every (re)connect, so a rotated file is used from the
 * next connection on; `nc.reconnect()` (on SIGHUP) makes that now.
 */
export interface NatsAuth {
  /** the server's auth token */
  token?: () => string;
  /** an NKEY user seed (`SU…`): the server knows only its public key and checks a signed nonce */
  nkeySeed?: () => Uint8Array;
  /** a `.creds` file's bytes (user JWT and seed: operator mode) */
  creds?: () => Uint8Array;
  /** TLS to nats-server: the CA that signed its certificate, and ours for mutual TLS (PEM files) */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

export async function connectNats(url: string, name: string, auth: NatsAuth = {}): Promise<NatsConnection> {
  if (!/^(nats|tls):\/\/[^\s/]+$/.test(url) && !/^[^\s/:]+:\d+$/.test(url)) {
    throw new Error(`--nats: expected nats://HOST:PORT, got '${redactUrl(url)}'`);
  }
  try {
    return await connect({
      servers: url,
      name,
      authenticator: auth.creds
        ? credsAuthenticator(auth.creds)
        : auth.nkeySeed
          ? nkeyAuthenticator(auth.nkeySeed)
          : auth.token
            ? tokenAuthenticator(auth.token)
            : undefined,
      tls: auth.tls,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    });
  } catch (err) {
    throw new Error(`cannot reach NATS at ${redactUrl(url)}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}
