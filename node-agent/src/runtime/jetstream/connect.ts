/** Connecting to NATS for a long-lived process: clear error when unreachable, reconnect forever after. */
import { connect } from '@nats-io/transport-node';
import { errorMessage } from '@ionsweep/shared';
import { credsAuthenticator, nkeyAuthenticator, tokenAuthenticator, type NatsConnection } from '@nats-io/nats-core';

/** The URL (or comma-separated URLs) without user:password, for logs and errors. */
export const redactUrl = (url: string) => url.replace(/\/\/[^@/,]*@/g, '//***@');

/** `--nats`: one server, or the servers of a cluster separated by commas (any one is enough to start). */
export function natsServers(url: string): string[] {
  const servers = url.split(',').map((u) => u.trim());
  for (const u of servers)
    if (!/^(nats|tls):\/\/[^\s/]+$/.test(u) && !/^[^\s/:]+:\d+$/.test(u))
      throw new Error(`--nats: expected nats://HOST:PORT[,nats://HOST:PORT…], got '${redactUrl(url)}'`);
  return servers;
}

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

/** Connection errors that mean "nobody answers there yet": worth waiting for (a NATS pod starting). */
const NOT_THERE_YET = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

export interface ConnectWait {
  /** how long to keep retrying an unreachable server before giving up, ms (0: fail at once) */
  waitMs?: number;
  /** a line per failed attempt (stderr) */
  log?: (line: string) => void;
}

export async function connectNats(
  url: string,
  name: string,
  auth: NatsAuth = {},
  wait: ConnectWait = {},
): Promise<NatsConnection> {
  const servers = natsServers(url);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect({
        servers,
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
      // refused credentials or certificates fail at once; a server that is not up yet is waited for
      const code = (err as { cause?: { code?: string } }).cause?.code;
      const left = (wait.waitMs ?? 0) - (Date.now() - started);
      if (!code || !NOT_THERE_YET.has(code) || left <= 0)
        throw new Error(
          `cannot reach NATS at ${redactUrl(url)}: ${errorMessage(err)}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`,
          { cause: err },
        );
      const pause = Math.min(10_000, 500 * 2 ** Math.min(attempt - 1, 5), left);
      wait.log?.(
        `NATS at ${redactUrl(url)} not reachable yet (${errorMessage(err)}); retrying in ${(pause / 1000).toFixed(1)} s`,
      );
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/** Whether the connection is up right now (for readiness probes), kept from its status events. */
export function watchNatsUp(nc: NatsConnection): () => boolean {
  let up = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'close') up = false;
      else if (s.type === 'reconnect') up = true;
    }
  })();
  return () => up && !nc.isClosed();
}
