/** `ionsweep coordinator`: the coordinator process (SweepService over gRPC, store, execution). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, parseNumber } from '@ionsweep/shared';
import { Coordinator } from '../../service/coordinator.js';
import { startSweepServer } from '../../grpc/server.js';

interface CoordinatorOptions {
  listen: string;
  data: string;
  threads?: string;
  insecure?: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

export function registerCoordinator(program: Command): void {
  program
    .command('coordinator')
    .summary('run the coordinator: SweepService over gRPC, durable store, task execution')
    .option('--listen <host:port>', 'address to serve gRPC on (loopback unless --insecure)', '127.0.0.1:50051')
    .requiredOption('--data <dir>', 'data directory: ionsweep.db, checkpoints/, sweeps/<id>/')
    .option('--threads <n>', 'worker threads for task execution (default: each sweep’s, at most the cores)')
    .option('--insecure', 'allow a non-loopback listen address without TLS (TLS and tokens are not built yet)')
    .addHelpText('after', '\nThis version executes tasks on this machine; node agents over NATS JetStream come next.')
    .action((o: CoordinatorOptions) => runCoordinator(o));
}

async function runCoordinator(o: CoordinatorOptions): Promise<void> {
  const host = o.listen.replace(/:\d+$/, '');
  if (!/:\d+$/.test(o.listen)) throw new InputError('--listen', `expected HOST:PORT, got '${o.listen}'`);
  if (!LOOPBACK.test(host) && !o.insecure) {
    throw new InputError('--listen', `${host} is not a loopback address; serving it without TLS needs --insecure`);
  }
  const threads = o.threads === undefined ? undefined : parseNumber('--threads', o.threads);
  const coordinator = new Coordinator({ dataDir: resolve(o.data), threads });
  const { server, port } = await startSweepServer(coordinator, o.listen);
  process.stderr.write(`coordinator listening on ${host}:${port}, data in ${resolve(o.data)}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.stderr.write('coordinator stopping\n');
      server.tryShutdown(() => void coordinator.close().then(done));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
