/**
 * TLS and basic auth for `/metrics`, from a web-config file in the format of Prometheus's
 * exporter-toolkit (the file node_exporter and every official exporter read), so that a real
 * Prometheus scrapes ionsweep with its own `tls_config` and `basic_auth`:
 *
 *   tls_server_config:
 *     cert_file: metrics.crt          # paths relative to this file
 *     key_file: metrics.key
 *     client_ca_file: ca.crt          # optional: client certificates …
 *     client_auth_type: RequireAndVerifyClientCert   # … required (or VerifyClientCertIfGiven)
 *   basic_auth_users:
 *     prometheus: $2y$10$…            # bcrypt hash (htpasswd -nBC 10 "" | tr -d ':')
 *
 * Passwords are bcrypt hashes only: the file never holds a password in the clear.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { readSecret } from '../security/credentials.js';
import { formatPath, mappingAt, parseYamlLocated } from '../yaml/located.js';

export interface MetricsWebConfig {
  tls: {
    cert: Buffer;
    key: Buffer;
    /** CA for client certificates, and whether a client must present one */
    clientCa?: Buffer;
    requireClientCert: boolean;
  } | null;
  /** user → bcrypt hash; empty: no basic auth */
  users: Map<string, string>;
}

const CLIENT_AUTH_TYPES = ['NoClientCert', 'RequireAndVerifyClientCert', 'VerifyClientCertIfGiven'];
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** Reads and checks a web-config file; errors name the flag, the line and the field. */
export function readMetricsWebConfig(flag: string, file: string): MetricsWebConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(flag, `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const doc = parseYamlLocated(text, file);
  const fail = (path: (string | number)[], detail: string): never => {
    throw new InputError(`${flag}: ${doc.where(path)}: ${formatPath(path)}`, detail);
  };
  const top = mappingAt(doc.value ?? {}, [], fail, ['tls_server_config', 'basic_auth_users', 'http_server_config']);
  const here = (p: string) => (isAbsolute(p) ? p : join(dirname(file), p));
  let tls: MetricsWebConfig['tls'] = null;
  if (top.tls_server_config !== undefined) {
    const t = mappingAt(top.tls_server_config, ['tls_server_config'], fail, [
      'cert_file',
      'key_file',
      'client_ca_file',
      'client_auth_type',
      'min_version',
    ]);
    const path = (key: string) => {
      const v = t[key];
      if (typeof v !== 'string' || v === '') fail(['tls_server_config', key], 'must be the path of a PEM file');
      return here(v as string);
    };
    const auth =
      (t.client_auth_type as string | undefined) ?? (t.client_ca_file ? 'RequireAndVerifyClientCert' : 'NoClientCert');
    if (!CLIENT_AUTH_TYPES.includes(auth))
      fail(['tls_server_config', 'client_auth_type'], `must be one of ${CLIENT_AUTH_TYPES.join(', ')}`);
    if (auth !== 'NoClientCert' && t.client_ca_file === undefined)
      fail(['tls_server_config', 'client_ca_file'], `is needed with client_auth_type ${auth}`);
    tls = {
      cert: readSecret(flag, path('cert_file')),
      key: readSecret(flag, path('key_file')),
      clientCa: t.client_ca_file === undefined ? undefined : readSecret(flag, path('client_ca_file')),
      requireClientCert: auth === 'RequireAndVerifyClientCert',
    };
  }
  const users = new Map<string, string>();
  if (top.basic_auth_users !== undefined) {
    const u = mappingAt(top.basic_auth_users, ['basic_auth_users'], fail);
    for (const [name, hash] of Object.entries(u)) {
      if (typeof hash !== 'string' || !BCRYPT.test(hash))
        fail(['basic_auth_users', name], 'must be a bcrypt hash ($2y$…, e.g. from htpasswd -nBC 10), not a password');
      users.set(name, hash as string);
    }
  }
  return { tls, users };
}
