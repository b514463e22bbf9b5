/** `ionsweep analyze`: transport coefficients with error bars from LAMMPS dumps (one per replica). */
import type { Command } from 'commander';
import {
  ATOMIC_MASS,
  boxLengths,
  frameVolume,
  curvesFromTrajectory,
  ensembleTransport,
  InputError,
  meanCurves,
  parseChoice,
  parseNumber,
  readLammpsDump,
  transportCurvesCsv,
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
      'Per-species D (Einstein), Nernst–Einstein σ_self (in total and per species), the full σ of Eq. 5 ' +
        '(all charge cross-correlations) and its distinct parts by species pair, the Haven ratio of the mobile ' +
        'species, with the centre-of-mass drift removed. The fit window is the last half decade of lags that ' +
        'keep half the time origins (D is a long-time quantity); a species is diffusive when its log–log MSD ' +
        'slope β there is within 0.1 of 1. Each dump is one replica (gzip accepted): results are mean ± ' +
        'standard error over replicas with 95 % intervals, on the log scale for positive quantities (so they ' +
        'stay positive), the Haven ratio by the delta method.',
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
    .option('--volume <A3>', 'volume, Å³ (default: the dump box, averaged over frames when it changes)')
    .option('--fit-window <t0:t1>', 'fit window in ps, within the data (default: the last half decade of usable lags)')
    .option('--mobile <species>', 'species whose Haven ratio is reported (default: Na)')
    .option('--format <format>', 'json | table', 'table')
    .option(
      '--plot <file.svg>',
      'MSD, charge-displacement and β(t) curves with the fit window; the curves also as file.csv',
    )
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
  const trajectories = o.dump.map((file) => ({ file, traj: readLammpsDump(readTextFile('--dump', file, true), file) }));
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
  checkNeutral(first.types, speciesOf, charges);
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
  const volume = o.volume !== undefined ? parseNumber('--volume', o.volume) : meanVolume(trajectories, frames);
  if (!(volume > 0)) throw new InputError('--volume', `must be > 0 Å³, got ${volume}`);
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
    const csv = o.plot.replace(/\.svg$/i, '.csv');
    writeFileAtomic(csv, transportCurvesCsv(mean, dtPs));
    process.stderr.write(`wrote ${o.plot}, ${csv}\n`);
  }
  if (result.replicas === 1)
    process.stderr.write('note: one replica gives no error bars; pass one --dump per replica\n');
  const caged = Object.entries(result.species).filter(([, s]) => !s.diffusive);
  if (caged.length > 0)
    process.stderr.write(
      `note: not diffusive over ${result.fit_window_ps.map((t) => t.toPrecision(3)).join('–')} ps: ` +
        `${caged.map(([name, s]) => `β_${name} = ${s.beta.toFixed(2)}`).join(', ')} (|β − 1| > 0.1); their D are apparent: run longer\n`,
    );
  process.stdout.write(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : renderAnalysis(result));
}

/** The sum of the charges over the dump's atoms must vanish (σ of a charged cell means nothing). */
function checkNeutral(types: Int32Array, speciesOf: (t: number) => string, charges: Map<string, number>): void {
  const count = new Map<string, number>();
  for (const t of types) count.set(speciesOf(t), (count.get(speciesOf(t)) ?? 0) + 1);
  const terms = [...count].map(([s, n]) => [s, n, charges.get(s)!] as const);
  const net = terms.reduce((a, [, n, q]) => a + n * q, 0);
  const scale = terms.reduce((a, [, n, q]) => a + n * Math.abs(q), 0);
  if (Math.abs(net) > 1e-6 * Math.max(1, scale))
    throw new InputError(
      '--charges',
      `the system is not neutral: ${terms.map(([s, n, q]) => `${n} ${s} × ${q}`).join(' + ')} = ${Number(net.toPrecision(6))} e`,
    );
}

/** The box volume, Å³: its mean over the analysed frames when it changes (NPT), with a note. */
function meanVolume(trajectories: { traj: DumpTrajectory }[], frames: number): number {
  const volumes = trajectories.flatMap(({ traj }) =>
    traj.frames.slice(0, frames).map((f) => frameVolume({ box: boxLengths(f) })),
  );
  const mean = volumes.reduce((a, v) => a + v, 0) / volumes.length;
  const [lo, hi] = [Math.min(...volumes), Math.max(...volumes)];
  if (hi - lo > 1e-9 * mean)
    process.stderr.write(
      `note: the box volume changes across frames (${lo.toFixed(1)}–${hi.toFixed(1)} Å³, NPT?); σ uses the mean, ${mean.toFixed(1)} Å³ (or give --volume)\n`,
    );
  return mean;
}

const pm = (v: number, e: number | null) =>
  e === null ? `${v.toExponential(3)}` : `${v.toExponential(3)} ± ${e.toExponential(1)}`;

const ci = (c: [number, number] | null) => (c === null ? '' : `[${c[0].toExponential(2)}, ${c[1].toExponential(2)}]`);

function renderAnalysis(r: EnsembleTransport): string {
  const lines = [
    `temperature   ${r.temperature} K     volume ${r.volume.toFixed(1)} Å³     replicas ${r.replicas}`,
    `fit window    ${r.fit_window_ps[0].toPrecision(4)} – ${r.fit_window_ps[1].toPrecision(4)} ps (${r.fit_window_how})`,
    '',
    'species   D (cm²/s)                95 % interval            β      diffusive  σ_self (S/cm)',
    ...Object.entries(r.species).map(
      ([name, s]) =>
        `${name.padEnd(8)}  ${pm(s.D, s.D_err).padEnd(24)} ${ci(s.D_ci95).padEnd(24)} ${s.beta.toFixed(3).padEnd(6)} ` +
        `${(s.diffusive ? 'yes' : 'no').padEnd(10)} ${s.sigma_self === null ? '—' : pm(s.sigma_self, s.sigma_self_err)}`,
    ),
    '',
    `σ_self (Nernst–Einstein)   ${pm(r.sigma_self, r.sigma_self_err)} S/cm ${ci(r.sigma_self_ci95)}`,
    `σ_full (Eq. 5)             ${pm(r.sigma_full, r.sigma_full_err)} S/cm ${ci(r.sigma_full_ci95)}   replicas: ${r.sigma_full_replicas.map((v) => v.toExponential(2)).join(', ')}`,
    ...(r.sigma_distinct
      ? [
          '  σ_full − σ_self by species pair (distinct correlations):',
          ...Object.entries(r.sigma_distinct).map(([pair, d]) => `    ${pair.padEnd(8)} ${pm(d.mean, d.err)} S/cm`),
        ]
      : []),
    `Haven ratio (${r.mobile})          ${pm(r.haven_ratio, r.haven_ratio_err)} ${r.haven_ratio_ci95 ? ci(r.haven_ratio_ci95) : '(interval not estimable)'}`,
  ];
  return lines.join('\n') + '\n';
}
