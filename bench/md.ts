/**
 * `npm run bench:md` — our MD engine against LAMMPS on the same system, one core each, in the
 * same run; then memory and time per step from 1,000 to 24,000 atoms.
 *
 * System: the 3000-atom NS9 melt (x = 0.10, m = 2, box 42.6 Å) of test/fixtures/lammps/ns9-melt,
 * ns-buck-2026 (DSF α = 0.25 Å⁻¹, rc = 10 Å), skin 2 Å, dt 1 fs, NVT 2000 K (Tdamp 0.1 ps).
 * LAMMPS runs two ways, both from the same force-field file: `born/coul/dsf` (the formulas, as
 * our exact kernel) and `pair_style table linear 20000` with every pair term and the DSF Coulomb
 * folded into one table per type pair (lammpsTableSetup: LAMMPS's fastest for this model).
 * Two measures: the MD loop alone (LAMMPS's "Loop time", ours in-process), and whole processes
 * on 3000 steps, start-up included (`lmp -in …` against `ionsweep md run …`), LAMMPS at skin 2
 * and at its best skin (1 Å). And what the machine gives two jobs: two one-thread processes at
 * once, against which 2 threads of one job are to be judged.
 * Then the cost of ns-ss-2026's Tersoff S–S term: a 3000-atom NS9 melt at m = 4 (S–S bonds
 * formed), with and without the term, ours and LAMMPS (hybrid/overlay … tersoff), same run.
 * Options: --steps N (loop steps, default 2000), --rounds R (default 3), --process-steps N
 * (default 3000), --no-scaling, --no-tersoff, --only-tersoff (measure the term again, keep the
 * rest of bench/results/md.json), --json (print the result as JSON on stdout, the log on stderr).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { lammpsDsf, lammpsTables, ns9Melt, nsBuck, nsSs, repoPath, timeLammps, timeOurs } from './lib/engine.js';
import { median, numberArg } from './lib/args.js';

const steps = numberArg('steps', 2000);
const rounds = numberArg('rounds', 3);
const processSteps = numberArg('process-steps', 3000);
const json = process.argv.includes('--json');
// with --json, stdout carries the JSON only
const log = (line = '') => (json ? process.stderr : process.stdout).write(line + '\n');

const ff = nsBuck();
const conf = ns9Melt();
const dataText = writeLammpsData(conf);

/** The arguments of a whole `ionsweep md run` process: NVT 2000 K for n steps from the melt. */
function ourProcessArgs(n: number, threads: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-bench-md-'));
  const data = join(dir, 'start.data');
  writeFileSync(data, dataText);
  const args = [
    repoPath('coordinator/bin/ionsweep.js'),
    'md', 'run', '--data', data, '--types', 'Na,Si,S',
    '--forcefield', repoPath('examples/forcefields/ns-buck-2026.yaml'),
    '--ensemble', 'nvt', '--temperature', '2000', '--steps', String(n), '--thermo-every', '100',
    '--checkpoint-every', String(n), '--threads', String(threads), '--out', join(dir, 'out'),
  ]; // prettier-ignore
  return args;
}

/** Wall seconds of one whole `ionsweep md run` process (see ourProcessArgs). */
function ourProcess(n: number, threads: number): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ourProcessArgs(n, threads), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ionsweep md run failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/**
 * Wall seconds of two one-thread `ionsweep md run` processes started together: their summed
 * rate over one process's is what this machine's two cores give two independent jobs, the
 * ceiling for two threads of one job (on these KVM machines well below 2).
 */
function twoProcesses(n: number): number {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const [one, two] = [1, 2].map(() => [process.execPath, ...ourProcessArgs(n, 1)].map(quote).join(' '));
  const t0 = performance.now();
  const script = `${one} > /dev/null & a=$!; ${two} > /dev/null & b=$!; wait $a && wait $b`;
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`two ionsweep md runs at once failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/** ns per listed pair of our pair kernel alone (forces only), on the melt after 100 steps. */
function kernelNsPerPair(kernel: 'wasm' | 'tabulated'): number {
  const state = stateFromConfiguration(conf);
  const engine = new ForceEngine(compileForceField(ff, state), state, { kernel });
  new Simulation(state, engine, 0.001, 1).run(
    { ensemble: 'nvt', steps: 100, tStart: 2000, tEnd: 2000, tdamp: 0.1 },
    { thermoEvery: 100 },
  );
  const reps = kernel === 'wasm' ? 200 : 60;
  const t0 = performance.now();
  for (let k = 0; k < reps; k++) engine.compute(state, false);
  const ms = (performance.now() - t0) / reps;
  return (ms * 1e6) / engine.list.start[state.n];
}

/** The median of per-round ratios: each round's two figures were measured minutes apart at most. */
const pairedRatio = (a: number[], b: number[]) => median(a.map((v, k) => v / b[k]));

/** LAMMPS (both set-ups) against ours (wasm on 1 and 2 threads, JS tables, exact) on the NS9 melt. */
function mainComparison() {
  log(
    `bench:md — 3000-atom NS9 melt, NVT 2000 K; MD loop ${steps} steps × ${rounds} rounds, whole processes ${processSteps} steps (LAMMPS and ours alternate)`,
  );
  const dsfSetup = lammpsDsf(ff, conf);
  const tableSetup = lammpsTables(ff, conf);
  const loop = {
    dsf: [] as number[],
    table: [] as number[],
    tableSkin1: [] as number[],
    wasm: [] as number[],
    wasm2: [] as number[],
  };
  const proc = {
    table: [] as number[],
    tableSkin1: [] as number[],
    wasm: [] as number[],
    wasm2: [] as number[],
    /** two one-thread processes at once: their summed rate */
    twoJobs: [] as number[],
  };
  let js = 0;
  let exact = 0;
  let builds = { lammps: 0, ionsweep: 0 };
  for (let r = 0; r < rounds; r++) {
    const d = timeLammps(dataText, dsfSetup, steps);
    const t = timeLammps(dataText, tableSetup, steps);
    const w = timeOurs(conf, ff, steps, 'wasm');
    const t1 = timeLammps(dataText, tableSetup, steps, 100, 1);
    const w2 = timeOurs(conf, ff, steps, 'wasm', 100, 2);
    loop.dsf.push(d.stepsPerSecond);
    loop.table.push(t.stepsPerSecond);
    loop.tableSkin1.push(t1.stepsPerSecond);
    loop.wasm.push(w.stepsPerSecond);
    loop.wasm2.push(w2.stepsPerSecond);
    builds = { lammps: t.builds, ionsweep: w.builds };
    if (r === 0) {
      js = timeOurs(conf, ff, Math.min(steps, 1000), 'tabulated').stepsPerSecond;
      exact = timeOurs(conf, ff, Math.min(steps, 500), 'exact').stepsPerSecond;
    }
    proc.table.push(processSteps / timeLammps(dataText, tableSetup, processSteps, 0).processSeconds);
    proc.tableSkin1.push(processSteps / timeLammps(dataText, tableSetup, processSteps, 0, 1).processSeconds);
    proc.wasm.push(processSteps / ourProcess(processSteps, 1));
    proc.wasm2.push(processSteps / ourProcess(processSteps, 2));
    proc.twoJobs.push((2 * processSteps) / twoProcesses(processSteps));
    log(
      `  round ${r + 1}: loop — LAMMPS dsf ${d.stepsPerSecond.toFixed(1)}, table ${t.stepsPerSecond.toFixed(1)} (skin 1 Å: ${t1.stepsPerSecond.toFixed(1)}); ionsweep ${w.stepsPerSecond.toFixed(1)}, 2 threads ${w2.stepsPerSecond.toFixed(1)} steps/s; ` +
        `process — LAMMPS table ${proc.table[r].toFixed(1)} (skin 1 Å: ${proc.tableSkin1[r].toFixed(1)}), ionsweep ${proc.wasm[r].toFixed(1)}, 2 threads ${proc.wasm2[r].toFixed(1)}, two processes at once ${proc.twoJobs[r].toFixed(1)} steps/s in all`,
    );
  }
  const m = {
    dsf: median(loop.dsf),
    table: median(loop.table),
    tableSkin1: median(loop.tableSkin1),
    wasm: median(loop.wasm),
    wasm2: median(loop.wasm2),
    pTable: median(proc.table),
    pTableSkin1: median(proc.tableSkin1),
    pTwoJobs: median(proc.twoJobs),
    pWasm: median(proc.wasm),
    pWasm2: median(proc.wasm2),
  };
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    steps,
    rounds,
    process_steps: processSteps,
    loop_steps_per_s: {
      lammps_born_coul_dsf: m.dsf,
      lammps_table: m.table,
      lammps_table_skin_1: m.tableSkin1,
      ionsweep_wasm: m.wasm,
      ionsweep_wasm_2_threads: m.wasm2,
      ionsweep_js_tables: js,
      ionsweep_exact: exact,
    },
    process_steps_per_s: {
      lammps_table: m.pTable,
      lammps_table_skin_1: m.pTableSkin1,
      ionsweep_wasm: m.pWasm,
      ionsweep_wasm_2_threads: m.pWasm2,
      ionsweep_two_processes_summed: m.pTwoJobs,
    },
    // medians of per-round ratios (the figures of record: the machine drifts between rounds)
    ratio_process_vs_lammps_table: pairedRatio(proc.wasm, proc.table),
    ratio_process_vs_lammps_table_skin_1: pairedRatio(proc.wasm, proc.tableSkin1),
    ratio_loop_vs_lammps_table: pairedRatio(loop.wasm, loop.table),
    ratio_loop_vs_lammps_table_skin_1: pairedRatio(loop.wasm, loop.tableSkin1),
    ratio_loop_vs_lammps_dsf: pairedRatio(loop.wasm, loop.dsf),
    thread_speedup_loop: pairedRatio(loop.wasm2, loop.wasm),
    thread_speedup_process: pairedRatio(proc.wasm2, proc.wasm),
    // what two independent one-thread jobs get from the two cores: the ceiling for two threads
    two_process_speedup: pairedRatio(proc.twoJobs, proc.wasm),
    ns_per_listed_pair: { wasm: kernelNsPerPair('wasm'), js_tables: kernelNsPerPair('tabulated') },
    neighbor_builds: builds,
    rounds_raw: { loop, process: proc },
    scaling: [] as ReturnType<typeof measure>[],
    tersoff: null as null | Record<string, number>,
  };
  const row = (name: string, v: number) => log(`${name.padEnd(46)} ${v.toFixed(1).padStart(7)} timesteps/s`);
  log('\nMD loop (medians):');
  row('LAMMPS born/coul/dsf', m.dsf);
  row('LAMMPS pair_style table linear 20000', m.table);
  row('LAMMPS pair_style table, skin 1 Å (its best)', m.tableSkin1);
  row('ionsweep, WebAssembly SIMD kernel (default)', m.wasm);
  row('ionsweep, same, 2 threads', m.wasm2);
  row('ionsweep, JS tables (--kernel tabulated)', js);
  row('ionsweep, exact formulas (--kernel exact)', exact);
  log(`\nwhole processes, ${processSteps} steps (medians):`);
  row('LAMMPS pair_style table', m.pTable);
  row('LAMMPS pair_style table, skin 1 Å (its best)', m.pTableSkin1);
  row('ionsweep md run', m.pWasm);
  row('ionsweep md run --threads 2', m.pWasm2);
  row('two ionsweep md runs at once (summed)', m.pTwoJobs);
  log('\nratios (median of per-round ratios):');
  log(`  ionsweep / LAMMPS table, whole processes    ${result.ratio_process_vs_lammps_table.toFixed(2)}×`);
  log(`  ionsweep / LAMMPS table at skin 1 Å, process ${result.ratio_process_vs_lammps_table_skin_1.toFixed(2)}×`);
  log(`  ionsweep / LAMMPS table, MD loop            ${result.ratio_loop_vs_lammps_table.toFixed(2)}×`);
  log(`  ionsweep / LAMMPS table at skin 1 Å, loop   ${result.ratio_loop_vs_lammps_table_skin_1.toFixed(2)}×`);
  log(`  ionsweep / LAMMPS born/coul/dsf, loop       ${result.ratio_loop_vs_lammps_dsf.toFixed(2)}×`);
  log(
    `  2 threads / 1 thread: loop ${result.thread_speedup_loop.toFixed(2)}×, process ${result.thread_speedup_process.toFixed(2)}× ` +
      `(two one-thread processes at once: ${result.two_process_speedup.toFixed(2)}× one, the machine's ceiling)`,
  );
  log(
    `  pair kernel: ${result.ns_per_listed_pair.wasm.toFixed(2)} ns per listed pair (JS tables ${result.ns_per_listed_pair.js_tables.toFixed(2)})`,
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
  log('\nscaling (ours, WebAssembly kernel, 1 thread, NVT 2000 K, 200 steps each):');
  log('   atoms   ms/step   µs/atom-step   bytes/atom (arrays)   of which list entries   process RSS');
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
    log(
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
  const with_ = timeOurs(melt, ss, n, 'wasm');
  const without = timeOurs(melt, pairsOnly, n, 'wasm');
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
  log(`\nns-ss-2026 on the 3000-atom NS9 m = 4 melt (${n} steps, NVT 2000 K):`);
  log(
    `  ionsweep ${t.ionsweep_steps_per_s.toFixed(1)} steps/s (pairs only ${t.ionsweep_pairs_only_steps_per_s.toFixed(1)}): the Tersoff term costs ${t.ionsweep_term_ms_per_step.toFixed(2)} ms/step`,
  );
  log(
    `  LAMMPS   ${t.lammps_steps_per_s.toFixed(1)} steps/s (pairs only ${t.lammps_pairs_only_steps_per_s.toFixed(1)}): tersoff costs ${t.lammps_term_ms_per_step.toFixed(2)} ms/step; ratio ${t.ratio.toFixed(2)}×`,
  );
}
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(repoPath('bench/results/md.json'), JSON.stringify(result, null, 2) + '\n');
log(`\nwrote bench/results/md.json`);
if (json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
