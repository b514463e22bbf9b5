/**
 * `ionsweep analyze-quench THERMO.csv`: the glass transition of a quench from `md run`'s thermo
 * log: V(T) and H(T) binned in temperature, each fitted with two lines that meet at Tg
 * (fitGlassTransition), Tg with its 95 % interval, the thermal expansion of glass and liquid,
 * and the density at the lowest temperature reached.
 */
import type { Command } from 'commander';
import {
  binByTemperature,
  fitGlassTransition,
  InputError,
  NKTV2P,
  parseChoice,
  parseNumber,
  renderFigure,
  writeFileAtomic,
  type GlassTransitionFit,
} from '@ionsweep/shared';
import { readTextFile } from '../inputs.js';

interface QuenchOptions {
  stage: string;
  binK?: string;
  format: string;
  plot?: string;
}

export function registerAnalyzeQuench(program: Command): void {
  program
    .command('analyze-quench')
    .summary('the glass transition of a constant-pressure quench: Tg from V(T) and H(T), with intervals')
    .argument('<thermo.csv>', 'thermo log of `ionsweep md run` (volume_A3, total_eV, pressure_bar per row)')
    .option('--stage <name>', 'rows of this stage (quench, equilibrate, …) or all', 'quench')
    .option('--bin-K <K>', 'temperature bin width, K (default: the range / 40)')
    .option('--format <format>', 'table | json', 'table')
    .option('--plot <file.svg>', 'V(T) and H(T) with the two fitted lines and Tg')
    .addHelpText(
      'after',
      '\nEach property is binned in temperature (rows along a quench are correlated; bins make the\n' +
        'residuals closer to independent) and fitted with two lines meeting at Tg; the interval is the\n' +
        'profile one (coverage 94–98 % on synthetic quenches). H = E_total + P·V. Quench at constant\n' +
        'pressure (thermostat: npt), slowly enough that the liquid line is reached.\n\n' +
        'Example:\n  ionsweep md run --data ns9.data --protocol examples/protocols/glass-npt-quench.yaml --out q/\n' +
        '  ionsweep analyze-quench q/thermo.csv --plot q/tg.svg',
    )
    .action((file: string, o: QuenchOptions) => runAnalyzeQuench(file, o));
}

interface QuenchResult {
  rows: number;
  bins: number;
  bin_K: number;
  volume: GlassTransitionFit & { expansion_glass_per_K: number; expansion_liquid_per_K: number };
  enthalpy: GlassTransitionFit;
  density_g_cm3_at_lowest_T: number | null;
  lowest_T: number;
}

function runAnalyzeQuench(file: string, o: QuenchOptions): void {
  const format = parseChoice('--format', o.format, ['table', 'json'] as const);
  const rows = readThermo(file, o.stage);
  const T = rows.map((r) => r.temperature_K);
  const range = Math.max(...T) - Math.min(...T);
  const bin = o.binK === undefined ? range / 40 : parseNumber('--bin-K', o.binK);
  if (!(bin > 0)) throw new InputError('--bin-K', `must be > 0 K, got ${o.binK}`);
  const V = rows.map((r) => r.volume_A3);
  const H = rows.map((r) => r.total_eV + (r.pressure_bar / NKTV2P) * r.volume_A3);
  const binned = binByTemperature(T, [V, H], bin);
  if (binned.T.length < 8)
    throw new InputError(
      '--bin-K',
      `${binned.T.length} temperature bins of ${bin.toFixed(1)} K over ${range.toFixed(0)} K; need at least 8 (a smaller --bin-K or a longer quench)`,
    );
  const v = fitGlassTransition(binned.T, binned.ys[0]);
  const h = fitGlassTransition(binned.T, binned.ys[1]);
  const coldest = rows.reduce((a, r) => (r.temperature_K < a.temperature_K ? r : a));
  const result: QuenchResult = {
    rows: rows.length,
    bins: binned.T.length,
    bin_K: bin,
    volume: { ...v, expansion_glass_per_K: v.slopeGlass / v.yTg, expansion_liquid_per_K: v.slopeLiquid / v.yTg },
    enthalpy: h,
    density_g_cm3_at_lowest_T: coldest.density_g_cm3 ?? null,
    lowest_T: coldest.temperature_K,
  };
  if (o.plot) writeFileAtomic(o.plot, quenchFigure(binned, v, h));
  if (format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(table(result));
}

interface ThermoRow {
  stage: string;
  temperature_K: number;
  volume_A3: number;
  total_eV: number;
  pressure_bar: number;
  density_g_cm3?: number;
}

/** The rows of one stage of a thermo.csv, with the columns the fit needs checked. */
function readThermo(file: string, stage: string): ThermoRow[] {
  const lines = readTextFile('<thermo.csv>', file).trim().split('\n');
  const head = lines[0].split(',');
  for (const col of ['stage', 'temperature_K', 'volume_A3', 'total_eV', 'pressure_bar'])
    if (!head.includes(col))
      throw new InputError(
        '<thermo.csv>',
        `${file} has no ${col} column (a thermo.csv of ionsweep md run has step,time_ps,stage,temperature_K,…,volume_A3,density_g_cm3)`,
      );
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: Record<string, string | number> = {};
    head.forEach((h, k) => (row[h] = h === 'stage' ? cells[k] : Number(cells[k])));
    return row as unknown as ThermoRow;
  });
  const picked = stage === 'all' ? rows : rows.filter((r) => r.stage === stage);
  if (picked.length === 0)
    throw new InputError(
      '--stage',
      `${file} has no rows of stage '${stage}' (it has ${[...new Set(rows.map((r) => r.stage))].join(', ')}, or all)`,
    );
  return picked;
}

function table(r: QuenchResult): string {
  const line = (name: string, f: GlassTransitionFit) =>
    `${name}  Tg = ${f.tg.toFixed(0)} K  (95 %: ${f.ci95[0].toFixed(0)}–${f.ci95[1].toFixed(0)} K)${f.atEdge ? '  not bracketed by the data' : ''}`;
  return (
    [
      `${r.rows} rows in ${r.bins} bins of ${r.bin_K.toFixed(1)} K`,
      line('V(T)', r.volume),
      `      thermal expansion: glass ${r.volume.expansion_glass_per_K.toExponential(2)} /K, liquid ${r.volume.expansion_liquid_per_K.toExponential(2)} /K`,
      line('H(T)', r.enthalpy),
      `      heat capacity: glass ${r.enthalpy.slopeGlass.toExponential(3)} eV/K, liquid ${r.enthalpy.slopeLiquid.toExponential(3)} eV/K`,
      r.density_g_cm3_at_lowest_T === null
        ? ''
        : `density at ${r.lowest_T.toFixed(0)} K: ${r.density_g_cm3_at_lowest_T.toFixed(4)} g/cm³`,
    ].join('\n') + '\n'
  );
}

function quenchFigure(b: { T: number[]; ys: number[][] }, v: GlassTransitionFit, h: GlassTransitionFit): string {
  const panel = (ys: number[], f: GlassTransitionFit, yLabel: string, title: string) => {
    const [t0, t1] = [Math.min(...b.T), Math.max(...b.T)];
    const line = (t: number) => f.yTg + (t < f.tg ? f.slopeGlass : f.slopeLiquid) * (t - f.tg);
    return {
      title,
      xLabel: 'T (K)',
      yLabel,
      series: [
        { name: 'binned', color: '#1f77b4', points: b.T.map((t, k) => [t, ys[k]] as const), markers: true },
        { name: '', color: '#d62728', points: [t0, f.tg, t1].map((t) => [t, line(t)] as const) },
      ],
      vlines: [{ x: f.tg, color: '#d62728', label: `Tg ${f.tg.toFixed(0)} K` }],
      legend: 'top-left' as const,
    };
  };
  return renderFigure([panel(b.ys[0], v, 'V (Å³)', 'Volume'), panel(b.ys[1], h, 'H (eV)', 'Enthalpy')], {
    title: 'Glass transition of the quench',
    columns: 2,
  });
}
