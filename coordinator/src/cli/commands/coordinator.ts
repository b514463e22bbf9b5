/**
 * `ionsweep coordinator`: the coordinator process: SweepService and AgentService over gRPC, the
 * durable store, and task execution — on node agents through NATS JetStream (`--nats`), or on
 * this machine's worker pool without it.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { writableDir } from '../inputs.js';
import { natsStorageFrom, withNatsStorage, type NatsStorageFlags } from '../nats-storage-options.js';
import { errorMessage, InputError, parseNumber } from '@ionsweep/shared';
import { createMetricsRegistry, ServerSecrets } from '@ionsweep/shared/net';
import {
  artifactBucket,
  connectNats,
  DEFAULT_TASK_QUEUE,
  readObjectStoreArtifacts,
  redactUrl,
  watchNatsUp,
  type JetStreamStorage,
} from '@ionsweep/node-agent';
import {
  LOOPBACK,
  natsAuthFrom,
  natsWaitFrom,
  reloadNats,
  serverSecurityFrom,
  startMetrics,
  withMetrics,
  withNatsAuth,
  withServerSecurity,
  type MetricsFlags,
  type NatsFlags,
  type ServerSecurityFlags,
} from '../security-options.js';
import { JetStreamDispatcher } from '../../dispatch/jetstream-dispatcher.js';
import { claimNats, type NatsClaim } from '../../dispatch/nats-claim.js';
import type { NatsConnection } from '@nats-io/nats-core';
import type * as grpc from '@grpc/grpc-js';
import { Coordinator } from '../../service/coordinator.js';
import { startCoordinatorServer } from '../../grpc/server.js';

interface CoordinatorOptions extends ServerSecurityFlags, MetricsFlags, NatsFlags, NatsStorageFlags {
  listen: string;
  data: string;
  threads?: string;
  nats?: string;
  insecure?: boolean;
  ackWait: string;
}

export function registerCoordinator(program: Command): void {
  const cmd = program
    .command('coordinator')
    .summary('run the coordinator: SweepService over gRPC, durable store, task execution')
    .option('--listen <host:port>', 'address to serve gRPC on (loopback unless --insecure)', '127.0.0.1:50051')
    .requiredOption('--data <dir>', 'data directory: ionsweep.db, checkpoints/, sweeps/<id>/')
    .option(
      '--nats <url>',
      'NATS server with JetStream (nats://HOST:PORT, or a cluster’s, comma-separated): tasks go to node agents through it',
    )
    .option(
      '--ack-wait <seconds>',
      'with --nats, when the queue is first created: a task whose agent sends no heartbeat for this long goes to another agent',
      '60',
    )
    .option(
      '--threads <n>',
      'without --nats: worker threads on this machine (default: each sweep’s, at most the cores)',
    )
    .option('--insecure', 'allow a non-loopback listen address without TLS and a token')
    .addHelpText(
      'after',
      `
With --nats, pending tasks go to the JetStream work queue and node agents (ionsweep agent) run
them; without it, the coordinator runs them on this machine. Sweeps that were running when the
coordinator stopped continue when it starts again with the same --data.

Security: gRPC serves TLS with --tls-cert/--tls-key, and with --token-file every call must carry
that bearer token (clients and agents: --token-file, plus --tls-ca to check the certificate).
A listen address other than loopback needs both, or --insecure. The token file may hold several
tokens, one per line, all accepted. SIGHUP re-reads the token, certificate, key and CA files
without a restart (rotation: add the new token line, SIGHUP, move the clients, drop the old
line, SIGHUP), and the NATS secret files (then reconnects) and the metrics web config; a bad
file is reported and the previous secrets stay. Flags can also come from the
environment: IONSWEEP_TLS_CERT, IONSWEEP_TLS_KEY, IONSWEEP_TLS_CA, IONSWEEP_TOKEN_FILE,
IONSWEEP_NATS_TOKEN_FILE, IONSWEEP_NATS_NKEY_FILE, IONSWEEP_NATS_CREDS, IONSWEEP_NATS_TLS_CA,
IONSWEEP_NATS_TLS_CERT, IONSWEEP_NATS_TLS_KEY, IONSWEEP_METRICS_PORT, IONSWEEP_METRICS_HOST,
IONSWEEP_METRICS_WEB_CONFIG. Metrics listen on loopback unless --metrics-host says otherwise;
--metrics-web-config adds TLS and basic auth (reloaded on SIGHUP too).`,
    );
  withNatsStorage(withMetrics(withNatsAuth(withServerSecurity(cmd)))).action((o: CoordinatorOptions) =>
    runCoordinator(o),
  );
}

async function runCoordinator(o: CoordinatorOptions): Promise<void> {
  const host = o.listen.replace(/:\d+$/, '');
  if (!/:\d+$/.test(o.listen)) throw new InputError('--listen', `expected HOST:PORT, got '${o.listen}'`);
  const secrets = new ServerSecrets(serverSecurityFrom(o));
  if (!LOOPBACK.test(host) && !(secrets.tls && secrets.tokenCount > 0) && !o.insecure) {
    throw new InputError(
      '--listen',
      `${host} is not a loopback address; serving it needs TLS (--tls-cert, --tls-key) and a token (--token-file), or --insecure`,
    );
  }
  const threads = o.threads === undefined ? undefined : parseNumber('--threads', o.threads);
  const storage = natsStorageFrom(o);
  const ackWait = parseNumber('--ack-wait', o.ackWait);
  if (!(ackWait >= 1 && ackWait <= 86400))
    throw new InputError('--ack-wait', `must be in 1..86400 seconds, got ${o.ackWait}`);
  const nc = o.nats
    ? await connectNats(o.nats, 'ionsweep-coordinator', natsAuthFrom(o), natsWaitFrom(o, 'coordinator'))
    : null;
  const js = nc ? await jetStreamSetup(nc, ackWait, storage) : null;
  const dispatcher = js?.dispatcher;
  const registry = o.metricsPort === undefined ? undefined : createMetricsRegistry();
  // served first, so that a bad web config stops the command before it serves anything else
  let serving = false;
  const natsUp = nc ? watchNatsUp(nc) : () => true;
  const metrics = await startMetrics(o, registry, 'coordinator', () =>
    !serving ? 'not serving gRPC (starting or stopping)' : !natsUp() ? 'NATS is unreachable' : null,
  );
  const artifactStore = js?.artifacts;
  const coordinator = new Coordinator({
    dataDir: writableDir('--data', resolve(o.data)),
    threads,
    dispatcher,
    registry,
    ...(nc && artifactStore ? { artifacts: (id: string) => readObjectStoreArtifacts(nc, artifactStore, id) } : {}),
  });
  const { server, port, shutdown } = await startCoordinatorServer(coordinator, o.listen, secrets);
  const claim = nc ? await claimOrClose(nc, o.nats!, `${host}:${port}`, coordinator, server) : null;
  if (claim?.previous)
    process.stderr.write(
      `coordinator: took over NATS from the coordinator of store ${claim.previous.storeId} (last seen ${claim.previous.secondsAgo} s ago)\n`,
    );
  process.stderr.write(
    `coordinator listening on ${host}:${port}, data in ${resolve(o.data)}, ` +
      (nc ? `tasks to agents through ${redactUrl(o.nats!)}` : 'tasks run on this machine') +
      `, ${secrets.tls ? 'TLS' : 'no TLS'}${secrets.mutualTls ? ' with client certificates' : ''}, ${secrets.tokenCount > 0 ? 'token required' : 'no token'}\n`,
  );
  await coordinator.resume();
  serving = true;
  await new Promise<void>((done) => {
    const stop = () => {
      process.stderr.write('coordinator stopping\n');
      serving = false;
      void shutdown()
        .then(() => coordinator.close())
        .then(() => metrics?.server.close())
        .then(() => claim?.release())
        .then(() => nc?.drain())
        .then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.on('SIGHUP', () => {
      reloadSecrets(secrets, o);
      metrics?.reload();
      reloadNats(nc, o, 'coordinator');
    });
  });
}

/** The NATS claim, or an error after closing what is open (an open NATS connection keeps the process alive). */
/**
 * The work queue and the object store of tasks' files (agents leave them there; the coordinator
 * serves them), with the storage settings; the connection is closed if they cannot be had, so
 * that the command ends with its error.
 */
async function jetStreamSetup(nc: NatsConnection, ackWaitSeconds: number, storage: JetStreamStorage) {
  try {
    return {
      dispatcher: await JetStreamDispatcher.create(nc, {
        ...DEFAULT_TASK_QUEUE,
        ackWaitMs: ackWaitSeconds * 1000,
        replicas: storage.replicas,
      }),
      artifacts: await artifactBucket(nc, storage),
    };
  } catch (err) {
    await nc.close();
    throw err;
  }
}

async function claimOrClose(
  nc: NatsConnection,
  url: string,
  listen: string,
  coordinator: Coordinator,
  server: grpc.Server,
): Promise<NatsClaim> {
  try {
    return await claimNats(nc, url, coordinator.store.storeId, listen);
  } catch (err) {
    server.forceShutdown();
    await coordinator.close();
    await nc.close();
    throw err;
  }
}

/** SIGHUP: the token, certificate, key and client-CA files again; a bad file keeps the old ones. */
function reloadSecrets(secrets: ServerSecrets, o: CoordinatorOptions): void {
  try {
    secrets.replace(serverSecurityFrom(o));
    process.stderr.write(
      `coordinator: secrets reloaded (${secrets.tls ? 'TLS certificate, ' : ''}${secrets.tokenCount} accepted token(s))\n`,
    );
  } catch (err) {
    process.stderr.write(
      `coordinator: secrets NOT reloaded, still serving with the previous ones: ${errorMessage(err)}\n`,
    );
  }
}
