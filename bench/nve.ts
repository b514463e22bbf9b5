/**
 * `npm run bench:nve` — NVE energy drift at 2000 K, dt = 1 fs, 10 ps on the 3000-atom NS9 melt,
 * ours and LAMMPS from the same start (velocities drawn once, written to the data file both read).
 * Reports the drift per atom per ps (least-squares slope of E_total/N) and the RMS fluctuation.
 * Option: --ps N (default 10).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { lammpsPairCommands, linearFit, Rng, writeLammpsData } from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  ForceEngine,
  initVelocities,
  Simulation,
  stateFromConfiguration,
} from '@ionsweep/node-agent';
import { ns9Melt, nsBuck, repoPath } from './lib/engine.js';
import { lammpsNve } from './lib/lammps.js';

const i = process.argv.indexOf('--ps');
const ps = i >= 0 ? Number(process.argv[i + 1]) : 10;
const steps = Math.round(ps * 1000);
const ff = nsBuck();
const state = stateFromConfiguration(ns9Melt());
initVelocities(state, 2000, new Rng(2026));
const start = writeLammpsData(configurationFromState(state, 'bench:nve start'));
const n = state.n;

function summarize(t: number[], e: number[]) {
  const perAtom = e.map((v) => v / n);
  const fit = linearFit(t, perAtom);
  const mean = perAtom.reduce((a, b) => a + b) / perAtom.length;
  const rms = Math.sqrt(perAtom.reduce((a, b) => a + (b - mean) ** 2, 0) / perAtom.length);
  return { drift_eV_per_atom_per_ps: fit.slope, drift_err: fit.slopeErr, rms_fluctuation_eV_per_atom: rms };
}

console.log(`bench:nve — 3000-atom NS9 melt, NVE from 2000 K, dt 1 fs, ${ps} ps`);
const t0 = performance.now();
const engine = new ForceEngine(compileForceField(ff, state), state);
const sim = new Simulation(state, engine, 0.001, 1);
const times: number[] = [];
const energies: number[] = [];
sim.run(
  { ensemble: 'nve', steps, tStart: 0, tEnd: 0, tdamp: 1 },
  { thermoEvery: 100, onThermo: (th) => (times.push(th.time), energies.push(th.total)) },
);
const ours = { ...summarize(times, energies), seconds: (performance.now() - t0) / 1000, kernel: engine.kernel };

const rows = lammpsNve(lammpsPairCommands(ff, state.typeElements), start, steps).filter((r) => r.step > 0);
const lammps = summarize(
  rows.map((r) => r.step * 0.001),
  rows.map((r) => r.etotal),
);

const fmt = (r: ReturnType<typeof summarize>) =>
  `drift ${r.drift_eV_per_atom_per_ps.toExponential(2)} ± ${r.drift_err.toExponential(1)} eV/atom/ps, RMS fluctuation ${r.rms_fluctuation_eV_per_atom.toExponential(2)} eV/atom`;
console.log(`ionsweep (${ours.kernel})  ${fmt(ours)}`);
console.log(`LAMMPS               ${fmt(lammps)}`);
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(
  repoPath('bench/results/nve.json'),
  JSON.stringify({ date: new Date().toISOString(), ps, ours, lammps }, null, 2) + '\n',
);
console.log('wrote bench/results/nve.json');
