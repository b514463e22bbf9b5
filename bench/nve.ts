/**
 * `npm run bench:nve` — NVE energy drift at 2000 K, dt = 1 fs, 10 ps on the 3000-atom NS9 melt,
 * ours and LAMMPS from the same start (velocities drawn once, written to the data file both read).
 * Reports the drift per atom per ps (least-squares slope of E_total/N) and the RMS fluctuation.
 * Option: --ps N (default 10).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { ns9Melt, nsBuck, repoPath } from './lib/engine.js';
import { compareNve, driftSummary, type DriftSummary } from './lib/nve.js';

const i = process.argv.indexOf('--ps');
const ps = i >= 0 ? Number(process.argv[i + 1]) : 10;

console.log(`bench:nve — 3000-atom NS9 melt, NVE from 2000 K, dt 1 fs, ${ps} ps`);
const run = compareNve(ns9Melt(), nsBuck(), { temperature: 2000, seed: 2026, steps: Math.round(ps * 1000) });
const ours = { ...driftSummary(run.ours), seconds: run.oursSeconds, kernel: run.kernel };
const lammps = driftSummary(run.lammps);

const fmt = (r: DriftSummary) =>
  `drift ${r.drift.toExponential(2)} ± ${r.driftErr.toExponential(1)} eV/atom/ps, RMS fluctuation ${r.rms.toExponential(2)} eV/atom`;
console.log(`ionsweep (${ours.kernel})  ${fmt(ours)}`);
console.log(`LAMMPS               ${fmt(lammps)}`);
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(
  repoPath('bench/results/nve.json'),
  JSON.stringify({ date: new Date().toISOString(), ps, ours, lammps }, null, 2) + '\n',
);
console.log('wrote bench/results/nve.json');
