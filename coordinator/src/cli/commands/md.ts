/** `ionsweep md …`: single-point forces and single MD runs. */
import type { Command } from 'commander';
import { parseChoice } from '@ionsweep/shared';
import { singlePoint } from '@ionsweep/node-agent/md';
import { loadData, loadForceField } from '../inputs.js';
import { runMd, type MdRunOptions } from './md-run.js';

interface SinglePointOptions {
  data: string;
  forcefield?: string;
  coulomb?: string;
  types?: string;
  format: string;
}

export function registerMd(program: Command): void {
  const md = program.command('md').summary('molecular dynamics: single-point forces, single runs');
  md.command('single-point')
    .summary('energy, forces, virial and pressure of one configuration')
    .requiredOption('--data <file>', 'LAMMPS data file (atom_style charge)')
    .option('--forcefield <file>', 'force-field YAML (default: the bundled ns-ss-2026)')
    .option('--coulomb <method>', 'dsf | ewald (default: the force field’s)')
    .option('--types <list>', 'element of each type, e.g. Na,Si,S (default: Masses comments)')
    .option('--format <format>', 'json | table', 'json')
    .addHelpText('after', '\nUnits: energy eV, forces eV/Å (ordered by atom id), virial eV, pressure bar.')
    .action((o: SinglePointOptions) => runSinglePoint(o));
  md.command('run')
    .summary('one MD run: by protocol file or by ensemble flags')
    .requiredOption('--data <file>', 'LAMMPS data file (atom_style charge)')
    .option('--forcefield <file>', 'force-field YAML (default: the bundled ns-ss-2026)')
    .option('--types <list>', 'element of each type, e.g. Na,Si,S (default: Masses comments)')
    .option('--coulomb <method>', 'dsf | ewald (default: the force field’s)')
    .option('--protocol <file>', 'protocol YAML: relax → melt → quench → equilibrate → production')
    .option(
      '--ensemble <name>',
      'nve | nvt (Nosé–Hoover chain) | csvr (stochastic rescaling) | npt (stochastic cell rescaling + csvr)',
    )
    .option('--temperature <K>', 'target temperature (nvt, csvr, npt; initial velocities for nve)')
    .option('--pressure-bar <P>', 'npt: target pressure, bar', '1')
    .option('--pdamp-ps <ps>', 'npt: relaxation time of the volume, ps', '1')
    .option('--compressibility <1/bar>', 'npt: isothermal compressibility (sets how fast the volume moves)', '5e-6')
    .option(
      '--barostat <kind>',
      'npt: c-rescale (stochastic cell rescaling + CSVR, robust) | mtk (Martyna–Tobias–Klein + Nosé–Hoover chains, LAMMPS fix npt)',
      'c-rescale',
    )
    .option('--steps <n>', 'number of steps (with --ensemble)')
    .option('--dt-fs <fs>', 'timestep, fs (with --ensemble)', '1')
    .option('--tdamp-ps <ps>', 'thermostat time constant, ps', '0.1')
    .option('--thermo-every <n>', 'thermo output interval, steps', '100')
    .option('--dump-every <n>', 'write DIR/dump.lammpstrj (id type xu yu zu) every n steps')
    .option('--dump-format <format>', 'lammps (dump.lammpstrj) | extxyz (dump.extxyz, wrapped)', 'lammps')
    .option('--checkpoint-every <n>', 'checkpoint interval, steps', '1000')
    .option(
      '--kernel <name>',
      'wasm (WebAssembly SIMD tables) | tabulated (the same tables in JS) | exact (the formulas, as LAMMPS)',
      'wasm',
    )
    .option('--threads <n>', 'threads computing the pair forces of this one run (wasm kernel)', '1')
    .option('--seed <n>', 'random seed (velocities, stochastic thermostat)', '1')
    .option('--resume', 'continue from DIR/checkpoint.bin if it exists')
    .option('--sample-every <n>', 'production sampling interval, steps (with --ensemble)', '10')
    .option('--analyze', 'accumulate displacement correlations in production: DIR/transport.json, msd.svg and msd.csv')
    .option('--fit-window <t0:t1>', 'with --analyze: fit window in ps (default automatic)')
    .option(
      '--structure',
      'structure of the production stage: DIR/structure.json and DIR/structure/*.svg (see ionsweep structure)',
    )
    .option(
      '--structure-every <n>',
      'with --structure: steps between analysed frames (a multiple of the sampling interval)',
      '1000',
    )
    .option(
      '--cutoffs <list>',
      'with --structure: bond cutoffs, e.g. Si-S=2.7,S-S=2.5 (default: first minimum of the first frame, see ionsweep structure)',
    )
    .requiredOption('--out <dir>', 'output directory: final.data, thermo.csv, run.json, checkpoint.bin')
    .addHelpText(
      'after',
      '\nthermo.csv: step, time, stage, T, energies (eV), pressure (bar), volume (Å³) and density (g/cm³).\n' +
        'NPT (stochastic cell rescaling, Bernetti & Bussi 2020) keeps its conserved quantity in conserved_eV.\n\n' +
        'Example:\n  ionsweep md run --data ns9.data --ensemble npt --temperature 2000 --pressure-bar 1 --pdamp-ps 1 --steps 20000 --out npt/',
    )
    .action((o: MdRunOptions) => runMd(o));
}

function runSinglePoint(o: SinglePointOptions): void {
  const ff = loadForceField(o.forcefield);
  const conf = loadData(o.data, o.types);
  const format = parseChoice('--format', o.format, ['json', 'table'] as const);
  const coulomb = o.coulomb === undefined ? undefined : parseChoice('--coulomb', o.coulomb, ['dsf', 'ewald'] as const);
  const r = singlePoint(conf, ff, { coulomb });
  if (format === 'json') {
    process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const t = r.energy_terms;
  process.stdout.write(
    [
      `atoms            ${r.forces.length}`,
      `energy           ${r.energy} eV`,
      `  born           ${t.born}`,
      `  morse          ${t.morse}`,
      `  coulomb pair   ${t.coulomb_pair}`,
      `  coulomb self   ${t.coulomb_self}`,
      `  coulomb kspace ${t.coulomb_kspace}`,
      `pressure         ${r.pressure} bar`,
      `virial (eV)      ${r.virial.join(' ')}`,
    ].join('\n') + '\n',
  );
}
