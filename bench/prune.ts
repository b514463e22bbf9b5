/**
 * `npm run bench:prune` — how far past the cutoff the WebAssembly kernel's pruned rows should
 * reach (ForceEngineOptions.pruneReach), on the 3000-atom NS9 melt (ns-buck-2026, NVT 2000 K).
 * One engine per reach in one process, run in alternating 500-step segments (the machine drifts
 * by ±30 % over minutes, much less within a round); the figure per reach is the median rate.
 * A reach at or above the skin is the unpruned kernel (rows pruned only at list builds).
 * Options: --reaches 2,0.8,0.4,0.2 --skin 2 --threads 1 --rounds 5 --segment 500,
 * --json (the result on stdout). Writes bench/results/prune.json.
 */
import { writeFileSync } from 'node:fs';
import { compileForceField, ForceEngine, Simulation, stateFromConfiguration, cloneState } from '@ionsweep/node-agent';
import { ns9Melt, nsBuck, repoPath } from './lib/engine.js';
import { median, numberArg } from './lib/args.js';

const listArg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : fallback).split(',').map(Number);
};
const reaches = listArg('reaches', '2,0.8,0.4,0.2');
const skin = numberArg('skin', 2);
const threads = numberArg('threads', 1);
const rounds = numberArg('rounds', 5);
const segment = numberArg('segment', 500);
const json = process.argv.includes('--json');
const log = (line = '') => (json ? process.stderr : process.stdout).write(line + '\n');

const ff = nsBuck();
const melt = stateFromConfiguration(ns9Melt());
const nvt = (steps: number) => ({ ensemble: 'nvt' as const, steps, tStart: 2000, tEnd: 2000, tdamp: 0.1 });

const runs = reaches.map((pruneReach) => {
  const s = cloneState(melt);
  const engine = new ForceEngine(compileForceField(ff, s), s, { pruneReach, skin, threads });
  const sim = new Simulation(s, engine, 0.001, 1);
  sim.run(nvt(100), { thermoEvery: 100 });
  return { pruneReach, engine, sim, rates: [] as number[], prunings: 0, builds: 0 };
});
log(
  `bench:prune — 3000-atom NS9 melt, NVT 2000 K, skin ${skin} Å, ${threads} thread(s), ${rounds} rounds of ${segment} steps`,
);
for (let r = 0; r < rounds; r++) {
  for (const run of runs) {
    const p0 = run.engine.wasm!.prunings;
    const b0 = run.engine.list.builds;
    const t0 = performance.now();
    run.sim.run(nvt(segment), { thermoEvery: 100 });
    run.rates.push(segment / ((performance.now() - t0) / 1000));
    run.prunings += run.engine.wasm!.prunings - p0;
    run.builds += run.engine.list.builds - b0;
  }
  log(`  round ${r + 1}: ${runs.map((x) => `${x.pruneReach} Å ${x.rates[r].toFixed(0)}`).join(', ')} steps/s`);
}
const result = {
  date: new Date().toISOString(),
  node: process.version,
  skin,
  threads,
  rounds,
  segment,
  reaches: runs.map((x) => ({
    reach: x.pruneReach,
    steps_per_s: median(x.rates),
    steps_per_pruning: (rounds * segment) / x.prunings,
    steps_per_build: (rounds * segment) / x.builds,
    rounds_raw: x.rates,
  })),
};
for (const x of runs) x.engine.dispose();
log('\nreach (Å)  steps/s (median)  steps per pruning  steps per build');
for (const x of result.reaches)
  log(
    `${String(x.reach).padEnd(10)} ${x.steps_per_s.toFixed(1).padStart(16)} ${x.steps_per_pruning.toFixed(1).padStart(18)} ${x.steps_per_build.toFixed(1).padStart(16)}`,
  );
writeFileSync(repoPath('bench/results/prune.json'), JSON.stringify(result, null, 2) + '\n');
log('\nwrote bench/results/prune.json');
if (json) process.stdout.write(JSON.stringify(result) + '\n');
