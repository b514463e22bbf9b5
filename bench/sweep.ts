/**
 * `npm run bench:sweep` — what running a sweep costs beyond its MD: the same sweep with 1 and 2
 * worker threads (fresh stores, so every task runs), wall time, summed task compute time,
 * scheduling overhead per task, and the scaling efficiency of 2 threads on this 2-core machine.
 * Option: --sweep FILE (default examples/sweeps/tiny.yaml).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseForceField, parseSweep } from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';
import { runSweepEmbedded } from '@ionsweep/coordinator';
import Database from 'better-sqlite3';
import { repoPath } from './lib/engine.js';
import { machineTwoThreadSpeedup } from './lib/machine.js';

const i = process.argv.indexOf('--sweep');
const file = i >= 0 ? resolve(process.argv[i + 1]) : repoPath('examples/sweeps/tiny.yaml');
const sweep = parseSweep(readFileSync(file, 'utf8'), file);
const ffPath = resolve(dirname(file), sweep.forcefield);
const forcefield = parseForceField(readFileSync(ffPath, 'utf8'), ffPath);

async function measure(threads: number) {
  const out = mkdtempSync(join(tmpdir(), 'ionsweep-bench-sweep-'));
  const t0 = performance.now();
  const outcome = await runSweepEmbedded(sweep, forcefield, { out, threads });
  const wall = (performance.now() - t0) / 1000;
  const db = new Database(join(out, 'ionsweep.db'), { readonly: true });
  const results = (db.prepare('SELECT result_json FROM results').all() as { result_json: string }[]).map(
    (r) => JSON.parse(r.result_json) as TaskResult,
  );
  db.close();
  rmSync(out, { recursive: true, force: true });
  const compute = results.reduce((a, r) => a + r.seconds, 0);
  return {
    threads,
    tasks: outcome.ran,
    wall_s: wall,
    task_compute_s: compute,
    overhead_per_task_s: (wall * threads - compute) / outcome.ran,
  };
}

console.log(
  `bench:sweep — ${sweep.name}: ${sweep.points.length} × ${sweep.temperatures.length} × ${sweep.replicas} tasks`,
);
const baseline = await machineTwoThreadSpeedup();
console.log(
  `machine baseline: two independent CPU-bound threads run ${baseline.toFixed(2)}× as fast as one after the other`,
);
const one = await measure(1);
const two = await measure(2);
const efficiency = one.wall_s / two.wall_s / 2;
for (const m of [one, two]) {
  console.log(
    `threads ${m.threads}: wall ${m.wall_s.toFixed(2)} s, task compute ${m.task_compute_s.toFixed(2)} s, overhead ${(1000 * m.overhead_per_task_s).toFixed(0)} ms per task`,
  );
}
console.log(
  `scaling efficiency with 2 threads: ${(100 * efficiency).toFixed(0)} %: speedup ${(one.wall_s / two.wall_s).toFixed(2)}× against the machine's own ${baseline.toFixed(2)}×`,
);
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(
  repoPath('bench/results/sweep.json'),
  JSON.stringify(
    { date: new Date().toISOString(), sweep: sweep.name, machine_two_thread_speedup: baseline, one, two, efficiency },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench/results/sweep.json');
