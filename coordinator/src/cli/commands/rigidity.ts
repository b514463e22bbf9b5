/** `ionsweep rigidity`: evaluates the analytic model (paper Eqs. 1–4) on an x × m grid. */
import type { Command } from 'commander';
import {
  compileRigidityOptions,
  figure1Svg,
  InputError,
  LOW_T_LIMIT,
  parseChoice,
  parseNumber,
  parseNumberList,
  renderCsv,
  renderTable,
  rigidityPoint,
  RIGIDITY_FIELDS,
  VARIANTS,
  writeFileAtomic,
  type ClassEnergies,
  type RigidityPoint,
  type Variant,
} from '@ionsweep/shared';

const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Columns of the human-readable table (CSV and JSON carry every field). */
const TABLE_COLUMNS = ['x', 'm', 'f', 'm_c', 'x_c', 'pSR', 'pIS', 'pFL', 'f2', 'n_L', 'mu', 'sigma'];

interface RawOptions {
  x: string;
  m: string;
  variant: string;
  ec: string;
  delta: string;
  energies?: string;
  kt: string;
  format: string;
  plot?: string;
}

const HELP_AFTER = `
Values: a single number (0.1), a comma list (2,3,4) or start:stop:step (0:0.333:0.01, stop
included). Allowed: x in [0, 1/3], m >= 2, Ec >= 0, kT > 0.

Energies are in units of kT (or of --kt if given). The default class energies are the
low-temperature limit: only isostatic connections where the unit fractions allow (inf,0,inf).

Examples:
  ionsweep rigidity --x 0.1 --m 3.1111111 --format json      f ≈ 0 at m_c(0.1) = 28/9
  ionsweep rigidity --x 0:0.333:0.005 --m 2,3,4 --plot fig1.svg
  ionsweep rigidity --x 0.2 --m 2,3 --variant literal --energies 1,0,1 --format csv`;

export function registerRigidity(program: Command): void {
  program
    .command('rigidity')
    .summary('evaluate the rigidity and hopping-conductivity model (Eqs. 1–4)')
    .description(
      'Evaluate the constraint-counting model of x Na2S – (1−x) SiS_m on a grid: f (Eq. 1), m_c, x_c, ' +
        'unit and pair-cluster probabilities, floppy-mode density f2 (Eq. 2), ⟨Ec⟩ (Eq. 4), n_L, μ and σ (Eq. 3).',
    )
    .requiredOption('--x <values>', 'modifier content x: value, list or start:stop:step, in [0, 1/3]')
    .requiredOption('--m <values>', 'flexibility index m: value, list or start:stop:step, >= 2')
    .option('--variant <name>', `pair probabilities: ${VARIANTS.join(' | ')}`, 'pairing')
    .option('--ec <energy>', 'Coulomb energy Ec to extract a cation from an anionic site', '0.0002')
    .option('--delta <energy>', 'strain-energy scale Δ (E_m = −Δ f2)', '0.2')
    .option('--energies <SR,IS,FL>', 'class energies E_SR,E_IS,E_FL (default: inf,0,inf, the low-T limit)')
    .option('--kt <energy>', 'thermal energy kT that Ec and Δ are divided by', '1')
    .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'table')
    .option('--plot <file.svg>', 'also draw the Fig. 1 analogue as SVG')
    .addHelpText('after', HELP_AFTER)
    .action((raw: RawOptions) => runRigidity(raw));
}

function parseEnergies(text: string | undefined): ClassEnergies {
  if (text === undefined) return LOW_T_LIMIT;
  const parts = text.split(',');
  if (parts.length !== 3) throw new InputError('--energies', `expected three values SR,IS,FL; got '${text}'`);
  const [SR, IS, FL] = parts.map((p) => parseNumber('--energies', p, { allowInfinity: true }));
  return { SR, IS, FL };
}

/** Re-attributes library errors (field `x`) to the flag the user typed (`--x`). */
function asFlag<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError && !err.field.startsWith('--')) throw err.renamed(`--${err.field.toLowerCase()}`);
    throw err;
  }
}

export function runRigidity(raw: RawOptions): void {
  const xs = parseNumberList('--x', raw.x);
  const ms = parseNumberList('--m', raw.m);
  const format = parseChoice<Format>('--format', raw.format, FORMATS);
  const compiled = asFlag(() =>
    compileRigidityOptions({
      variant: parseChoice<Variant>('--variant', raw.variant, VARIANTS),
      ec: parseNumber('--ec', raw.ec),
      delta: parseNumber('--delta', raw.delta),
      kT: parseNumber('--kt', raw.kt),
      energies: parseEnergies(raw.energies),
    }),
  );
  if (raw.plot !== undefined && !raw.plot.toLowerCase().endsWith('.svg')) {
    throw new InputError('--plot', `the plot is written as SVG; give a file name ending in .svg, got '${raw.plot}'`);
  }
  const points: RigidityPoint[] = asFlag(() => ms.flatMap((m) => xs.map((x) => rigidityPoint(x, m, compiled))));
  process.stdout.write(render(points, format));
  if (raw.plot !== undefined) {
    const subtitle = `${compiled.variant}, Ec = ${compiled.ec}, Δ = ${compiled.delta} (kT = ${compiled.kT})`;
    writeFileAtomic(raw.plot, figure1Svg(points, subtitle));
    process.stderr.write(`wrote ${raw.plot}\n`);
  }
}

function render(points: RigidityPoint[], format: Format): string {
  const records = points as unknown as Record<string, number | null>[];
  if (format === 'json') return JSON.stringify(points, null, 2) + '\n';
  if (format === 'csv') return renderCsv(records, RIGIDITY_FIELDS);
  return renderTable(records, TABLE_COLUMNS);
}
