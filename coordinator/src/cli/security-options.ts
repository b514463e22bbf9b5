/**
 * The security flags every networked command shares, each also read from an environment
 * variable (for containers and batch scripts). Secrets come from files, never from arguments.
 */
import { Option, type Command } from 'commander';
import { nkeys, type NatsConnection } from '@nats-io/nats-core';
import type { ConnectWait, NatsAuth } from '@ionsweep/node-agent';
import type { Registry } from 'prom-client';
import { errorMessage, InputError } from '@ionsweep/shared';
import {
  readMetricsWebConfig,
  readSecret,
  readToken,
  readTokens,
  type ClientSecurityOptions,
  serveMetrics,
  type MetricsServer,
  type ServerSecurityOptions,
} from '@ionsweep/shared/net';

export interface ClientSecurityFlags {
  tokenFile?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** --token-file, --tls-ca (and --tls-cert/--tls-key for mutual TLS): how a client or an agent proves itself. */
export function withClientSecurity(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--token-file <file>', 'file holding the bearer token (its last line) the coordinator expects').env(
        'IONSWEEP_TOKEN_FILE',
      ),
    )
    .addOption(
      new Option('--tls-ca <file>', 'CA certificate (PEM) that signed the coordinator’s: use TLS').env(
        'IONSWEEP_TLS_CA',
      ),
    )
    .addOption(
      new Option('--tls-cert <file>', 'with --tls-ca: this client’s certificate, for mutual TLS').env(
        'IONSWEEP_TLS_CLIENT_CERT',
      ),
    )
    .addOption(new Option('--tls-key <file>', 'the client certificate’s key').env('IONSWEEP_TLS_CLIENT_KEY'));
}

/** The files both sides name the same way: a certificate with its key, a CA, a token. */
function readSecurityFiles(o: { tokenFile?: string; tlsCa?: string; tlsCert?: string; tlsKey?: string }) {
  if (!!o.tlsCert !== !!o.tlsKey) throw new InputError('--tls-cert', '--tls-cert and --tls-key go together');
  return {
    tokens: o.tokenFile ? readTokens('--token-file', o.tokenFile) : undefined,
    ca: o.tlsCa ? readSecret('--tls-ca', o.tlsCa) : undefined,
    cert: o.tlsCert ? readSecret('--tls-cert', o.tlsCert) : undefined,
    key: o.tlsKey ? readSecret('--tls-key', o.tlsKey) : undefined,
  };
}

export function clientSecurityFrom(o: ClientSecurityFlags): ClientSecurityOptions {
  const { tokens, ...files } = readSecurityFiles(o);
  if (o.tlsCert && !o.tlsCa) throw new InputError('--tls-cert', 'a client certificate needs --tls-ca (TLS)');
  return { ...files, token: tokens?.at(-1) };
}

export interface ServerSecurityFlags {
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tokenFile?: string;
}

/** --tls-cert, --tls-key, --tls-ca (mutual TLS), --token-file: the coordinator's side. */
export function withServerSecurity(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--tls-cert <file>', 'serve gRPC over TLS with this certificate (PEM)').env('IONSWEEP_TLS_CERT'),
    )
    .addOption(new Option('--tls-key <file>', 'the certificate’s private key (PEM)').env('IONSWEEP_TLS_KEY'))
    .addOption(
      new Option('--tls-ca <file>', 'require client certificates signed by this CA (mutual TLS)').env(
        'IONSWEEP_TLS_CA',
      ),
    )
    .addOption(
      new Option('--token-file <file>', 'every call must carry a bearer token from this file (one per line)').env(
        'IONSWEEP_TOKEN_FILE',
      ),
    );
}

export function serverSecurityFrom(o: ServerSecurityFlags): ServerSecurityOptions {
  const { ca, ...rest } = readSecurityFiles(o);
  return { ...rest, clientCa: ca };
}

/**
 * How to reach and authenticate to NATS: a token, an NKEY seed or a `.creds` file (operator mode,
 * JWTs), and TLS with a private CA and a client certificate (user:password may also go in the URL).
 */
export function withNatsAuth(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--nats-token-file <file>', 'file holding the NATS server’s auth token').env(
        'IONSWEEP_NATS_TOKEN_FILE',
      ),
    )
    .addOption(
      new Option('--nats-nkey-file <file>', 'file holding an NKEY user seed (SU…) the NATS server knows').env(
        'IONSWEEP_NATS_NKEY_FILE',
      ),
    )
    .addOption(
      new Option('--nats-creds <file>', 'a NATS .creds file (user JWT and seed, operator mode)').env(
        'IONSWEEP_NATS_CREDS',
      ),
    )
    .addOption(
      new Option('--nats-tls-ca <file>', 'CA certificate (PEM) that signed nats-server’s: TLS to NATS').env(
        'IONSWEEP_NATS_TLS_CA',
      ),
    )
    .addOption(
      new Option('--nats-tls-cert <file>', 'this process’s client certificate for NATS (mutual TLS)').env(
        'IONSWEEP_NATS_TLS_CERT',
      ),
    )
    .addOption(new Option('--nats-tls-key <file>', 'the NATS client certificate’s key').env('IONSWEEP_NATS_TLS_KEY'))
    .addOption(
      new Option('--nats-wait <seconds>', 'keep retrying a NATS server that is not up yet for this long at start')
        .env('IONSWEEP_NATS_WAIT')
        .default('60'),
    );
}

/** How long to wait for NATS at start (--nats-wait), with a line per retry on stderr. */
export function natsWaitFrom(o: NatsFlags, who: string): ConnectWait {
  const seconds = Number(o.natsWait ?? '60');
  if (!(Number.isFinite(seconds) && seconds >= 0 && seconds <= 86400))
    throw new InputError('--nats-wait', `must be 0..86400 seconds, got '${o.natsWait}'`);
  return { waitMs: seconds * 1000, log: (line) => process.stderr.write(`${who}: ${line}\n`) };
}

export interface NatsFlags {
  natsTokenFile?: string;
  natsNkeyFile?: string;
  natsCreds?: string;
  natsTlsCa?: string;
  natsTlsCert?: string;
  natsTlsKey?: string;
  natsWait?: string;
}

export function natsAuthFrom(o: NatsFlags): NatsAuth {
  const given = (['natsTokenFile', 'natsNkeyFile', 'natsCreds'] as const).filter((k) => o[k]);
  if (given.length > 1)
    throw new InputError('--nats-creds', 'give one of --nats-token-file, --nats-nkey-file, --nats-creds');
  if (!!o.natsTlsCert !== !!o.natsTlsKey)
    throw new InputError('--nats-tls-cert', '--nats-tls-cert and --nats-tls-key go together');
  // read now, so that a missing or unreadable file stops the command before it connects
  for (const [flag, file] of [
    ['--nats-tls-ca', o.natsTlsCa],
    ['--nats-tls-cert', o.natsTlsCert],
    ['--nats-tls-key', o.natsTlsKey],
  ] as const)
    if (file) readSecret(flag, file);
  const tls =
    o.natsTlsCa || o.natsTlsCert ? { caFile: o.natsTlsCa, certFile: o.natsTlsCert, keyFile: o.natsTlsKey } : undefined;
  return {
    token: o.natsTokenFile ? reader(() => readToken('--nats-token-file', o.natsTokenFile!)) : undefined,
    nkeySeed: o.natsNkeyFile ? reader(() => readNkeySeed(o.natsNkeyFile!)) : undefined,
    creds: o.natsCreds ? reader(() => readCreds(o.natsCreds!)) : undefined,
    tls,
  };
}

/**
 * A secret read now (so that a bad file stops the command before it connects) and again at each
 * (re)connect; a file that has become bad since keeps the last good secret.
 */
function reader<T>(read: () => T): () => T {
  let last = read();
  return () => {
    try {
      last = read();
    } catch {
      // the connection goes on with the previous secret; the SIGHUP handler reports the problem
    }
    return last;
  };
}

/** Whether any NATS secret or TLS file was given: a SIGHUP then reconnects to pick up new ones. */
export const usesNatsSecrets = (o: NatsFlags) =>
  Boolean(o.natsTokenFile || o.natsNkeyFile || o.natsCreds || o.natsTlsCa || o.natsTlsCert);

/** A `.creds` file as `nsc` writes it: a user JWT block and a user seed block. */
function readCreds(file: string): Uint8Array {
  const text = readSecret('--nats-creds', file).toString('utf8');
  if (!/-----BEGIN NATS USER JWT-----/.test(text) || !/-----BEGIN USER NKEY SEED-----/.test(text))
    throw new InputError('--nats-creds', `${file} is not a NATS .creds file (a user JWT and a user seed)`);
  return new TextEncoder().encode(text);
}

/** The seed as `nk -gen user` or `nsc` writes it: one line starting SU; anything else is refused here. */
function readNkeySeed(file: string): Uint8Array {
  const text = readToken('--nats-nkey-file', file);
  const seed = new TextEncoder().encode(text);
  try {
    if (!text.startsWith('SU')) throw new Error('not a user seed');
    nkeys.fromSeed(seed);
  } catch {
    throw new InputError('--nats-nkey-file', `${file} does not hold an NKEY user seed (one line starting SU)`);
  }
  return seed;
}

export interface MetricsFlags {
  metricsPort?: string;
  metricsHost: string;
  metricsWebConfig?: string;
}

/** --metrics-port, --metrics-host (loopback by default), --metrics-web-config (TLS, basic auth). */
export function withMetrics(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--metrics-port <port>', 'serve Prometheus metrics on http(s)://HOST:PORT/metrics').env(
        'IONSWEEP_METRICS_PORT',
      ),
    )
    .addOption(
      new Option('--metrics-host <host>', 'address for the metrics port (0.0.0.0: every interface)')
        .env('IONSWEEP_METRICS_HOST')
        .default('127.0.0.1'),
    )
    .addOption(
      new Option(
        '--metrics-web-config <file>',
        'TLS and basic auth for /metrics, in the format of Prometheus’s exporter-toolkit (tls_server_config, basic_auth_users)',
      ).env('IONSWEEP_METRICS_WEB_CONFIG'),
    );
}

/**
 * Serves `registry` as the flags say, or nothing without --metrics-port. A host other than
 * loopback without a web config is allowed (Prometheus inside a private network scrapes plain
 * HTTP) but said out loud. Returns the server and a reload for SIGHUP.
 */
export async function startMetrics(
  o: MetricsFlags,
  registry: Registry | undefined,
  who: string,
  notReady?: () => string | null,
): Promise<{ server: MetricsServer; reload(): void } | null> {
  if (!registry || o.metricsPort === undefined) return null;
  const port = parsePort('--metrics-port', o.metricsPort);
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(o.metricsHost))
    throw new InputError('--metrics-host', `expected a host name or address, got '${o.metricsHost}'`);
  const read = () =>
    o.metricsWebConfig ? readMetricsWebConfig('--metrics-web-config', o.metricsWebConfig) : undefined;
  const webConfig = read();
  const server = await serveMetrics(registry, { port, host: o.metricsHost, webConfig, notReady });
  const guard = webConfig
    ? `${webConfig.tls ? 'TLS' : 'no TLS'}, ${webConfig.users.size > 0 ? 'basic auth' : 'no auth'}`
    : 'no TLS, no auth';
  process.stderr.write(`${who}: metrics on ${server.scheme}://${o.metricsHost}:${server.port}/metrics (${guard})\n`);
  if (!LOOPBACK.test(o.metricsHost) && !webConfig)
    process.stderr.write(
      `${who}: warning: metrics on ${o.metricsHost} without TLS or auth (--metrics-web-config adds both)\n`,
    );
  return {
    server,
    reload() {
      if (!o.metricsWebConfig) return;
      try {
        server.reload(read()!);
        process.stderr.write(`${who}: metrics web config reloaded\n`);
      } catch (err) {
        process.stderr.write(`${who}: metrics web config NOT reloaded, keeping the previous: ${errorMessage(err)}\n`);
      }
    },
  };
}

/** Loopback host names and addresses. */
export const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;

/** A TCP port (0: any free one). */
export function parsePort(flag: string, text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new InputError(flag, `must be a port number in 0..65535, got '${text}'`);
  return port;
}

/**
 * On SIGHUP: check the NATS secret files again and reconnect, so that the new ones are used now
 * (they are read at every connect); a bad file is reported and the connection keeps the old.
 */
export function reloadNats(nc: NatsConnection | null, o: NatsFlags, who: string): void {
  if (!nc || !usesNatsSecrets(o)) return;
  try {
    natsAuthFrom(o);
  } catch (err) {
    process.stderr.write(`${who}: NATS credentials NOT reloaded, keeping the previous: ${errorMessage(err)}\n`);
    return;
  }
  nc.reconnect().then(
    () => process.stderr.write(`${who}: NATS credentials reloaded (reconnected)\n`),
    (err: unknown) => process.stderr.write(`${who}: NATS reconnect failed: ${errorMessage(err)}\n`),
  );
}
