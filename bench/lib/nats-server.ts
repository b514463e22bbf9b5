/** A real nats-server with JetStream for tests: free port, temporary store, stopped after use. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';

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

export async function startNatsServer(
  storeDir = mkdtempSync(join(tmpdir(), 'ionsweep-nats-')),
  port?: number,
  /** clients must present this auth token */
  token?: string,
): Promise<NatsServer> {
  const p = port ?? (await freePort());
  const args = ['-js', '-a', '127.0.0.1', '-p', String(p), '-sd', storeDir, ...(token ? ['--auth', token] : [])];
  const proc = spawn('nats-server', args, { stdio: 'ignore' });
  const url = `nats://127.0.0.1:${p}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const nc = await connect({ servers: url, reconnect: false, token });
      await nc.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`nats-server did not start on ${url}`, { cause: err });
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
