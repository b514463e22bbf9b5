/**
 * `npm run bench:md` — our MD engine against LAMMPS born/coul/dsf on the same system, one core
 * each, in the same run; then memory and time per step from 1,000 to 24,000 atoms.
 *
 * System: the 3000-atom NS9 melt (x = 0.10, m = 2, box 42.6 Å) of test/fixtures/lammps/ns9-melt,
 * ns-buck-2026 (DSF α = 0.25 Å⁻¹, rc = 10 Å), skin 2 Å, dt 1 fs, NVT 2000 K (Tdamp 0.1 ps).
 * Then the cost of ns-ss-2026's Tersoff S–S term: a 3000-atom NS9 melt at m = 4 (S–S bonds
 * formed), with and without the term, ours and LAMMPS (hybrid/overlay … tersoff), same run.
 * Options: --steps N (default 2000), --rounds R (default 3), --no-scaling, --no-tersoff,
 * --only-tersoff (measure the term again, keep the rest of bench/results/md.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeLammpsData, type AtomConfiguration } from '@ionsweep/shared';
import {
  compileForceField,
  engineMemory,
  ForceEngine,
  Simulation,
  configurationFromState,
  fireMinimize,
  placeAtoms,
  stateFromConfiguration,
} from '@ionsweep/node-agent';
import { lammpsDsf, ns9Melt, nsBuck, nsSs, repoPath, timeLammps, timeOurs } from './lib/engine.js';
import { median, numberArg } from './lib/args.js';

const steps = numberArg('steps', 2000);
const rounds = numberArg('rounds', 3);

const ff = nsBuck();
const conf = ns9Melt();
const dataText = writeLammpsData(conf);

/** LAMMPS born/coul/dsf against ours (tabulated and exact) on the 3000-atom NS9 melt. */
function mainComparison() {
  console.log(
    `bench:md — 3000-atom NS9 melt, NVT 2000 K, ${steps} steps per measurement, ${rounds} rounds (LAMMPS and ours alternate)`,
  );
  const lmp: number[] = [];
  const tab: number[] = [];
  const exact: number[] = [];
  let lmpBuilds = 0;
  let ourBuilds = 0;
  for (let r = 0; r < rounds; r++) {
    const l = timeLammps(dataText, lammpsDsf(ff, conf), steps);
    lmp.push(l.stepsPerSecond);
    lmpBuilds = l.builds;
    const t = timeOurs(conf, ff, steps, 'tabulated');
    tab.push(t.stepsPerSecond);
    ourBuilds = t.builds;
    if (r === 0) exact.push(timeOurs(conf, ff, Math.min(steps, 1000), 'exact').stepsPerSecond);
    console.log(
      `  round ${r + 1}: LAMMPS ${l.stepsPerSecond.toFixed(1)} steps/s, ionsweep tabulated ${t.stepsPerSecond.toFixed(1)} steps/s`,
    );
  }
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    steps,
    rounds,
    lammps_steps_per_s: median(lmp),
    ionsweep_tabulated_steps_per_s: median(tab),
    ionsweep_exact_steps_per_s: median(exact),
    ratio_tabulated: median(tab) / median(lmp),
    ratio_exact: median(exact) / median(lmp),
    neighbor_builds: { lammps: lmpBuilds, ionsweep: ourBuilds },
    scaling: [] as ReturnType<typeof measure>[],
    tersoff: null as null | Record<string, number>,
  };
  console.log('');
  console.log(`LAMMPS born/coul/dsf     ${result.lammps_steps_per_s.toFixed(1)} timesteps/s`);
  console.log(
    `ionsweep (tabulated)     ${result.ionsweep_tabulated_steps_per_s.toFixed(1)} timesteps/s   ratio ${result.ratio_tabulated.toFixed(2)}×`,
  );
  console.log(
    `ionsweep (exact)         ${result.ionsweep_exact_steps_per_s.toFixed(1)} timesteps/s   ratio ${result.ratio_exact.toFixed(2)}×`,
  );
  return result;
}

// --only-tersoff: keep the stored main comparison and scaling, measure the Tersoff term again
const onlyTersoff = process.argv.includes('--only-tersoff');
const result = onlyTersoff
  ? (JSON.parse(readFileSync(repoPath('bench/results/md.json'), 'utf8')) as ReturnType<typeof mainComparison>)
  : mainComparison();

function replicate(c: AtomConfiguration, k: [number, number, number]): AtomConfiguration {
  const L = [0, 1, 2].map((d) => c.hi[d] - c.lo[d]);
  const n = c.ids.length;
  const copies = k[0] * k[1] * k[2];
  const out: AtomConfiguration = {
    ...c,
    hi: [c.lo[0] + L[0] * k[0], c.lo[1] + L[1] * k[1], c.lo[2] + L[2] * k[2]],
    ids: new Int32Array(n * copies),
    types: new Int32Array(n * copies),
    charges: new Float64Array(n * copies),
    positions: new Float64Array(3 * n * copies),
    images: new Int32Array(3 * n * copies),
    velocities: c.velocities ? new Float64Array(3 * n * copies) : null,
  };
  let a = 0;
  for (let ix = 0; ix < k[0]; ix++)
    for (let iy = 0; iy < k[1]; iy++)
      for (let iz = 0; iz < k[2]; iz++)
        for (let i = 0; i < n; i++, a++) {
          out.ids[a] = a + 1;
          out.types[a] = c.types[i];
          out.charges[a] = c.charges[i];
          [ix, iy, iz].forEach((o, d) => (out.positions[3 * a + d] = c.positions[3 * i + d] + o * L[d]));
          if (c.velocities) for (let d = 0; d < 3; d++) out.velocities![3 * a + d] = c.velocities[3 * i + d];
        }
  return out;
}

function small1000(): AtomConfiguration {
  const c = placeAtoms(
    {
      counts: [
        ['Na', 67],
        ['Si', 300],
        ['S', 633],
      ],
      box: 29.5,
      chargeNeutrality: 'rescale-anion',
      seed: 5,
      minSeparation: 1.8,
    },
    ff,
  );
  const s = stateFromConfiguration(c);
  fireMinimize(s, new ForceEngine(compileForceField(ff, s), s), { maxSteps: 300, fmax: 2 });
  return configurationFromState(s, 'bench 1000', false);
}

function measure(c: AtomConfiguration) {
  const state = stateFromConfiguration(c);
  const engine = new ForceEngine(compileForceField(ff, state), state);
  const sim = new Simulation(state, engine, 0.001, 1);
  const seg = { ensemble: 'nvt' as const, tStart: 2000, tEnd: 2000, tdamp: 0.1 };
  sim.run({ ...seg, steps: 30 });
  const n = 200;
  const t0 = performance.now();
  sim.run({ ...seg, steps: n });
  const mem = engineMemory(state, engine);
  // the neighbour list grows by doubling: report what it holds, and what it has reserved
  const used = (engine.list.start[state.n] * 4) / state.n;
  return {
    atoms: state.n,
    ms_per_step: (performance.now() - t0) / n,
    bytes_per_atom: mem.total / state.n,
    list_bytes_per_atom_used: used,
    rss_mb: process.memoryUsage().rss / 2 ** 20,
  };
}

if (!onlyTersoff && !process.argv.includes('--no-scaling')) {
  console.log('\nscaling (ours, tabulated, NVT 2000 K, 200 steps each):');
  console.log('   atoms   ms/step   µs/atom-step   bytes/atom (arrays)   of which list entries   process RSS');
  const systems: AtomConfiguration[] = [
    small1000(),
    conf,
    replicate(conf, [2, 1, 1]),
    replicate(conf, [2, 2, 1]),
    replicate(conf, [2, 2, 2]),
  ];
  for (const c of systems) {
    const m = measure(c);
    result.scaling.push(m);
    console.log(
      `${String(m.atoms).padStart(8)}  ${m.ms_per_step.toFixed(2).padStart(8)}  ${((1000 * m.ms_per_step) / m.atoms).toFixed(3).padStart(13)}  ${m.bytes_per_atom.toFixed(0).padStart(19)}  ${m.list_bytes_per_atom_used.toFixed(0).padStart(22)}  ${m.rss_mb.toFixed(0).padStart(9)} MB`,
    );
  }
}
if (!process.argv.includes('--no-tersoff')) {
  // the m = 4 melt: built with ns-ss-2026 (the excess S are its species S0), 2 ps at 2500 K so
  // that S–S bonds have formed
  const ss = nsSs();
  const built = placeAtoms(
    { counts: [['Na', 125], ['Si', 562], ['S', 2313]], box: 42.6, chargeNeutrality: 'excess-anion', seed: 7, minSeparation: 1.8 },
    ss,
  ); // prettier-ignore
  const s0 = stateFromConfiguration(built);
  const e0 = new ForceEngine(compileForceField(ss, s0), s0);
  fireMinimize(s0, e0, { maxSteps: 300, fmax: 2 });
  new Simulation(s0, e0, 0.001, 3).run(
    { ensemble: 'nvt', steps: 2000, tStart: 2500, tEnd: 2500, tdamp: 0.1 },
    { thermoEvery: 100 },
  );
  const melt = configurationFromState(s0, 'bench m = 4 melt', false);
  const pairsOnly = { ...ss, manybody: undefined };
  const n = Math.min(steps, 1000);
  const with_ = timeOurs(melt, ss, n, 'tabulated');
  const without = timeOurs(melt, pairsOnly, n, 'tabulated');
  const meltText = writeLammpsData(melt);
  const lWith = timeLammps(meltText, lammpsDsf(ss, melt), n);
  const lWithout = timeLammps(meltText, lammpsDsf(pairsOnly, melt), n);
  result.tersoff = {
    atoms: melt.ids.length,
    ionsweep_steps_per_s: with_.stepsPerSecond,
    ionsweep_pairs_only_steps_per_s: without.stepsPerSecond,
    ionsweep_term_ms_per_step: 1000 / with_.stepsPerSecond - 1000 / without.stepsPerSecond,
    lammps_steps_per_s: lWith.stepsPerSecond,
    lammps_pairs_only_steps_per_s: lWithout.stepsPerSecond,
    lammps_term_ms_per_step: 1000 / lWith.stepsPerSecond - 1000 / lWithout.stepsPerSecond,
    ratio: with_.stepsPerSecond / lWith.stepsPerSecond,
  };
  const t = result.tersoff;
  console.log(`\nns-ss-2026 on the 3000-atom NS9 m = 4 melt (${n} steps, NVT 2000 K):`);
  console.log(
    `  ionsweep ${t.ionsweep_steps_per_s.toFixed(1)} steps/s (pairs only ${t.ionsweep_pairs_only_steps_per_s.toFixed(1)}): the Tersoff term costs ${t.ionsweep_term_ms_per_step.toFixed(2)} ms/step`,
  );
  console.log(
    `  LAMMPS   ${t.lammps_steps_per_s.toFixed(1)} steps/s (pairs only ${t.lammps_pairs_only_steps_per_s.toFixed(1)}): tersoff costs ${t.lammps_term_ms_per_step.toFixed(2)} ms/step; ratio ${t.ratio.toFixed(2)}×`,
  );
}
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(repoPath('bench/results/md.json'), JSON.stringify(result, null, 2) + '\n');
console.log(`\nwrote bench/results/md.json`);
