/** A real nats-server with JetStream for tests: free port, temporary store, stopped after use. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { nkeyAuthenticator, nkeys, type ConnectionOptions } from '@nats-io/nats-core';
import { jetstreamManager } from '@nats-io/jetstream';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface NatsServer {
  url: string;
  storeDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** What clients must present: an auth token, or the user NKEY of this seed (the server gets its public key). */
export interface NatsServerAuth {
  token?: string;
  nkeySeed?: Uint8Array;
  /** more server configuration (a tls block, operator mode with a memory resolver, …) */
  conf?: string;
  /** how the readiness probe connects to such a server (its URL scheme, TLS files, authenticator) */
  probe?: Pick<ConnectionOptions, 'tls' | 'authenticator'> & { scheme?: 'nats' | 'tls' };
}

export async function startNatsServer(
  storeDir = mkdtempSync(join(tmpdir(), 'ionsweep-nats-')),
  port?: number,
  auth: NatsServerAuth = {},
): Promise<NatsServer> {
  const p = port ?? (await freePort());
  const args = ['-js', '-a', '127.0.0.1', '-p', String(p), '-sd', storeDir];
  if (auth.token) args.push('--auth', auth.token);
  if (auth.nkeySeed || auth.conf) {
    // NKEY users, TLS and operator mode exist only in a config file
    const conf = join(mkdtempSync(join(tmpdir(), 'ionsweep-nats-conf-')), 'nats.conf');
    const users = auth.nkeySeed
      ? `authorization { users = [ { nkey: "${nkeys.fromSeed(auth.nkeySeed).getPublicKey()}" } ] }\n`
      : '';
    writeFileSync(conf, users + (auth.conf ?? ''));
    args.push('-c', conf);
  }
  // a name of its own: the server that answers on the port must be this one, not another test's
  // that took the port while this one failed to bind it
  const name = `ionsweep-test-${process.pid}-${p}-${Math.random().toString(36).slice(2, 8)}`;
  args.push('-n', name);
  const proc = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `${auth.probe?.scheme ?? 'nats'}://127.0.0.1:${p}`;
  const authenticator = auth.probe?.authenticator ?? (auth.nkeySeed ? nkeyAuthenticator(auth.nkeySeed) : undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`nats-server exited (${proc.exitCode}) on ${url}: ${stderr}`);
    try {
      const nc = await connect({
        servers: url,
        reconnect: false,
        token: auth.token,
        authenticator,
        tls: auth.probe?.tls,
      });
      const answering = nc.info?.server_name;
      await nc.close();
      if (answering !== name) throw new Error(`another nats-server (${answering}) answers on ${url}`);
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`nats-server did not start on ${url}: ${stderr}`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    storeDir,
    process: proc,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
    },
  };
}

export function removeStore(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface NatsCluster {
  servers: (NatsServer & { name: string })[];
  /** every client URL, comma-separated (what --nats takes) */
  urls: string;
  stop(): Promise<void>;
}

/**
 * A JetStream cluster of `size` nats-servers on loopback (routes between all of them), ready when
 * its meta leader answers JetStream requests.
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const ports = await Promise.all(Array.from({ length: 2 * size }, () => freePort()));
  const clusterName = `ionsweep-${process.pid}-${ports[0]}`;
  const routes = ports.slice(size).map((p) => `nats://127.0.0.1:${p}`);
  const servers: NatsCluster['servers'] = [];
  for (let k = 0; k < size; k++) {
    const name = `${clusterName}-n${k}`;
    const storeDir = mkdtempSync(join(tmpdir(), 'ionsweep-nats-cluster-'));
    const args = ['-js', '-a', '127.0.0.1', '-p', String(ports[k]), '-sd', storeDir, '-n', name];
    args.push('--cluster_name', clusterName, '--cluster', routes[k], '--routes', routes.join(','));
    const proc = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', () => {});
    servers.push({
      name,
      url: `nats://127.0.0.1:${ports[k]}`,
      storeDir,
      process: proc,
      async stop() {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill('SIGTERM');
          await new Promise((r) => proc.once('exit', r));
        }
      },
    });
  }
  const urls = servers.map((s) => s.url).join(',');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const nc = await connect({ servers: urls.split(','), reconnect: false });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.getAccountInfo();
        break;
      } finally {
        await nc.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        await Promise.all(servers.map((s) => s.stop()));
        throw new Error(`the NATS cluster did not form a JetStream meta leader in 30 s`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    servers,
    urls,
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
      for (const s of servers) removeStore(s.storeDir);
    },
  };
}
