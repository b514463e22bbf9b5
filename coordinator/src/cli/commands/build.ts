/** `ionsweep build`: a random, relaxed starting configuration as a LAMMPS data file. */
import type { Command } from 'commander';
import {
  CHARGE_NEUTRALITY_RULES,
  countsFromComposition,
  InputError,
  isSpeciesName,
  parseChoice,
  parseNumber,
  type ChargeNeutralityRule,
  writeFileAtomic,
  writeLammpsData,
} from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  fireMinimize,
  ForceEngine,
  placeAtoms,
  stateFromConfiguration,
} from '@ionsweep/node-agent/md';
import { loadForceField, parseTypes } from '../inputs.js';

interface RawOptions {
  x?: string;
  m?: string;
  atoms?: string;
  counts?: string;
  elements: string;
  box?: string;
  density?: string;
  forcefield?: string;
  chargeNeutrality: string;
  seed: string;
  minSeparation: string;
  relaxSteps: string;
  fmax: string;
  out: string;
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .summary('build a random, relaxed starting configuration (LAMMPS data file)')
    .description(
      'Place atoms at random in a cubic box with a minimum separation, make the charges neutral and ' +
        'relax with FIRE so that the first MD step is sane. Composition from --x/--m/--atoms (rounding: ' +
        'largest remainder, total exactly N) or explicit --counts.',
    )
    .option('--x <x>', 'modifier content x of x M2Y – (1−x) AY_m, in [0, 1)')
    .option('--m <m>', 'flexibility index m >= 2')
    .option('--atoms <N>', 'total number of atoms (with --x/--m)')
    .option('--counts <list>', 'explicit counts, e.g. Na=200,Si=900,S=1900')
    .option('--elements <M,A,Y>', 'elements of the modifier, former and chalcogen (with --x/--m)', 'Na,Si,S')
    .option('--box <L>', 'cubic box edge, Å')
    .option('--density <rho>', 'mass density, g/cm³ (instead of --box)')
    .option('--forcefield <file>', 'force-field YAML (default: the bundled ns-ss-2026)')
    .option(
      '--charge-neutrality <rule>',
      'auto (excess-anion when the force field has a species for the excess anions, as ns-ss-2026 has S0; rescale-anion otherwise) | rescale-anion (every anion rescaled) | excess-anion (the excess anions are a second type carrying the rest: 0 for S in Na–Si–S) | refuse',
      'auto',
    )
    .option('--seed <n>', 'random seed', '1')
    .option('--min-separation <d>', 'smallest distance between placed atoms, Å', '1.8')
    .option('--relax-steps <n>', 'most FIRE steps (0: no relaxation)', '1000')
    .option('--fmax <f>', 'FIRE stops below this largest force component, eV/Å', '1.0')
    .requiredOption('--out <file>', 'data file to write')
    .addHelpText(
      'after',
      '\nExamples:\n  ionsweep build --x 0.1 --m 2 --atoms 3000 --box 42.6 --seed 1 --out ns9.data\n  ionsweep build --counts Na=200,Si=900,S=1900 --density 1.95 --out ns9.data',
    )
    .action((raw: RawOptions) => runBuild(raw));
}

function parseCounts(raw: RawOptions): [string, number][] {
  if (raw.counts !== undefined) {
    if (raw.x !== undefined || raw.m !== undefined || raw.atoms !== undefined) {
      throw new InputError('--counts', 'give either --counts or --x/--m/--atoms, not both');
    }
    return raw.counts.split(',').map((part) => {
      const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(\d+)\s*$/.exec(part);
      if (!m || !isSpeciesName(m[1]))
        throw new InputError('--counts', `expected Element=count (or a species, S0=600), e.g. Na=200; got '${part}'`);
      return [m[1], Number(m[2])];
    });
  }
  if (raw.x === undefined || raw.m === undefined || raw.atoms === undefined) {
    throw new InputError('--x', 'give --x, --m and --atoms (or --counts)');
  }
  const x = parseNumber('--x', raw.x);
  const m = parseNumber('--m', raw.m);
  const atoms = parseNumber('--atoms', raw.atoms);
  const els = parseTypes(raw.elements)!;
  if (els.length !== 3) throw new InputError('--elements', 'expected three elements M,A,Y');
  let c;
  try {
    c = countsFromComposition(x, m, atoms);
  } catch (err) {
    throw err instanceof InputError ? err.renamed(`--${err.field}`) : err;
  }
  return [
    [els[0], c.M],
    [els[1], c.A],
    [els[2], c.Y],
  ];
}

export function runBuild(raw: RawOptions): void {
  const ff = loadForceField(raw.forcefield);
  const counts = parseCounts(raw);
  const conf = placeAtoms(
    {
      counts,
      box: raw.box === undefined ? undefined : parseNumber('--box', raw.box),
      density: raw.density === undefined ? undefined : parseNumber('--density', raw.density),
      chargeNeutrality: parseChoice<ChargeNeutralityRule>(
        '--charge-neutrality',
        raw.chargeNeutrality,
        CHARGE_NEUTRALITY_RULES,
      ),
      seed: parseNumber('--seed', raw.seed),
      minSeparation: parseNumber('--min-separation', raw.minSeparation),
    },
    ff,
  );
  const state = stateFromConfiguration(conf);
  const relaxSteps = parseNumber('--relax-steps', raw.relaxSteps);
  let relaxNote = 'not relaxed';
  if (relaxSteps > 0) {
    const engine = new ForceEngine(compileForceField(ff, state), state);
    const r = fireMinimize(state, engine, { maxSteps: relaxSteps, fmax: parseNumber('--fmax', raw.fmax) });
    relaxNote = `FIRE ${r.steps} steps, largest force ${r.fmax.toFixed(3)} eV/Å${r.converged ? '' : ' (not converged)'}, E = ${r.energy.toFixed(4)} eV`;
  }
  const out = configurationFromState(state, conf.title, false);
  writeFileAtomic(raw.out, writeLammpsData(out));
  const L = conf.hi[0];
  process.stderr.write(
    `wrote ${raw.out}: ${counts.map(([e, n]) => `${e} ${n}`).join(', ')}; box ${L.toFixed(4)} Å; ${relaxNote}\n`,
  );
}
