/** Test certificates made with openssl: a CA and certificates it signed, in a directory. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with openssl. */
export function makeCertificates(dir: string) {
  mkdirSync(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=ionsweep test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  /** a key and a certificate signed by the CA, named `name`.key / `name`.pem */
  const issue = (name: string, subject: string, extensions: string[] = []) => {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
    );
    ssl(
      ...['x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial'],
      ...['-days', '2', ...extensions, '-out', f(`${name}.pem`)],
    );
  };
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  issue('server', '/CN=127.0.0.1', ['-extfile', f('san.ext')]);
  issue('client', '/CN=agent');
  return {
    ca: f('ca.pem'),
    cert: f('server.pem'),
    key: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
}
