/**
 * NATS durability, for real: a three-server JetStream cluster on loopback, a coordinator and two
 * agents with `--nats-replicas 3`. The work queue and both object stores get three replicas and
 * their size bounds; one server (the work queue's leader) is killed mid-sweep and the sweep ends
 * with the uninterrupted run's numbers; checkpoints are deleted as tasks are stored. On a single
 * server, replicas it cannot hold and a bound it cannot reserve are refused, saying which flag.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_BUCKET } from '@ionsweep/node-agent';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { freePort, removeStore, startNatsCluster, startNatsServer, type NatsCluster } from '../helpers/nats.js';
import { tinySweep } from '../helpers/sweeps.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A listing of a replicated store, asked again after a timeout: the client lists through an
 * ephemeral consumer, which JetStream may place on the server that is down (the product's
 * reads use direct gets instead: storage.ts readObject).
 */
async function untilAnswered<T>(read: () => Promise<T>, attempts = 6): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await read();
    } catch (err) {
      if (k >= attempts) throw err;
    }
  }
}

/** One composition at 2500 K, 4 replicas with 10 ps production: tasks of a few seconds. */
const sweepFile = () =>
  tinySweep('replicated', {
    'm: [2.0, 4.0]': 'm: [2.0]',
    'production_ps: 2': 'production_ps: 10',
    'temperatures: [2000, 2500]': 'temperatures: [2500]',
    'replicas: 2': 'replicas: 4',
    'seed: 1': 'seed: 21',
  });

describe('NATS durability: a 3-server JetStream cluster with --nats-replicas 3', () => {
  let cluster: NatsCluster;
  let coordinator: CliProcess;
  const agents: CliProcess[] = [];
  let address: string;
  const storage = ['--nats-replicas', '3', '--checkpoint-store-bytes', '256MiB', '--artifact-store-bytes', '512MiB'];

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    address = `127.0.0.1:${await freePort()}`;
    coordinator = startCli(['coordinator', '--listen', address, '--data', tmp('ionsweep-ncluster-'),
      '--nats', cluster.urls, '--ack-wait', '5', ...storage]); // prettier-ignore
    await coordinator.waitFor(/listening/, 60_000);
    for (const id of ['r1', 'r2']) {
      const a = startCli(['agent', '--coordinator', address, '--nats', cluster.urls, '--workers', '1', '--id', id,
        ...storage]); // prettier-ignore
      agents.push(a);
      await a.waitFor(/workers, coordinator/, 60_000);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop('SIGKILL')));
    await coordinator?.stop();
    await cluster?.stop();
  });

  it('keeps three replicas of the queue and stores; a sweep survives losing the queue’s leader', async () => {
    const file = sweepFile();
    const reference = tmp('ionsweep-ncluster-ref-');
    expect(runCli(['run', file, '--out', reference], { timeoutMs: 180_000 }).code).toBe(0);

    const nc = await connect({ servers: cluster.urls.split(',') });
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('IONSWEEP_TASKS');
    expect(info.config.num_replicas).toBe(3);
    for (const [bucket, bytes] of [
      ['ionsweep-checkpoints', 256 * 2 ** 20],
      ['ionsweep-artifacts', 512 * 2 ** 20],
    ] as const) {
      const s = await jsm.streams.info(`OBJ_${bucket}`);
      expect(s.config, bucket).toMatchObject({ num_replicas: 3, max_bytes: bytes });
    }

    const submitted = runCli(['submit', file, '--coordinator', address]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const sweepId = submitted.stdout.trim();
    // mid-sweep: once a task has a checkpoint, kill the server leading the work queue
    const checkpoints = await new Objm(nc).open(CHECKPOINT_BUCKET);
    const deadline = Date.now() + 60_000;
    while ((await checkpoints.list()).length === 0 && Date.now() < deadline) await sleep(100);
    expect((await checkpoints.list()).length).toBeGreaterThan(0);
    const leader = (await jsm.streams.info('IONSWEEP_TASKS')).cluster?.leader;
    const doomed = cluster.servers.find((s) => s.name === leader)!;
    expect(doomed, `leader ${leader}`).toBeDefined();
    doomed.process.kill('SIGKILL');
    await nc.close();

    const done = runCli(['watch', sweepId, '--coordinator', address], { timeoutMs: 240_000 });
    expect(done.code, done.stderr + coordinator.log()).toBe(0);
    expect(done.stdout).toMatch(/done\s+4\/4 done/);
    const results = runCli(['results', sweepId, '--coordinator', address, '--format', 'json']);
    expect(JSON.parse(results.stdout)).toEqual(JSON.parse(readFileSync(join(reference, 'results.json'), 'utf8')));

    // with a server gone, the two left still hold every stream; stored tasks left no checkpoints
    const survivor = cluster.servers.find((s) => s !== doomed)!;
    const nc2 = await connect({ servers: survivor.url });
    const left = await new Objm(nc2).open(CHECKPOINT_BUCKET);
    expect(await untilAnswered(() => left.list())).toEqual([]);
    const files = runCli([
      'results',
      sweepId,
      '--coordinator',
      address,
      '--artifacts',
      tmp('ionsweep-ncluster-files-'),
    ]);
    expect(files.code, files.stderr).toBe(0);
    expect(files.stderr).toMatch(/wrote 16 files .* of 4 tasks/);
    await nc2.close();
  }, 420_000);
});

describe('JetStream storage settings on a single server', () => {
  it('refuses replicas the server cannot hold and a bound it cannot reserve, naming the flag', async () => {
    const nats = await startNatsServer();
    try {
      const address = `127.0.0.1:${await freePort()}`;
      const data = tmp('ionsweep-nstore-');
      const run = (...flags: string[]) =>
        runCli(['coordinator', '--listen', address, '--data', data, '--nats', nats.url, '--nats-wait', '0', ...flags], {
          timeoutMs: 30_000,
        });
      const three = run('--nats-replicas', '3');
      expect(three.code).not.toBe(0);
      expect(three.stderr).toMatch(
        /the work queue IONSWEEP_TASKS: the NATS servers cannot hold the replicas asked for/,
      );
      expect(three.stderr).toContain('lower --nats-replicas');
      const huge = run('--artifact-store-bytes', '1000TiB');
      expect(huge.code).not.toBe(0);
      expect(huge.stderr).toMatch(
        /nats-server cannot reserve 1024000 GiB for the object store ionsweep-artifacts .*: lower --artifact-store-bytes/,
      );
      const two = run('--nats-replicas', '2');
      expect(two.code).toBe(2);
      expect(two.stderr).toMatch(/--nats-replicas: use 1 or an odd count/);
      const bad = run('--checkpoint-store-bytes', 'lots');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--checkpoint-store-bytes: must be a size of at least 1048576 bytes, e\.g\. 512MiB/);
    } finally {
      await nats.stop();
      removeStore(nats.storeDir);
    }
  }, 90_000);
});
