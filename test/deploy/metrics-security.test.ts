/**
 * The metrics port, secure by default: loopback unless told otherwise, and with a web-config file
 * (the exporter-toolkit format) TLS and basic auth that a real Prometheus (Debian's) scrapes with
 * its own tls_config and basic_auth. Certificates are made with openssl (helpers/certificates.ts); the coordinator and
 * the agent are real processes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { freePort } from '../helpers/nats.js';
import { startPrometheus, type Prometheus } from '../helpers/prometheus.js';
import { makeCertificates } from '../helpers/certificates.js';

const dir = mkdtempSync(join(tmpdir(), 'ionsweep-metrics-tls-'));
function webConfig(users: Record<string, string>): string {
  const file = join(dir, 'web.yml');
  // paths relative to the web config, as the exporter-toolkit format has them (makeCertificates' names)
  const lines = ['tls_server_config:', '  cert_file: server.pem', '  key_file: server.key', 'basic_auth_users:'];
  for (const [user, password] of Object.entries(users)) lines.push(`  ${user}: '${bcrypt.hashSync(password, 8)}'`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** GET /metrics over TLS trusting our CA; the status code (or the error's code). */
function get(port: number, auth?: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/metrics',
        ca: readFileSync(join(dir, 'ca.pem')),
        headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {},
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? 'error'));
    req.end();
  });
}

/** Whether something accepts a TCP connection at host:port. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port, timeout: 2000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

describe('the metrics port', () => {
  const running: CliProcess[] = [];
  let prom: Prometheus | null = null;
  afterAll(async () => {
    prom?.stop();
    await Promise.all(running.map((p) => p.stop()));
  });

  it('listens on loopback by default, and only where --metrics-host says otherwise', async () => {
    const port = await freePort();
    const c = startCli(['coordinator', '--listen', '127.0.0.1:0', '--data', join(dir, 'd1'), '--metrics-port', String(port)]); // prettier-ignore
    running.push(c);
    await c.waitFor(/metrics on http:\/\/127\.0\.0\.1:\d+\/metrics \(no TLS, no auth\)/);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    // an address of this machine that is not loopback, when it has one: nothing listens there
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (external) expect(await reachable(external, port)).toBe(false);
    const all = await freePort();
    const open = startCli(['coordinator', '--listen', '127.0.0.1:0', '--data', join(dir, 'd2'), '--metrics-port', String(all), '--metrics-host', '0.0.0.0']); // prettier-ignore
    running.push(open);
    await open.waitFor(/warning: metrics on 0\.0\.0\.0 without TLS or auth/);
    if (external) expect(await reachable(external, all)).toBe(true);
  });

  it('serves TLS with basic auth from a web-config file; Prometheus scrapes it with its own tls_config and basic_auth', async () => {
    makeCertificates(dir);
    const config = webConfig({ prometheus: 'scrape-me' });
    const port = await freePort();
    const c = startCli(['coordinator', '--listen', '127.0.0.1:0', '--data', join(dir, 'd3'), '--metrics-port', String(port), '--metrics-web-config', config]); // prettier-ignore
    running.push(c);
    await c.waitFor(/metrics on https:\/\/127\.0\.0\.1:\d+\/metrics \(TLS, basic auth\)/);
    expect(await get(port)).toBe(401);
    expect(await get(port, 'prometheus:wrong')).toBe(401);
    expect(await get(port, 'prometheus:scrape-me')).toBe(200);
    writeFileSync(join(dir, 'password'), 'scrape-me');
    writeFileSync(join(dir, 'wrong'), 'guess');
    const job = (name: string, passwordFile: string) =>
      `{ job_name: ${name}, scheme: https, tls_config: { ca_file: '${join(dir, 'ca.pem')}' }, ` +
      `basic_auth: { username: prometheus, password_file: '${join(dir, passwordFile)}' }, ` +
      `static_configs: [{ targets: ['127.0.0.1:${port}'] }] }`;
    prom = await startPrometheus({ coordinator: [], agent: [], extraJobs: [job('tls-ok', 'password'), job('tls-wrong', 'wrong')] }); // prettier-ignore
    const up = async (jobName: string) => {
      for (let k = 0; k < 100; k++) {
        const r = await prom!.query(`up{job="${jobName}"}`);
        if (r.data.result.length > 0) return r.data.result[0].value[1];
        await new Promise((res) => setTimeout(res, 200));
      }
      return 'no sample';
    };
    expect(await up('tls-ok')).toBe('1');
    expect(await up('tls-wrong')).toBe('0');
    const scraped = await prom.query('process_resident_memory_bytes{job="tls-ok"}');
    expect(Number(scraped.data.result[0]?.value[1])).toBeGreaterThan(1e6);

    // a new user, on SIGHUP, without a restart; the old one is gone
    webConfig({ grafana: 'new-secret' });
    c.proc.kill('SIGHUP');
    await c.waitFor(/metrics web config reloaded/);
    expect(await get(port, 'grafana:new-secret')).toBe(200);
    expect(await get(port, 'prometheus:scrape-me')).toBe(401);
  }, 90_000);

  it.each([
    [
      'a password in the clear',
      'basic_auth_users:\n  prometheus: hunter2\n',
      /basic_auth_users\.prometheus: must be a bcrypt hash/,
    ],
    ['an unknown key', 'tls_server_config:\n  cert: x.crt\n', /tls_server_config\.cert: unknown key/],
    [
      'a missing certificate',
      'tls_server_config:\n  cert_file: nope.crt\n  key_file: nope.key\n',
      /cannot read .*nope\.crt/,
    ],
  ])('refuses a web config with %s, naming the field, before serving', (_, text, re) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ionsweep-web-')), 'web.yml');
    writeFileSync(file, text);
    const r = runCli(['coordinator', '--listen', '127.0.0.1:0', '--data', join(dir, 'd4'), '--metrics-port', '0', '--metrics-web-config', file]); // prettier-ignore
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ionsweep: --metrics-web-config: /);
    expect(r.stderr).toMatch(re);
  });
});
