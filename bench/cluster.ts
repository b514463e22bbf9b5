/**
 * `npm run bench:cluster` — the cluster's cost and scaling on this machine: a real nats-server,
 * coordinator and 1 or 2 agents (one MD worker each), the same sweep submitted to a fresh store
 * each time. Reports wall time, task throughput, scaling efficiency of 2 agents (against the
 * machine's own two-thread speedup), and the scheduling overhead per task: wall time × workers
 * minus the tasks' own compute time, per task — the queue, gRPC, object-store checkpoints and
 * aggregation together. The embedded runner with one thread on the same sweep is the reference.
 * Options: --sweep FILE (default: tiny.yaml with 10 ps production, 8 tasks of a few seconds).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { TaskResult } from '@ionsweep/node-agent';
import { freePort, removeStore, startNatsServer } from './lib/nats-server.js';
import { runCli, startCli } from './lib/cli-process.js';
import { repoPath } from './lib/engine.js';
import { machineTwoThreadSpeedup } from './lib/machine.js';
import { tinySweep } from './lib/sweep-files.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

function defaultSweep(): string {
  return tinySweep('bench-cluster', { 'production_ps: 2': 'production_ps: 10' });
}

const i = process.argv.indexOf('--sweep');
const sweepFile = i >= 0 ? resolve(process.argv[i + 1]) : defaultSweep();

function taskSeconds(db: string): { tasks: number; compute: number } {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare('SELECT result_json FROM results').all() as { result_json: string }[];
  d.close();
  return {
    tasks: rows.length,
    compute: rows.reduce((a, r) => a + (JSON.parse(r.result_json) as TaskResult).seconds, 0),
  };
}

async function cluster(agents: number) {
  const nats = await startNatsServer();
  const data = tmp('ionsweep-bench-coord-');
  const address = `127.0.0.1:${await freePort()}`;
  const coordinator = startCli(['coordinator', '--listen', address, '--data', data, '--nats', nats.url]);
  await coordinator.waitFor(/listening/);
  const procs = Array.from({ length: agents }, (_, k) =>
    startCli(['agent', '--coordinator', address, '--nats', nats.url, '--workers', '1', '--id', `bench${k}`]),
  );
  for (const p of procs) await p.waitFor(/workers, coordinator/);
  const t0 = performance.now();
  const r = runCli(['submit', sweepFile, '--coordinator', address, '--wait', '--format', 'json'], {
    timeoutMs: 3600_000,
  });
  const wall = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`submit failed: ${r.stderr}`);
  await Promise.all(procs.map((p) => p.stop()));
  await coordinator.stop();
  await nats.stop();
  removeStore(nats.storeDir);
  const { tasks, compute } = taskSeconds(join(data, 'ionsweep.db'));
  rmSync(data, { recursive: true, force: true });
  return {
    agents,
    tasks,
    wall_s: wall,
    task_compute_s: compute,
    overhead_per_task_s: (wall * agents - compute) / tasks,
  };
}

function embedded() {
  const out = tmp('ionsweep-bench-emb-');
  const t0 = performance.now();
  const r = runCli(['run', sweepFile, '--out', out, '--threads', '1'], { timeoutMs: 3600_000 });
  const wall = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`run failed: ${r.stderr}`);
  const { tasks, compute } = taskSeconds(join(out, 'ionsweep.db'));
  rmSync(out, { recursive: true, force: true });
  return { threads: 1, tasks, wall_s: wall, task_compute_s: compute, overhead_per_task_s: (wall - compute) / tasks };
}

const baseline = await machineTwoThreadSpeedup();
console.log(`bench:cluster — ${sweepFile}`);
console.log(
  `machine baseline: two independent CPU-bound threads run ${baseline.toFixed(2)}× as fast as one after the other`,
);
const emb = embedded();
const one = await cluster(1);
const two = await cluster(2);
const speedup = one.wall_s / two.wall_s;
console.log(
  `embedded, 1 thread: wall ${emb.wall_s.toFixed(2)} s for ${emb.tasks} tasks, compute ${emb.task_compute_s.toFixed(2)} s, overhead ${(1000 * emb.overhead_per_task_s).toFixed(0)} ms per task (process start, planning, aggregation included)`,
);
for (const m of [one, two]) {
  console.log(
    `cluster, ${m.agents} agent(s): wall ${m.wall_s.toFixed(2)} s, ${(m.tasks / m.wall_s).toFixed(2)} tasks/s, compute ${m.task_compute_s.toFixed(2)} s, overhead ${(1000 * m.overhead_per_task_s).toFixed(0)} ms per task`,
  );
}
console.log(
  `2 agents vs 1: speedup ${speedup.toFixed(2)}× (efficiency ${((100 * speedup) / 2).toFixed(0)} %), against the machine's own ${baseline.toFixed(2)}×`,
);
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(
  repoPath('bench/results/cluster.json'),
  JSON.stringify(
    { date: new Date().toISOString(), machine_two_thread_speedup: baseline, embedded: emb, one, two, speedup },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench/results/cluster.json');
