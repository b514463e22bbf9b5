/** `ionsweep agent`: a node agent that runs tasks from the JetStream work queue. */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { errorMessage, InputError, parseIntegerIn, parseNumber } from '@ionsweep/shared';
import { clientSecurity, createMetricsRegistry, loadContract } from '@ionsweep/shared/net';
import { connectNats, MAX_KERNEL_THREADS, NodeAgent, redactUrl, watchNatsUp } from '@ionsweep/node-agent';
import {
  clientSecurityFrom,
  natsAuthFrom,
  natsWaitFrom,
  reloadNats,
  startMetrics,
  withClientSecurity,
  withMetrics,
  withNatsAuth,
  type ClientSecurityFlags,
  type MetricsFlags,
  type NatsFlags,
} from '../security-options.js';
import { natsStorageFrom, withNatsStorage, type NatsStorageFlags } from '../nats-storage-options.js';

interface AgentCliOptions extends ClientSecurityFlags, MetricsFlags, NatsFlags, NatsStorageFlags {
  coordinator: string;
  nats: string;
  workers?: string;
  threadsPerTask: string;
  id?: string;
  exitWhenIdle?: string;
}

export function registerAgent(program: Command): void {
  const cmd = program
    .command('agent')
    .summary('run a node agent: take tasks from NATS JetStream, run them, report to the coordinator')
    .requiredOption('--coordinator <host:port>', 'the coordinator’s gRPC address')
    .requiredOption(
      '--nats <url>',
      'the NATS server with JetStream (nats://HOST:PORT), or a cluster’s, comma-separated',
    )
    .option('--workers <n>', 'MD worker threads, one task each (default: the cores / --threads-per-task)')
    .option('--threads-per-task <n>', 'threads inside each task’s simulation (pair forces)', '1')
    .option('--id <name>', 'agent id in logs and status (default: HOST-PID)')
    .option(
      '--exit-when-idle <seconds>',
      'stop cleanly after this long with no task running (a batch job that should not hold its nodes)',
    )
    .addHelpText(
      'after',
      `
Each worker pulls one task at a time from the durable queue, keeps it alive with heartbeats while
it runs, checkpoints to the JetStream object store (a task redelivered after a crash resumes on
any agent), and acknowledges it only after the coordinator has stored its result.
SIGINT/SIGTERM: stop pulling, let running tasks reach a checkpoint (at most 10 s), hand them back.
SIGHUP: read --token-file again (calls from then on send its last line: token rotation), the
NATS secret files (then reconnect with them) and the metrics web config.
Security flags can also come from the environment (IONSWEEP_TOKEN_FILE, IONSWEEP_TLS_CA,
IONSWEEP_TLS_CLIENT_CERT, IONSWEEP_TLS_CLIENT_KEY, IONSWEEP_NATS_TOKEN_FILE,
IONSWEEP_NATS_NKEY_FILE, IONSWEEP_NATS_CREDS, IONSWEEP_NATS_TLS_CA,
IONSWEEP_NATS_TLS_CERT, IONSWEEP_NATS_TLS_KEY, IONSWEEP_METRICS_PORT, IONSWEEP_METRICS_HOST, IONSWEEP_METRICS_WEB_CONFIG).
Metrics listen on loopback unless --metrics-host says otherwise; --metrics-web-config adds TLS and
basic auth (reloaded on SIGHUP too).`,
    );
  withNatsStorage(withMetrics(withNatsAuth(withClientSecurity(cmd)))).action((o: AgentCliOptions) => runAgent(o));
}

async function runAgent(o: AgentCliOptions): Promise<void> {
  if (!/^[^:\s]+:\d+$/.test(o.coordinator))
    throw new InputError('--coordinator', `expected HOST:PORT, got '${o.coordinator}'`);
  const threadsPerTask = parseIntegerIn('--threads-per-task', o.threadsPerTask, 1, MAX_KERNEL_THREADS);
  const workers =
    o.workers === undefined
      ? Math.max(1, Math.floor(availableParallelism() / threadsPerTask))
      : parseIntegerIn('--workers', o.workers, 1, 1024);
  const idleSeconds = o.exitWhenIdle === undefined ? 0 : parseNumber('--exit-when-idle', o.exitWhenIdle);
  if (!(idleSeconds >= 0 && idleSeconds <= 86400 * 30))
    throw new InputError('--exit-when-idle', `must be 0..2592000 seconds, got ${o.exitWhenIdle}`);
  const security = clientSecurity(clientSecurityFrom(o));
  const storage = natsStorageFrom(o);
  const nc = await connectNats(
    o.nats,
    `ionsweep-agent ${o.id ?? ''}`.trim(),
    natsAuthFrom(o),
    natsWaitFrom(o, 'agent'),
  );
  const client = new (loadContract().ionsweep.v1.AgentService)(o.coordinator, security.credentials, {
    ...security.options,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  const registry = o.metricsPort === undefined ? undefined : createMetricsRegistry();
  let stopping = false;
  const natsUp = watchNatsUp(nc);
  const metrics = await startMetrics(o, registry, 'agent', () =>
    stopping ? 'stopping' : !natsUp() ? 'NATS is unreachable' : null,
  );
  const agent = new NodeAgent({ client, nc, workers, threadsPerTask, agentId: o.id, registry, storage });
  try {
    await agent.start();
  } catch (err) {
    // the queue or a store could not be had: end with the error, not with an open connection
    await metrics?.server.close();
    await nc.close();
    throw err;
  }
  process.stderr.write(
    `agent ${agent.agentId}: ${workers} workers, coordinator ${o.coordinator}, NATS ${redactUrl(o.nats)}${threadsPerTask > 1 ? `, ${threadsPerTask} threads per task` : ''}\n`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`agent ${agent.agentId} stopping\n`);
      void agent
        .stop()
        .then(() => metrics?.server.close())
        .then(() => nc.drain())
        .then(() => {
          client.close();
          done();
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (idleSeconds > 0) exitWhenIdle(agent, idleSeconds, stop);
    process.on('SIGHUP', () => {
      try {
        security.setToken(clientSecurityFrom(o).token);
        process.stderr.write(`agent ${agent.agentId}: token reloaded\n`);
      } catch (err) {
        process.stderr.write(
          `agent ${agent.agentId}: token NOT reloaded, keeping the previous one: ${errorMessage(err)}\n`,
        );
      }
      metrics?.reload();
      reloadNats(nc, o, `agent ${agent.agentId}`);
    });
  });
}

/** Stops the agent once none of its workers has had a task for `seconds` (checked every second). */
function exitWhenIdle(agent: NodeAgent, seconds: number, stop: () => void): void {
  let lastBusy = Date.now();
  const timer = setInterval(() => {
    if (agent.busy > 0) lastBusy = Date.now();
    else if (Date.now() - lastBusy >= seconds * 1000) {
      clearInterval(timer);
      process.stderr.write(`agent ${agent.agentId}: idle for ${seconds} s, exiting (--exit-when-idle)\n`);
      stop();
    }
  }, 1000);
  timer.unref();
}
