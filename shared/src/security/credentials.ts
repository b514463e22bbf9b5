/**
 * Who may talk to the coordinator: TLS for the channel and a bearer token for every call, from
 * files (never from the command line, where `ps` would show them). A wrong or missing token is
 * UNAUTHENTICATED; tokens are compared in constant time and never logged or echoed.
 *
 * Secrets can be rotated while a sweep runs. A token file holds one token per line: the
 * coordinator accepts every line, and clients send the last (the newest). The coordinator and
 * the agents re-read their files on SIGHUP, including the coordinator's certificate.
 */
import { createHash, createPrivateKey, timingSafeEqual, X509Certificate } from 'node:crypto';
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

/** The tokens of a token file, one per line (blank lines ignored). */
export function readTokens(flag: string, path: string): string[] {
  const tokens = readSecret(flag, path)
    .toString('utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (tokens.length === 0) throw new InputError(flag, `${path} holds no token`);
  return tokens;
}

/** What a client sends: the last token of its file, the newest during a rotation. */
export const readToken = (flag: string, path: string): string => readTokens(flag, path).at(-1)!;

export interface ClientSecurityOptions {
  token?: string;
  /** CA that signed the coordinator's certificate: the channel uses TLS when given */
  ca?: Buffer;
  /** this client's certificate and key, for a coordinator that requires them (mutual TLS) */
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Channel credentials and an interceptor that adds `authorization: Bearer …` to every call;
 * `setToken` changes the token for the calls that follow (a rotation).
 */
export function clientSecurity(o: ClientSecurityOptions): {
  credentials: grpc.ChannelCredentials;
  options: grpc.ClientOptions;
  setToken(token: string | undefined): void;
} {
  const credentials = o.ca
    ? grpc.credentials.createSsl(o.ca, o.key ?? null, o.cert ?? null)
    : grpc.credentials.createInsecure();
  let token = o.token;
  const bearer: grpc.Interceptor = (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        if (token) metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
  return { credentials, options: { interceptors: [bearer] }, setToken: (t) => (token = t) };
}

export interface ServerSecurityOptions {
  cert?: Buffer;
  key?: Buffer;
  /** clients must present a certificate signed by this CA (mutual TLS) */
  clientCa?: Buffer;
  /** every call must carry one of these */
  tokens?: string[];
}

/** Refuses a key that does not belong to the certificate (a mix-up that would break every handshake). */
function checkIdentity(cert: Buffer, key: Buffer): void {
  let matches: boolean;
  try {
    matches = new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
  } catch (err) {
    throw new InputError('--tls-cert', `cannot read the certificate or its key (${(err as Error).message})`);
  }
  if (!matches) throw new InputError('--tls-key', 'the key does not belong to the certificate in --tls-cert');
}

/** A grpc-js certificate provider whose certificate, key and client CA can be replaced. */
class ReplaceableCertificates implements grpc.experimental.CertificateProvider {
  private readonly identityListeners = new Set<grpc.experimental.IdentityCertificateUpdateListener>();
  private readonly caListeners = new Set<grpc.experimental.CaCertificateUpdateListener>();
  constructor(private o: ServerSecurityOptions) {}

  set(o: ServerSecurityOptions): void {
    this.o = o;
    for (const l of this.identityListeners) l(this.identity());
    for (const l of this.caListeners) l(this.ca());
  }
  private identity() {
    return { certificate: this.o.cert!, privateKey: this.o.key! };
  }
  private ca() {
    return this.o.clientCa ? { caCertificate: this.o.clientCa } : null;
  }
  // listeners hear the current files on the next tick: grpc-js adds its server's watcher only after
  // subscribing, so an update delivered at once would be lost and every handshake refused
  addIdentityCertificateListener(l: grpc.experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.add(l);
    setImmediate(() => this.identityListeners.has(l) && l(this.identity()));
  }
  removeIdentityCertificateListener(l: grpc.experimental.IdentityCertificateUpdateListener): void {
    this.identityListeners.delete(l);
  }
  addCaCertificateListener(l: grpc.experimental.CaCertificateUpdateListener): void {
    this.caListeners.add(l);
    setImmediate(() => this.caListeners.has(l) && l(this.ca()));
  }
  removeCaCertificateListener(l: grpc.experimental.CaCertificateUpdateListener): void {
    this.caListeners.delete(l);
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The coordinator's side: channel credentials and the token check, both replaceable while it
 * serves. TLS and mutual TLS stay as they started (on or off); the files behind them may change.
 */
export class ServerSecrets {
  readonly credentials: grpc.ServerCredentials;
  private readonly certificates: ReplaceableCertificates | null;
  private digests: Buffer[] = [];
  private options: ServerSecurityOptions;

  constructor(o: ServerSecurityOptions) {
    this.options = o;
    if (o.cert && o.key) {
      checkIdentity(o.cert, o.key);
      this.certificates = new ReplaceableCertificates(o);
      // grpc-js's declaration names these two the other way round; its code takes the identity first
      this.credentials = grpc.experimental.createCertificateProviderServerCredentials(
        this.certificates,
        o.clientCa ? this.certificates : null,
        !!o.clientCa,
      );
    } else {
      this.certificates = null;
      this.credentials = grpc.ServerCredentials.createInsecure();
    }
    this.digests = (o.tokens ?? []).map(digest);
  }

  get tls(): boolean {
    return this.certificates !== null;
  }
  get mutualTls(): boolean {
    return !!this.options.clientCa;
  }
  get tokenCount(): number {
    return this.digests.length;
  }

  /** Takes new secrets for the calls and connections that follow; refuses a change of mode. */
  replace(o: ServerSecurityOptions): void {
    if (!!(o.cert && o.key) !== this.tls || !!o.clientCa !== this.mutualTls)
      throw new InputError('--tls-cert', 'TLS and mutual TLS cannot be switched on or off without a restart');
    if (o.cert && o.key) checkIdentity(o.cert, o.key);
    this.options = o;
    this.certificates?.set(o);
    this.digests = (o.tokens ?? []).map(digest);
  }

  /** True when no token is required or the call carries one of the accepted tokens. */
  authorized(metadata: grpc.Metadata): boolean {
    if (this.digests.length === 0) return true;
    const header = metadata.get('authorization')[0];
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    const got = digest(header.slice(7));
    // every accepted token is compared, so the time does not tell which one (if any) matched
    return this.digests.reduce((ok, want) => timingSafeEqual(got, want) || ok, false);
  }
}

export const UNAUTHENTICATED_MESSAGE = 'unauthenticated: missing or wrong bearer token';
