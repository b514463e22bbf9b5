/**
 * `npm run bench:timestep` — is a timestep above 1 fs safe? NVE energy drift at dt = 1, 1.5 and
 * 2 fs on NS9 (x = 0.10) and NS (x = 0.50) melts at 2500 K, with ns-buck-2026 (m = 2) and
 * ns-ss-2026 at m = 4 (its S–S bond term active), ours and LAMMPS from the same starts.
 *
 * Each system is built, relaxed and melted 2 ps at 2500 K by ionsweep; then, per timestep, NVE
 * runs of the same simulated time from `--seeds` velocity draws in both codes. Drift is the mean
 * |slope| of E_total/N (eV/atom/ps) over the starts, with its standard error.
 * Options: --atoms N (default 1000), --ps T (default 5), --seeds K (default 2).
 * Writes bench/results/timestep.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { countsFromComposition, type AtomConfiguration, type ForceFieldDescriptor } from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  fireMinimize,
  ForceEngine,
  placeAtoms,
  Simulation,
  stateFromConfiguration,
} from '@ionsweep/node-agent';
import { nsBuck, nsSs, repoPath } from './lib/engine.js';
import { compareNve, meanAbsDrift, driftSummary } from './lib/nve.js';
import { numberArg } from './lib/args.js';

const atoms = numberArg('atoms', 1000);
const ps = numberArg('ps', 5);
const seeds = numberArg('seeds', 2);
const TIMESTEPS_FS = [1, 1.5, 2];

/** A melt of the composition at 2500 K (built at 1.95 g/cm³, relaxed, 2 ps NVT). */
function melt(ff: ForceFieldDescriptor, x: number, m: number): AtomConfiguration {
  const c = countsFromComposition(x, m, atoms);
  const conf = placeAtoms(
    {
      counts: [
        ['Na', c.M],
        ['Si', c.A],
        ['S', c.Y],
      ],
      density: 1.95,
      chargeNeutrality: 'auto',
      seed: 5,
      minSeparation: 1.8,
    },
    ff,
  );
  const s = stateFromConfiguration(conf);
  const engine = new ForceEngine(compileForceField(ff, s), s);
  fireMinimize(s, engine, { maxSteps: 300, fmax: 2 });
  new Simulation(s, engine, 0.001, 3).run(
    { ensemble: 'nvt', steps: 2000, tStart: 2500, tEnd: 2500, tdamp: 0.1 },
    { thermoEvery: 100 },
  );
  return configurationFromState(s, `bench:timestep melt x=${x} m=${m}`, false);
}

const cases = [
  { name: 'NS9 m=2, ns-buck-2026', ff: nsBuck(), x: 0.1, m: 2 },
  { name: 'NS m=2, ns-buck-2026', ff: nsBuck(), x: 0.5, m: 2 },
  { name: 'NS9 m=4, ns-ss-2026', ff: nsSs(), x: 0.1, m: 4 },
  { name: 'NS m=4, ns-ss-2026', ff: nsSs(), x: 0.5, m: 4 },
];

console.log(`bench:timestep — ${atoms} atoms, NVE from 2500 K, ${ps} ps per run, ${seeds} starts per code`);
const rows = [];
for (const c of cases) {
  const start = melt(c.ff, c.x, c.m);
  for (const dtFs of TIMESTEPS_FS) {
    const ours = [];
    const lammps = [];
    let rms = 0;
    for (let k = 0; k < seeds; k++) {
      const run = compareNve(start, c.ff, {
        temperature: 2500,
        seed: 100 + k,
        steps: Math.round((ps * 1000) / dtFs),
        dtFs,
      });
      ours.push(run.ours);
      lammps.push(run.lammps);
      rms += driftSummary(run.ours).rms / seeds;
    }
    const a = meanAbsDrift(ours);
    const b = meanAbsDrift(lammps);
    const row = { system: c.name, dt_fs: dtFs, ours: a, lammps: b, ours_rms_eV_per_atom: rms };
    rows.push(row);
    console.log(
      `${c.name.padEnd(24)} dt ${dtFs.toFixed(1)} fs   ionsweep ${a.mean.toExponential(2)} ± ${a.se.toExponential(1)}   LAMMPS ${b.mean.toExponential(2)} ± ${b.se.toExponential(1)} eV/atom/ps   RMS ${rms.toExponential(2)} eV/atom`,
    );
  }
}
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(
  repoPath('bench/results/timestep.json'),
  JSON.stringify({ date: new Date().toISOString(), atoms, ps, seeds, rows }, null, 2) + '\n',
);
console.log('wrote bench/results/timestep.json');
