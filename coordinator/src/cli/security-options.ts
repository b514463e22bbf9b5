/**
 * The security flags every networked command shares, each also read from an environment
 * variable (for containers and batch scripts). Secrets come from files, never from arguments.
 */
import { Option, type Command } from 'commander';
import { nkeys } from '@nats-io/nats-core';
import type { NatsAuth } from '@ionsweep/node-agent';
import {
  InputError,
  readSecret,
  readToken,
  readTokens,
  type ClientSecurityOptions,
  type ServerSecurityOptions,
} from '@ionsweep/shared';

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

/** --nats-token-file, --nats-nkey-file: how to authenticate to NATS (user:password may also go in the URL). */
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
    );
}

export function natsAuthFrom(o: { natsTokenFile?: string; natsNkeyFile?: string }): NatsAuth {
  if (o.natsTokenFile && o.natsNkeyFile)
    throw new InputError('--nats-nkey-file', 'give --nats-token-file or --nats-nkey-file, not both');
  return {
    token: o.natsTokenFile ? readToken('--nats-token-file', o.natsTokenFile) : undefined,
    nkeySeed: o.natsNkeyFile ? readNkeySeed(o.natsNkeyFile) : undefined,
  };
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
