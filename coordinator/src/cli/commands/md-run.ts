/** `ionsweep md run`: one MD run of a data file, by protocol file or by ensemble flags. */
import { existsSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addFrameOnline,
  createStructureAccumulator,
  structureSettingsForBox,
  DisplacementAccumulator,
  parseCutoffs,
  restoreStructureFromCheckpoint,
  structureCheckpointSections,
  snapshotStructure,
  structureReport,
  type StructureAccumulator,
  ensembleTransport,
  extxyzFrame,
  InputError,
  lammpsDumpFrame,
  transportCurvesCsv,
  transportFigureSvg,
  parseChoice,
  parseIntegerIn,
  parseNumber,
  parseProtocol,
  totalSteps,
  writeFileAtomic,
  writeLammpsData,
  THERMO_CSV_HEADER,
  thermoCsvLine,
  readBarostat,
  THERMOSTATS,
  type BarostatSettings,
  type Protocol,
  type Thermostat,
} from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  elementSpecies,
  structureFrameOf,
  ProtocolRun,
  stateFromConfiguration,
  type KernelChoice,
  KERNELS,
  MAX_KERNEL_THREADS,
  MIN_ATOMS_PER_THREAD,
  type MdState,
  type Thermo,
  systemMass,
} from '@ionsweep/node-agent/md';
import { loadData, loadForceField, parseFitWindow, readTextFile, writableDir } from '../inputs.js';
import { Progress } from '../progress.js';
import { writeStructurePlots } from './structure.js';

export interface MdRunOptions {
  data: string;
  forcefield?: string;
  types?: string;
  coulomb?: string;
  protocol?: string;
  ensemble?: string;
  temperature?: string;
  pressureBar: string;
  pdampPs: string;
  compressibility: string;
  barostat: string;
  steps?: string;
  dtFs: string;
  tdampPs: string;
  thermoEvery: string;
  dumpEvery?: string;
  checkpointEvery: string;
  kernel: string;
  threads: string;
  seed: string;
  out: string;
  resume?: boolean;
  sampleEvery: string;
  dumpFormat: string;
  analyze?: boolean;
  fitWindow?: string;
  structure?: boolean;
  structureEvery: string;
  cutoffs?: string;
}

/** The flags --pressure-bar, --pdamp-ps, --compressibility, --barostat as a stage's barostat (npt only). */
function barostatFromFlags(o: MdRunOptions, ensemble: Thermostat): BarostatSettings | null {
  const flag: Record<string, string> = {
    pressure_bar: '--pressure-bar',
    pdamp_ps: '--pdamp-ps',
    compressibility_per_bar: '--compressibility',
    barostat: '--barostat',
  };
  const values = {
    pressure_bar: parseNumber('--pressure-bar', o.pressureBar),
    pdamp_ps: parseNumber('--pdamp-ps', o.pdampPs),
    compressibility_per_bar: parseNumber('--compressibility', o.compressibility),
    barostat: o.barostat,
  };
  // the defaults are not "given": only an npt run reads them
  return readBarostat(
    ensemble === 'npt' ? values : {},
    ensemble,
    (k) => [flag[k]],
    (path, detail) => {
      throw new InputError(String(path[0]), detail);
    },
  );
}

function protocolFromFlags(o: MdRunOptions): Protocol {
  if (o.ensemble === undefined || o.steps === undefined) {
    throw new InputError(
      '--protocol',
      'give --protocol FILE, or --ensemble with --steps (and --temperature for nvt/csvr)',
    );
  }
  const ensemble = parseChoice<Thermostat>('--ensemble', o.ensemble, THERMOSTATS);
  const barostat = barostatFromFlags(o, ensemble);
  const steps = parseNumber('--steps', o.steps);
  if (!Number.isInteger(steps) || steps < 1)
    throw new InputError('--steps', `must be a positive integer, got ${o.steps}`);
  const temperature = o.temperature === undefined ? undefined : parseNumber('--temperature', o.temperature);
  if (ensemble !== 'nve' && (temperature === undefined || temperature <= 0)) {
    throw new InputError('--temperature', `${ensemble} needs a target temperature > 0 K`);
  }
  const dtFs = parseNumber('--dt-fs', o.dtFs);
  if (!(dtFs > 0 && dtFs <= 5)) throw new InputError('--dt-fs', `must be in (0, 5] fs, got ${dtFs}`);
  const t = temperature ?? 0;
  return {
    timestepFs: dtFs,
    thermoEvery: parseNumber('--thermo-every', o.thermoEvery),
    checkpointEvery: parseNumber('--checkpoint-every', o.checkpointEvery),
    stages: [
      {
        kind: 'production',
        steps,
        tStart: t,
        tEnd: t,
        thermostat: ensemble,
        tdampPs: parseNumber('--tdamp-ps', o.tdampPs),
        sampleEvery: parseNumber('--sample-every', o.sampleEvery),
        ...(barostat ? { barostat } : {}),
      },
    ],
  };
}

export function runMd(o: MdRunOptions): void {
  const ff = loadForceField(o.forcefield);
  const protocol =
    o.protocol !== undefined ? parseProtocol(readTextFile('--protocol', o.protocol), o.protocol) : protocolFromFlags(o);
  const kernel = parseChoice<KernelChoice>('--kernel', o.kernel, KERNELS);
  const threads = parseIntegerIn('--threads', o.threads, 1, MAX_KERNEL_THREADS);
  const coulomb = o.coulomb === undefined ? undefined : parseChoice('--coulomb', o.coulomb, ['dsf', 'ewald'] as const);
  const seed = parseNumber('--seed', o.seed);
  const dumpEvery = o.dumpEvery === undefined ? 0 : parseNumber('--dump-every', o.dumpEvery);
  // checked now, not after the run
  const fitWindow = parseFitWindow(o.fitWindow);
  const dumpFormat = parseChoice('--dump-format', o.dumpFormat, ['lammps', 'extxyz'] as const);
  // frames are written from the production sampling hook
  const production = protocol.stages.find((st) => st.kind === 'production');
  const sampling = production && production.kind !== 'relax' ? production.sampleEvery : 0;
  if (fitWindow && production && production.kind !== 'relax') {
    // a window beyond the analysis' longest lag would fail after the run
    const reach = (analysisMaxLag(production.steps, sampling) * sampling * protocol.timestepFs) / 1000;
    if (fitWindow.t1 > reach)
      throw new InputError(
        '--fit-window',
        `${o.fitWindow} ps is beyond the data: lags reach half the production, ${reach} ps`,
      );
  }
  if (dumpEvery > 0 && (sampling === 0 || dumpEvery % sampling !== 0)) {
    throw new InputError(
      '--dump-every',
      `must be a multiple of the production sampling interval (${sampling} steps; set it with --sample-every or sample_every)`,
    );
  }
  writableDir('--out', o.out);
  const files = {
    checkpoint: join(o.out, 'checkpoint.bin'),
    thermo: join(o.out, 'thermo.csv'),
    dump: join(o.out, o.dumpFormat === 'extxyz' ? 'dump.extxyz' : 'dump.lammpstrj'),
    final: join(o.out, 'final.data'),
    summary: join(o.out, 'run.json'),
  };
  const compile = (state: MdState) => compileForceField(ff, state, { coulomb });
  let run: ProtocolRun;
  if (o.resume && existsSync(files.checkpoint)) {
    run = ProtocolRun.restore(readFileSync(files.checkpoint), compile, protocol, seed, { kernel, threads });
    truncateThermo(files.thermo, run.sim.step);
    truncateDump(files.dump, run.sim.step, dumpFormat, run.sim.dt);
    process.stderr.write(`resuming from step ${run.sim.step} (${files.checkpoint})\n`);
  } else {
    const state = stateFromConfiguration(loadData(o.data, o.types));
    run = new ProtocolRun(state, compile(state), protocol, seed, { kernel, threads });
    writeFileSync(files.thermo, THERMO_CSV_HEADER + '\n');
    if (dumpEvery > 0) writeFileSync(files.dump, '');
  }
  if (run.engine.fallbackReason)
    process.stderr.write(`note: ${run.engine.kernel} kernel (${run.engine.fallbackReason})\n`);
  if (run.engine.threads < threads)
    process.stderr.write(
      `note: ${run.state.n} atoms: ${run.engine.threads} thread(s), at least ${MIN_ATOMS_PER_THREAD} atoms each\n`,
    );
  const analysis = o.analyze ? startAnalysis(run, protocol) : null;
  const structure = o.structure ? startStructure(run, o) : null;
  const total = totalSteps(protocol);
  const totalMass = systemMass(run.state);
  const progress = new Progress('md run', total);
  const started = performance.now();
  const startStep = run.sim.step;
  let thermoLines: string[] = [];
  const flushThermo = () => {
    if (thermoLines.length) appendFileSync(files.thermo, thermoLines.join(''));
    thermoLines = [];
  };
  run.run({
    onThermo: (t: Thermo & { stage: string }) => {
      thermoLines.push(thermoCsvLine(t, totalMass));
      const perStep = (performance.now() - started) / 1000 / Math.max(1, t.step - startStep);
      const nsPerDay = (protocol.timestepFs * 1e-6 * 86400) / perStep;
      progress.update(t.step, `${t.stage} T=${t.temperature.toFixed(0)} K  ${nsPerDay.toFixed(2)} ns/day`);
    },
    onSample: (step, unwrapped, ids) => {
      analysis?.accumulator.add(unwrapped, ids);
      if (structure && step % structure.every === 0)
        addFrameOnline(structure.acc, structureFrameOf(run.state, structure.acc.elements));
      if (dumpEvery > 0 && step % dumpEvery === 0) {
        const frame = configurationFromState(run.state, '', false);
        appendFileSync(
          files.dump,
          dumpFormat === 'extxyz'
            ? extxyzFrame(frame, step * protocol.timestepFs * 1e-3)
            : lammpsDumpFrame(frame, step),
        );
      }
    },
    extraMeta: () => extraMeta(analysis, structure),
    extraSections: () => extraSections(analysis, structure),
    onCheckpoint: (bytes) => {
      flushThermo();
      writeFileAtomic(files.checkpoint, bytes);
    },
  });
  run.engine.dispose();
  flushThermo();
  writeFileAtomic(files.checkpoint, run.checkpoint(extraMeta(analysis, structure), extraSections(analysis, structure)));
  if (analysis) finishAnalysis(analysis, run, o.out, fitWindow);
  if (structure) finishStructure(structure.acc, o.out);
  const seconds = (performance.now() - started) / 1000;
  const steps = run.sim.step - startStep;
  writeFileAtomic(
    files.final,
    writeLammpsData(configurationFromState(run.state, `ionsweep md run, step ${run.sim.step}`)),
  );
  const summary = {
    steps: run.sim.step,
    steps_this_session: steps,
    seconds,
    timesteps_per_second: steps / seconds,
    ns_per_day: (steps * protocol.timestepFs * 1e-6 * 86400) / seconds,
    kernel: run.engine.kernel,
    threads: run.engine.threads,
    atoms: run.state.n,
    neighbor_builds: run.engine.list.builds,
  };
  writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + '\n');
  progress.finish(
    `md run: ${steps} steps in ${seconds.toFixed(1)} s (${summary.timesteps_per_second.toFixed(1)} steps/s, ${run.engine.kernel} kernel); wrote ${o.out}/`,
  );
}

/** What rides in the checkpoint besides the MD state: the on-the-fly accumulators. */
function extraMeta(analysis: RunAnalysis | null, structure: RunStructure | null): unknown {
  return {
    ...(analysis ? { accumulator: analysis.accumulator.snapshot().meta } : {}),
    ...(structure ? { structure: snapshotStructure(structure.acc).meta } : {}),
  };
}

function extraSections(analysis: RunAnalysis | null, structure: RunStructure | null): Record<string, Float64Array> {
  return {
    ...(analysis?.accumulator.snapshot().sections ?? {}),
    ...(structure ? structureCheckpointSections(structure.acc) : {}),
  };
}

interface RunStructure {
  acc: StructureAccumulator;
  /** steps between structure frames */
  every: number;
}

/** Structure over the production stage, every `--structure-every` steps; restored on resume. */
function startStructure(run: ProtocolRun, o: MdRunOptions): RunStructure {
  const production = run.protocol.stages.find((st) => st.kind === 'production');
  if (!production || production.kind === 'relax')
    throw new InputError('--structure', 'the protocol has no production stage to sample');
  const every = parseNumber('--structure-every', o.structureEvery);
  if (!(Number.isInteger(every) && every > 0 && every % production.sampleEvery === 0))
    throw new InputError(
      '--structure-every',
      `must be a positive multiple of the production sampling interval (${production.sampleEvery} steps), got ${o.structureEvery}`,
    );
  const elements = elementSpecies(run.state).names;
  const acc = createStructureAccumulator(
    elements,
    structureSettingsForBox(run.state.box, parseCutoffs(o.cutoffs, elements)),
  );
  const meta = (run.restoredExtra as { structure?: unknown } | null)?.structure;
  if (meta) restoreStructureFromCheckpoint(acc, meta, run.restoredSections);
  return { acc, every };
}

function finishStructure(acc: StructureAccumulator, out: string): void {
  if (acc.frames === 0) throw new InputError('--structure-every', 'no structure frame was taken in production');
  const report = structureReport(acc);
  writeFileAtomic(join(out, 'structure.json'), JSON.stringify(report) + '\n');
  writeStructurePlots(report, writableDir('--out', join(out, 'structure')));
  const n = report.network;
  const ss =
    report.pairs[
      Object.keys(report.pairs).find((k) => /^(\w+)-\1$/.test(k) && n.anions.includes(k.split('-')[0])) ?? ''
    ];
  process.stderr.write(
    `structure: ${acc.frames} frames; ${ss ? `homopolar bonds ${ss.bonds.toFixed(1)}, ` : ''}r̄ ${n.meanCoordination.toFixed(3)}, ` +
      `f_MD ${report.constraints.f_md.toFixed(4)}${report.constraints.f_eq1 !== null ? ` (Eq. 1: ${report.constraints.f_eq1.toFixed(4)})` : ''}; wrote structure.json, structure/*.svg\n`,
  );
}

interface RunAnalysis {
  accumulator: DisplacementAccumulator;
  dtPs: number;
  temperature: number;
}

/** The longest lag the analysis keeps, in samples: half the production. */
function analysisMaxLag(steps: number, sampleEvery: number): number {
  return Math.max(2, Math.floor(Math.floor(steps / sampleEvery) / 2));
}

/**
 * Displacement correlations over the production stage: time origins chosen so that at most
 * ~50 frames are stored, lags up to half the production, log-spaced. Restored from the
 * checkpoint when the run resumes.
 */
function startAnalysis(run: ProtocolRun, protocol: Protocol): RunAnalysis {
  const production = protocol.stages.find((st) => st.kind === 'production');
  if (!production || production.kind === 'relax')
    throw new InputError('--analyze', 'the protocol has no production stage to sample');
  const s = run.state;
  const order = Array.from({ length: s.n }, (_, k) => k).sort((a, b) => s.id[a] - s.id[b]);
  const samples = Math.floor(production.steps / production.sampleEvery);
  if (samples < 8)
    throw new InputError(
      '--analyze',
      `production gives ${samples} samples; lengthen it or sample more often (--sample-every)`,
    );
  const maxLag = analysisMaxLag(production.steps, production.sampleEvery);
  const species = elementSpecies(s);
  const accumulator = new DisplacementAccumulator({
    ids: Int32Array.from(order, (k) => s.id[k]),
    species: Int32Array.from(order, (k) => species.ofType[s.type[k]]),
    speciesNames: species.names,
    charges: Float64Array.from(order, (k) => s.q[k]),
    masses: Float64Array.from(order, (k) => s.mass[k]),
    maxLag,
    originEvery: Math.max(1, Math.floor(maxLag / 50)),
    lagSpacing: 'log',
    removeDrift: true,
  });
  const meta = (run.restoredExtra as { accumulator?: { frames: number } } | null)?.accumulator;
  if (meta) accumulator.restore({ meta, sections: run.restoredSections });
  return { accumulator, dtPs: (production.sampleEvery * protocol.timestepFs) / 1000, temperature: production.tEnd };
}

function finishAnalysis(
  a: RunAnalysis,
  run: ProtocolRun,
  out: string,
  fitWindow: { t0: number; t1: number } | undefined,
): void {
  const curves = a.accumulator.curves();
  const volume = run.state.box[0] * run.state.box[1] * run.state.box[2];
  const result = ensembleTransport([curves], {
    dtPs: a.dtPs,
    temperature: a.temperature,
    volume,
    fitWindow,
  });
  writeFileAtomic(
    join(out, 'transport.json'),
    JSON.stringify({ ...result, samples: a.accumulator.samples }, null, 2) + '\n',
  );
  writeFileAtomic(join(out, 'msd.svg'), transportFigureSvg(curves, result, a.dtPs, `md run, T = ${a.temperature} K`));
  writeFileAtomic(join(out, 'msd.csv'), transportCurvesCsv(curves, a.dtPs));
  process.stderr.write(
    `transport: D(${result.mobile}) = ${result.species[result.mobile].D.toExponential(3)} cm²/s, σ_self = ${result.sigma_self.toExponential(3)} S/cm, σ_full = ${result.sigma_full.toExponential(3)} S/cm (fit ${result.fit_window_ps.map((t) => t.toPrecision(3)).join('–')} ps${result.species[result.mobile].diffusive ? '' : `, ${result.mobile} not diffusive: β = ${result.species[result.mobile].beta.toFixed(2)}`}); wrote transport.json, msd.svg, msd.csv\n`,
  );
}

/** Drops thermo rows after `step` (they are recomputed on resume). */
function truncateThermo(path: string, step: number): void {
  if (!existsSync(path)) return writeFileSync(path, THERMO_CSV_HEADER + '\n');
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const kept = [lines[0] ?? THERMO_CSV_HEADER, ...lines.slice(1).filter((l) => Number(l.split(',')[0]) <= step)];
  writeFileAtomic(path, kept.join('\n') + '\n');
}

/** Drops dump frames after `step` (LAMMPS: by timestep; extxyz: by Time, in ps). */
function truncateDump(path: string, step: number, format: 'lammps' | 'extxyz', dtPs: number): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  if (format === 'lammps') {
    const frames = text.split(/(?=^ITEM: TIMESTEP$)/m).filter((f) => f.trim());
    writeFileAtomic(path, frames.filter((f) => Number(f.split('\n')[1]) <= step).join(''));
    return;
  }
  const lines = text.split('\n');
  const kept: string[] = [];
  for (let i = 0; i + 1 < lines.length;) {
    const n = Number(lines[i]);
    if (!Number.isInteger(n) || n <= 0) break;
    const time = Number(/Time=(\S+)/.exec(lines[i + 1])?.[1]);
    if (time <= step * dtPs + 1e-9) kept.push(...lines.slice(i, i + n + 2));
    i += n + 2;
  }
  writeFileAtomic(path, kept.length ? kept.join('\n') + '\n' : '');
}
