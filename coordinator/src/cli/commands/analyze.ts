/** `ionsweep analyze`: transport coefficients with error bars from LAMMPS dumps (one per replica). */
import type { Command } from 'commander';
import {
  ATOMIC_MASS,
  curvesFromTrajectory,
  ensembleTransport,
  InputError,
  meanCurves,
  parseChoice,
  parseNumber,
  readLammpsDump,
  transportFigureSvg,
  windowedMsd,
  writeFileAtomic,
  type DisplacementCurves,
  type DumpTrajectory,
  type EnsembleTransport,
} from '@ionsweep/shared';
import { parseFitWindow, parseTypes, readTextFile } from '../inputs.js';

interface AnalyzeOptions {
  dump: string[];
  dtFs: string;
  every?: string;
  temperature: string;
  charges: string;
  types?: string;
  masses?: string;
  volume?: string;
  fitWindow?: string;
  mobile?: string;
  format: string;
  plot?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .summary('diffusivities and conductivities with error bars from LAMMPS dumps')
    .description(
      'Per-species D (Einstein), Nernst–Einstein σ_self, the full σ of Eq. 5 (all charge cross-correlations), ' +
        'the Haven ratio of the mobile species, with the centre-of-mass drift removed and the fit window ' +
        'chosen from the local log–log slope β(t). Each dump is one replica: results are mean ± standard ' +
        'error over replicas with t-based 95 % intervals (the Haven ratio by bootstrap).',
    )
    .requiredOption(
      '--dump <file>',
      'LAMMPS dump with id type and xu yu zu, x y z ix iy iz, or x y z (repeat per replica)',
      collect,
    )
    .requiredOption('--dt-fs <fs>', 'MD timestep, fs')
    .option('--every <n>', 'steps between dump frames (default: from the dump timesteps)')
    .requiredOption('--temperature <K>', 'temperature of the run, K')
    .requiredOption('--charges <list>', 'charge per species, e.g. Na=0.6,Si=2.4,S=-1.2')
    .option('--types <list>', 'element of each dump type, e.g. Na,Si,S (default: species named 1, 2, …)')
    .option('--masses <list>', 'masses for the drift removal, e.g. Na=22.99 (default: standard atomic masses)')
    .option('--volume <A3>', 'volume, Å³ (default: the dump box)')
    .option('--fit-window <t0:t1>', 'fit window in ps (default: automatic from β(t))')
    .option('--mobile <species>', 'species whose Haven ratio is reported (default: Na)')
    .option('--format <format>', 'json | table', 'table')
    .option('--plot <file.svg>', 'MSD and charge-displacement curves with the fit window')
    .addHelpText(
      'after',
      '\nUnits: D in cm²/s, σ in S/cm, times in ps, volume in Å³.\n\nExample:\n  ionsweep analyze --dump r1.lammpstrj --dump r2.lammpstrj --dt-fs 1 --temperature 2000 \\\n    --charges Na=0.6,Si=2.4,S=-1.2 --types Na,Si,S --format json --plot msd.svg',
    )
    .action((o: AnalyzeOptions) => runAnalyze(o));
}

function parseMap(flag: string, text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text.split(',')) {
    const m = /^\s*([A-Za-z0-9]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new InputError(flag, `expected Name=value pairs, e.g. Na=0.6; got '${part}'`);
    out.set(m[1], parseNumber(flag, m[2]));
  }
  return out;
}

function frameInterval(o: AnalyzeOptions, traj: DumpTrajectory, file: string): number {
  const dtFs = parseNumber('--dt-fs', o.dtFs);
  if (!(dtFs > 0)) throw new InputError('--dt-fs', `must be > 0, got ${dtFs}`);
  if (o.every !== undefined) {
    const every = parseNumber('--every', o.every);
    if (!(every > 0)) throw new InputError('--every', `must be > 0, got ${every}`);
    return (every * dtFs) / 1000;
  }
  const f = traj.frames;
  if (f.length < 2) throw new InputError('--dump', `${file} has one frame; need a trajectory`);
  const step = f[1].timestep - f[0].timestep;
  if (!(step > 0) || f.some((fr, k) => k > 0 && fr.timestep - f[k - 1].timestep !== step)) {
    throw new InputError('--every', `${file}: frames are not evenly spaced in timestep; give --every`);
  }
  return (step * dtFs) / 1000;
}

export function runAnalyze(o: AnalyzeOptions): void {
  const format = parseChoice('--format', o.format, ['json', 'table'] as const);
  const temperature = parseNumber('--temperature', o.temperature);
  if (!(temperature > 0)) throw new InputError('--temperature', `must be > 0 K, got ${temperature}`);
  const charges = parseMap('--charges', o.charges);
  const masses = o.masses ? parseMap('--masses', o.masses) : new Map<string, number>();
  const typeNames = parseTypes(o.types);
  const trajectories = o.dump.map((file) => ({ file, traj: readLammpsDump(readTextFile('--dump', file), file) }));
  const intervals = trajectories.map(({ file, traj }) => frameInterval(o, traj, file));
  if (intervals.some((d) => Math.abs(d - intervals[0]) > 1e-12))
    throw new InputError('--dump', 'the dumps have different frame intervals');
  const dtPs = intervals[0];
  // replicas are compared lag by lag: use the frames all of them have
  const frames = Math.min(...trajectories.map((t) => t.traj.frames.length));
  const first = trajectories[0].traj.frames[0];
  const speciesOf = (type: number) => typeNames?.[type - 1] ?? String(type);
  if (typeNames && Math.max(...first.types) > typeNames.length) {
    throw new InputError(
      '--types',
      `the dump has type ${Math.max(...first.types)}; --types names only ${typeNames.length}`,
    );
  }
  const speciesNames = [...new Set(Array.from(first.types, speciesOf))].sort((a, b) => a.localeCompare(b));
  for (const s of speciesNames) {
    if (!charges.has(s))
      throw new InputError(
        '--charges',
        `no charge for species '${s}' (give ${speciesNames.map((n) => `${n}=…`).join(',')})`,
      );
    if (!masses.has(s) && ATOMIC_MASS[s] === undefined)
      throw new InputError('--masses', `no mass known for species '${s}'; give --masses ${s}=…`);
  }
  const config = {
    ids: first.ids,
    species: Int32Array.from(first.types, (t) => speciesNames.indexOf(speciesOf(t))),
    speciesNames,
    charges: Float64Array.from(first.types, (t) => charges.get(speciesOf(t))!),
    masses: Float64Array.from(first.types, (t) => masses.get(speciesOf(t)) ?? ATOMIC_MASS[speciesOf(t)]),
    removeDrift: true,
  };
  const curves: DisplacementCurves[] = trajectories.map(({ traj }) =>
    curvesFromTrajectory(
      config,
      traj.frames.slice(0, frames).map((f) => f.positions),
      windowedMsd,
    ),
  );
  const volume =
    o.volume !== undefined ? parseNumber('--volume', o.volume) : first.hi.reduce((a, h, d) => a * (h - first.lo[d]), 1);
  const result = ensembleTransport(curves, {
    dtPs,
    temperature,
    volume,
    fitWindow: parseFitWindow(o.fitWindow),
    mobile: o.mobile,
  });
  if (o.plot !== undefined) {
    if (!o.plot.toLowerCase().endsWith('.svg'))
      throw new InputError('--plot', `the plot is written as SVG; give a file name ending in .svg, got '${o.plot}'`);
    const mean = curves.length === 1 ? curves[0] : meanCurves(curves);
    writeFileAtomic(
      o.plot,
      transportFigureSvg(mean, result, dtPs, `${result.replicas} replica(s), T = ${temperature} K`),
    );
    process.stderr.write(`wrote ${o.plot}\n`);
  }
  if (result.replicas === 1)
    process.stderr.write('note: one replica gives no error bars; pass one --dump per replica\n');
  if (!result.diffusive)
    process.stderr.write(
      `note: no diffusive regime found (β never near 1); fitted the late half, β = ${result.species[result.mobile].beta.toFixed(2)}\n`,
    );
  process.stdout.write(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderAnalysis(result));
}

const pm = (v: number, e: number | null) =>
  e === null ? `${v.toExponential(3)}` : `${v.toExponential(3)} ± ${e.toExponential(1)}`;

function renderAnalysis(r: EnsembleTransport): string {
  const lines = [
    `temperature   ${r.temperature} K     volume ${r.volume.toFixed(1)} Å³     replicas ${r.replicas}`,
    `fit window    ${r.fit_window_ps[0].toPrecision(4)} – ${r.fit_window_ps[1].toPrecision(4)} ps${r.diffusive ? '' : '  (no diffusive regime: β ≠ 1)'}`,
    '',
    'species   D (cm²/s)                β',
    ...Object.entries(r.species).map(
      ([name, s]) => `${name.padEnd(8)}  ${pm(s.D, s.D_err).padEnd(24)} ${s.beta.toFixed(3)}`,
    ),
    '',
    `σ_self (Nernst–Einstein)   ${pm(r.sigma_self, r.sigma_self_err)} S/cm`,
    `σ_full (Eq. 5)             ${pm(r.sigma_full, r.sigma_full_err)} S/cm   replicas: ${r.sigma_full_replicas.map((v) => v.toExponential(2)).join(', ')}`,
    `Haven ratio (${r.mobile})          ${pm(r.haven_ratio, r.haven_ratio_err)}`,
  ];
  return lines.join('\n') + '\n';
}
