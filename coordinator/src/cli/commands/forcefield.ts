/** `ionsweep forcefield export`: a force field as LAMMPS commands and potential files. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError, lammpsPairSetup, writeFileAtomic } from '@ionsweep/shared';
import { loadForceField, parseTypes, writableDir } from '../inputs.js';

interface ExportOptions {
  lammps: string;
  types: string;
}

export function registerForceField(program: Command): void {
  const ff = program.command('forcefield').summary('force-field files: export to LAMMPS');
  ff.command('export')
    .summary('write LAMMPS pair_style/pair_coeff commands (DIR/pair.lmp) and any potential files')
    .description(
      'Writes DIR/pair.lmp, the pair_style and pair_coeff commands of the force field for the atom types in ' +
        'the order of --types, and the potential files it refers to (a Tersoff term: DIR/<name>.tersoff), by ' +
        'relative path: run LAMMPS in DIR, or copy them beside your input, and `include pair.lmp` after read_data. ' +
        'Charges are not in it: they come from the data file (atom_style charge), as in ionsweep.',
    )
    .argument('<file>', 'force-field YAML (e.g. examples/forcefields/ns-ss-2026.yaml)')
    .requiredOption('--lammps <dir>', 'output directory')
    .requiredOption('--types <list>', 'element of each LAMMPS atom type, in type order, e.g. Na,Si,S or Na,Si,S,S')
    .addHelpText(
      'after',
      '\nExample:\n  ionsweep forcefield export examples/forcefields/ns-ss-2026.yaml --lammps lmp/ --types Na,Si,S\n' +
        '  # in.lammps: units metal / atom_style charge / read_data system.data / include pair.lmp',
    )
    .action((file: string, o: ExportOptions) => runExport(file, o));
}

function runExport(file: string, o: ExportOptions): void {
  const ff = loadForceField(file);
  const types = parseTypes(o.types)!;
  if (types.length === 0) throw new InputError('--types', 'name at least one element');
  const setup = lammpsPairSetup(ff, types);
  const dir = writableDir('--lammps', o.lammps);
  const header = `# ${ff.name} for LAMMPS (units metal, atom_style charge), types ${types.map((t, k) => `${k + 1}=${t}`).join(' ')}; written by ionsweep forcefield export\n`;
  writeFileAtomic(join(dir, 'pair.lmp'), header + setup.commands);
  for (const [name, text] of Object.entries(setup.files)) writeFileAtomic(join(dir, name), text);
  process.stdout.write(`wrote ${['pair.lmp', ...Object.keys(setup.files)].map((f) => join(dir, f)).join(', ')}\n`);
}
