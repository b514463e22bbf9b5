/**
 * The cluster for real: a nats-server with JetStream, a coordinator and two node agents, each
 * its own process on free ports with temporary stores, driven through the CLI as a user would.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueDepth } from '@ionsweep/node-agent';
import { checkpointedTasks, newCheckpoints } from '../helpers/checkpoints.js';
import { runCli, startCli, type CliProcess } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { freePort, removeStore, startNatsServer, type NatsServer } from '../helpers/nats.js';
import { tinySweep } from '../helpers/sweeps.js';
import { queryStore } from '../helpers/store.js';

const TINY = `${ROOT}examples/sweeps/tiny.yaml`;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const filesOf = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
const count = (text: string, re: RegExp) => (text.match(new RegExp(re, 'g')) ?? []).length;

/** Polls `read` until it returns `want` (agents log a task after the coordinator has its result). */
async function settles<T>(read: () => T, want: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (read() !== want && Date.now() < deadline) await sleep(50);
  return read();
}

/** tiny.yaml with 30 ps production at one temperature: 4 tasks of ~5–10 s each on 2 cores. */
function slowSweep(): string {
  return tinySweep('slow', {
    'production_ps: 2': 'production_ps: 30',
    'temperatures: [2000, 2500]': 'temperatures: [2500]',
  });
}

describe('coordinator + 2 agents over NATS JetStream and gRPC (real processes)', () => {
  let nats: NatsServer;
  let nc: NatsConnection;
  let coordinator: CliProcess;
  const agents: CliProcess[] = [];
  let address: string;
  const data = tmp('ionsweep-cluster-');
  const doneLines = () => agents.reduce((n, a) => n + count(a.log(), /task [0-9a-f]+ done/), 0);

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    address = `127.0.0.1:${await freePort()}`;
    coordinator = startCli(['coordinator', '--listen', address, '--data', data, '--nats', nats.url]);
    await coordinator.waitFor(/listening/);
    for (const id of ['a1', 'a2']) {
      const a = startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1', '--id', id]);
      agents.push(a);
    }
    for (const a of agents) await a.waitFor(/workers, coordinator/);
    await coordinator.waitFor(/agent a1 .*registered[\s\S]*agent a2|agent a2 .*registered[\s\S]*agent a1/);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await coordinator?.stop();
    await nc?.close();
    await nats?.stop();
    removeStore(nats.storeDir);
  });

  it('runs a sweep on both agents, stores every result once, and matches embedded mode', async () => {
    // its own seed: no other test in this file may have stored these tasks already
    const sweep = tinySweep('both-agents', { 'seed: 1': 'seed: 3' });
    const embedded = tmp('ionsweep-emb-');
    expect(runCli(['run', sweep, '--out', embedded], { timeoutMs: 120_000 }).code).toBe(0);
    const doneBefore = doneLines();
    const events: { sweep_id: string; status?: { state: string; done: number } }[] = [];
    const sub = nc.subscribe('ionsweep.sweep.*.event', {
      callback: (_err, m) => {
        events.push(m.json());
      },
    });
    await nc.flush(); // the subscription is at the server before the (blocking) submit
    const r = runCli(['submit', sweep, '--coordinator', address, '--wait', '--format', 'json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr + coordinator.log()).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(embedded, 'results.json'), 'utf8')));
    // the sweep's status events went out on NATS too, ending with done
    await nc.flush();
    sub.unsubscribe();
    expect(events.at(-1)?.status).toMatchObject({ state: 'done', done: 8 });
    expect(new Set(events.map((e) => e.sweep_id)).size).toBe(1);
    // every task ran once, on one of the two agents, and both agents worked
    const sweepId = events.at(-1)?.sweep_id ?? '';
    expect(await settles(doneLines, doneBefore + 8)).toBe(doneBefore + 8);
    const taskIds = queryStore<{ id: string }>(
      data,
      `SELECT st.task_id AS id FROM sweep_tasks st JOIN results r ON r.task_id = st.task_id WHERE st.sweep_id = ?`,
      sweepId,
    ).map((row) => row.id);
    expect(new Set(taskIds).size).toBe(8);
    expect(taskIds).toHaveLength(8);
    for (const a of agents) {
      const mine = taskIds.filter((id) => a.log().includes(`task ${id} done`));
      expect(mine.length, `agent log:\n${a.log()}`).toBeGreaterThan(0);
    }
    // the agents left each task's files in the object store; the coordinator serves them, and
    // they are the embedded run's, byte for byte
    const fetched = tmp('ionsweep-fetched-');
    const got = runCli(['results', sweepId, '--coordinator', address, '--artifacts', fetched]);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stderr).toMatch(/wrote 32 files \(\d+\.\d MiB\) of 8 tasks into /);
    expect(readdirSync(fetched).sort()).toEqual([...taskIds].sort());
    for (const id of taskIds) expect(filesOf(join(fetched, id)), id).toEqual(filesOf(join(embedded, 'artifacts', id)));
    const one = runCli([
      'results',
      sweepId,
      '--coordinator',
      address,
      '--artifacts',
      tmp('ionsweep-one-'),
      '--task',
      'nope',
    ]);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain(`task_id: sweep ${sweepId} has no task nope`);
  }, 240_000);

  it('runs an engine: lammps sweep on the agents (each runs lmp) to the numbers embedded mode gets', async () => {
    const sweep = tinySweep('lammps-agents', { 'seed: 1': 'seed: 7', 'threads: 2': 'threads: 2\nengine: lammps' });
    const embedded = tmp('ionsweep-emb-lammps-');
    expect(runCli(['run', sweep, '--out', embedded], { timeoutMs: 120_000 }).code).toBe(0);
    const r = runCli(['submit', sweep, '--coordinator', address, '--wait', '--format', 'json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr + coordinator.log()).toBe(0);
    // serial LAMMPS is deterministic: the same inputs give the same trajectories on either side
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(embedded, 'results.json'), 'utf8')));
  }, 240_000);

  it('grows an adaptive sweep on the agents exactly as embedded mode does', async () => {
    const sweep = tinySweep('adaptive-cluster', {
      'seed: 1': 'seed: 6',
      'replicas: 2': 'replicas: { min: 2, max: 3, target: { quantity: D_Na, rel_ci95: 0.5 } }',
    });
    const embedded = tmp('ionsweep-emb-adaptive-');
    expect(runCli(['run', sweep, '--out', embedded], { timeoutMs: 120_000 }).code).toBe(0);
    const expected = JSON.parse(readFileSync(join(embedded, 'results.json'), 'utf8'));
    expect(expected.points.some((p: { replicas: number }) => p.replicas > 2)).toBe(true);
    const r = runCli(['submit', sweep, '--coordinator', address, '--wait', '--format', 'json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr + coordinator.log()).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  }, 240_000);

  it('refuses a second coordinator (another store) on the same NATS server, saying why', () => {
    const r = runCli(
      ['coordinator', '--listen', '127.0.0.1:0', '--data', tmp('ionsweep-second-'), '--nats', nats.url],
      {
        timeoutMs: 30_000,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^ionsweep: --nats: nats:\/\/127\.0\.0\.1:\d+ already serves the coordinator of store [0-9a-f]+ \(listening on 127\.0\.0\.1:\d+, .+ pid \d+, renewed \d+ s ago\): one coordinator per NATS server/,
    );
  });

  it('runs nothing when the same sweep is submitted again', async () => {
    // stored once (no other test submits tiny.yaml), then submitted again
    const base = doneLines();
    const first = runCli(['submit', TINY, '--coordinator', address, '--wait', '--format', 'json'], {
      timeoutMs: 180_000,
    });
    expect(first.code, first.stderr).toBe(0);
    // the agents log a task after the coordinator has its result: wait for the ones this submission ran
    const [, tasks, reused] = /(\d+) tasks, (\d+) reused/.exec(first.stderr) ?? [];
    await settles(doneLines, base + Number(tasks) - Number(reused));
    const before = doneLines();
    const r = runCli(['submit', TINY, '--coordinator', address, '--wait', '--format', 'json'], { timeoutMs: 60_000 });
    expect(r.stderr).toMatch(/8 tasks, 8 reused/);
    await sleep(1500);
    expect(doneLines()).toBe(before);
    expect(await queueDepth(nc)).toBe(0);
  }, 240_000); // a tiny sweep (allowed 180 s) and its resubmission: not within the 30 s default

  it('cancels queued and running work, and a resubmission resumes it from checkpoints', async () => {
    const slow = slowSweep();
    const checkpointedBefore = await checkpointedTasks(nats.url);
    const logStart = agents.map((a) => a.log().length);
    const withdrawn = () =>
      agents.flatMap((a, k) =>
        [
          ...a
            .log()
            .slice(logStart[k])
            .matchAll(/task ([0-9a-f]+) withdrawn by the coordinator/g),
        ].map((m) => m[1]),
      );
    const sub = runCli(['submit', slow, '--coordinator', address]);
    expect(sub.code, sub.stderr).toBe(0);
    const id = sub.stdout.trim();
    const status = () => JSON.parse(runCli(['status', id, '--coordinator', address, '--format', 'json']).stdout);
    for (let k = 0; k < 200 && status().running < 2; k++) await sleep(100);
    expect(status().running).toBe(2);
    // cancel as soon as two tasks have saved a checkpoint: a fixed wait lost the race on a fast
    // machine, where a task finished before the cancel
    await newCheckpoints(nats.url, checkpointedBefore, 2);
    const c = runCli(['cancel', id, '--coordinator', address]);
    expect(c.stdout).toMatch(new RegExp(`^${id}\\s+slow\\s+cancelled`));
    // both running tasks stop at once; the queued ones are gone from the queue
    await Promise.all(agents.map((a) => a.waitFor(/withdrawn by the coordinator/, 10_000)));
    expect(await queueDepth(nc)).toBe(0);
    const before = doneLines();
    await sleep(2000);
    expect(doneLines()).toBe(before);
    // one agent can start later than the other (a busy CI machine): then its partner's first task
    // may finish before the second checkpoint, and the cancel stops the partner's next task
    const cancelled = status();
    expect(cancelled).toMatchObject({ state: 'cancelled', running: 0 });
    expect(cancelled.done).toBeLessThanOrEqual(2);
    const stopped = withdrawn();
    expect(stopped).toHaveLength(2);
    const checkpointed = await checkpointedTasks(nats.url);
    const resumable = stopped.filter((t) => checkpointed.has(t)).length;
    expect(resumable).toBeGreaterThanOrEqual(1);

    const again = runCli(['submit', slow, '--coordinator', address, '--wait', '--format', 'json'], {
      timeoutMs: 180_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`4 tasks, ${cancelled.done} reused`));
    expect(JSON.parse(again.stdout).points).toHaveLength(2);
    const resumed = () =>
      agents.reduce((n, a, k) => n + count(a.log().slice(logStart[k]), /done: .* \(resumed from step [1-9]\d*\)/), 0);
    expect(await settles(resumed, resumable)).toBe(resumable);
  }, 240_000);
});

describe('the NATS claim of a coordinator that crashed', () => {
  it('holds off another store until it lapses (20 s), then the other takes over and says so', async () => {
    const nats = await startNatsServer();
    const coordinator = (data: string) =>
      startCli(['coordinator', '--listen', '127.0.0.1:0', '--data', data, '--nats', nats.url]);
    try {
      const crashed = coordinator(tmp('ionsweep-crashed-'));
      await crashed.waitFor(/listening/);
      await crashed.stop('SIGKILL'); // no clean stop: the claim stays
      const other = tmp('ionsweep-other-');
      const early = runCli(['coordinator', '--listen', '127.0.0.1:0', '--data', other, '--nats', nats.url]);
      expect(early.code).toBe(2);
      expect(early.stderr).toMatch(/already serves the coordinator of store [0-9a-f]+ .*renewed \d s ago/);
      await sleep(21_000);
      const late = coordinator(other);
      await late.waitFor(/took over NATS from the coordinator of store [0-9a-f]+ \(last seen \d+ s ago\)/);
      expect(Number(/last seen (\d+) s ago/.exec(late.log())![1])).toBeGreaterThanOrEqual(20);
      await late.waitFor(/listening/);
      await late.stop();
    } finally {
      await nats.stop();
      removeStore(nats.storeDir);
    }
  }, 60_000);
});
