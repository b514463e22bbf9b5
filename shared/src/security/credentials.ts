/**
 * Who may talk to the coordinator: TLS for the channel and a bearer token for every call, from
 * files (never from the command line, where `ps` would show them). A wrong or missing token is
 * UNAUTHENTICATED; tokens are compared in constant time and never logged or echoed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { InputError } from '../errors.js';

/** Reads a secret or certificate file; errors name the flag, never the content. */
export function readSecret(flag: string, path: string): Buffer {
  try {
    const bytes = readFileSync(path);
    if (bytes.length === 0) throw new InputError(flag, `${path} is empty`);
    return bytes;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(flag, `cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export const readToken = (flag: string, path: string): string => readSecret(flag, path).toString('utf8').trim();

export interface ClientSecurityOptions {
  token?: string;
  /** CA that signed the coordinator's certificate: the channel uses TLS when given */
  ca?: Buffer;
  /** this client's certificate and key, for a coordinator that requires them (mutual TLS) */
  cert?: Buffer;
  key?: Buffer;
}

/** Channel credentials and an interceptor that adds `authorization: Bearer …` to every call. */
export function clientSecurity(o: ClientSecurityOptions): {
  credentials: grpc.ChannelCredentials;
  options: grpc.ClientOptions;
} {
  const credentials = o.ca
    ? grpc.credentials.createSsl(o.ca, o.key ?? null, o.cert ?? null)
    : grpc.credentials.createInsecure();
  const token = o.token;
  const interceptors: grpc.Interceptor[] = token
    ? [
        (options, nextCall) =>
          new grpc.InterceptingCall(nextCall(options), {
            start(metadata, listener, next) {
              metadata.set('authorization', `Bearer ${token}`);
              next(metadata, listener);
            },
          }),
      ]
    : [];
  return { credentials, options: { interceptors } };
}

export interface ServerSecurityOptions {
  cert?: Buffer;
  key?: Buffer;
  /** clients must present a certificate signed by this CA (mutual TLS) */
  clientCa?: Buffer;
}

export function serverCredentials(o: ServerSecurityOptions): grpc.ServerCredentials {
  if (!o.cert || !o.key) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    o.clientCa ?? null,
    [{ cert_chain: o.cert, private_key: o.key }],
    !!o.clientCa,
  );
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A check of a call's bearer token against the expected one (none expected: everything passes). */
export function tokenCheck(expected: string | undefined): (metadata: grpc.Metadata) => boolean {
  if (!expected) return () => true;
  const want = digest(expected);
  return (metadata) => {
    const header = metadata.get('authorization')[0];
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    return timingSafeEqual(digest(header.slice(7)), want);
  };
}

export const UNAUTHENTICATED_MESSAGE = 'unauthenticated: missing or wrong bearer token';
