/**
 * NVE energy conservation, ours against LAMMPS from the same start: velocities are drawn once at
 * the temperature and written into the data file both codes read; both run the same dt (1 fs
 * unless given) with the total energy every 100 steps, and the same thermo steps are fitted.
 * Used by bench:nve (3000 atoms) and the NVE-drift test (600 atoms).
 */
import {
  lammpsPairSetup,
  linearFit,
  Rng,
  writeLammpsData,
  type AtomConfiguration,
  type ForceFieldDescriptor,
} from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  ForceEngine,
  initVelocities,
  Simulation,
  stateFromConfiguration,
  type KernelChoice,
} from '@ionsweep/node-agent';
import { lammpsNve } from './lammps.js';

export interface EnergySeries {
  /** ps */
  times: number[];
  /** total energy per atom, eV */
  perAtom: number[];
}

export interface DriftSummary {
  /** least-squares slope of E_total/N, eV/atom/ps */
  drift: number;
  driftErr: number;
  /** RMS fluctuation of E_total/N about its mean, eV/atom */
  rms: number;
}

export function driftSummary(s: EnergySeries): DriftSummary {
  const fit = linearFit(s.times, s.perAtom);
  const mean = s.perAtom.reduce((a, b) => a + b) / s.perAtom.length;
  const rms = Math.sqrt(s.perAtom.reduce((a, b) => a + (b - mean) ** 2, 0) / s.perAtom.length);
  return { drift: fit.slope, driftErr: fit.slopeErr, rms };
}

export function compareNve(
  conf: AtomConfiguration,
  ff: ForceFieldDescriptor,
  options: { temperature: number; seed: number; steps: number; dtFs?: number; kernel?: KernelChoice },
): { atoms: number; kernel: string; oursSeconds: number; ours: EnergySeries; lammps: EnergySeries } {
  const dt = (options.dtFs ?? 1) / 1000;
  const state = stateFromConfiguration(conf);
  initVelocities(state, options.temperature, new Rng(options.seed));
  const start = writeLammpsData(configurationFromState(state, 'NVE comparison start'));
  const n = state.n;
  const t0 = performance.now();
  const engine = new ForceEngine(compileForceField(ff, state), state, { kernel: options.kernel ?? 'wasm' });
  const sim = new Simulation(state, engine, dt, 1);
  const ours: EnergySeries = { times: [], perAtom: [] };
  sim.run(
    { ensemble: 'nve', steps: options.steps, tStart: 0, tEnd: 0, tdamp: 1 },
    { thermoEvery: 100, onThermo: (th) => (ours.times.push(th.time), ours.perAtom.push(th.total / n)) },
  );
  const oursSeconds = (performance.now() - t0) / 1000;
  const setup = lammpsPairSetup(ff, state.typeElements);
  const rows = lammpsNve(setup.commands, start, options.steps, setup.files, dt).filter((r) => r.step > 0);
  const lammps: EnergySeries = { times: rows.map((r) => r.step * dt), perAtom: rows.map((r) => r.etotal / n) };
  return { atoms: n, kernel: engine.kernel, oursSeconds, ours, lammps };
}

/**
 * Mean |drift| over runs from different starts and its standard error. Single runs scatter by
 * a factor of two or more (the energy error is a random walk of rare stiff moments, and the two
 * codes' trajectories part within a picosecond), so codes are compared by this.
 */
export function meanAbsDrift(runs: EnergySeries[]): { mean: number; se: number } {
  const v = runs.map((r) => Math.abs(driftSummary(r).drift));
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const se = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1) / v.length);
  return { mean, se };
}
