/**
 * The LAMMPS twin of the tabulated kernels: `pair_style table` files with every pair term and
 * the real-space Coulomb folded into one table per type pair, as ours fold them (charges are
 * fixed per type). This is the fastest LAMMPS runs this model on one core, so it is what the
 * engine benchmark measures against (LAMMPS's `pair_write` cannot write born/coul/dsf, hence
 * tables computed here from the same formulas). Few-body terms are not tabulable and are left out.
 */
import type { MdState } from '../state.js';
import type { CompiledForceField } from './compile.js';
import { exactPair, tabulationObstacle, typeCharges } from './pair-table.js';

export interface LammpsTableOptions {
  /** points in the file and in LAMMPS's interpolation table (`pair_style table linear N`) */
  points: number;
  /** first tabulated distance, Å (closer pairs stop LAMMPS with "Pair distance < table inner cutoff") */
  rInner: number;
}

export const DEFAULT_LAMMPS_TABLE: LammpsTableOptions = { points: 20000, rInner: 1.0 };

/** The commands and the table file (named `pairs.table`) for LAMMPS, or an error naming why not. */
export function lammpsTableSetup(
  ff: CompiledForceField,
  s: MdState,
  options: LammpsTableOptions = DEFAULT_LAMMPS_TABLE,
): { commands: string; files: Record<string, string> } {
  const obstacle = tabulationObstacle(ff, s);
  if (obstacle) throw new Error(`cannot write LAMMPS tables: ${obstacle}`);
  const q = typeCharges(ff, s);
  const { points, rInner } = options;
  const sIn = rInner * rInner;
  const ds = (ff.cutoff * ff.cutoff - sIn) / (points - 1);
  const file = ['# ionsweep: pair terms + real-space Coulomb per type pair, charges folded in (metal units)'];
  const commands = [`pair_style table linear ${points}`];
  for (let a = 0; a < ff.ntypes; a++) {
    for (let b = a; b < ff.ntypes; b++) {
      const key = `PAIR_${a + 1}_${b + 1}`; // types, not elements: species (S, S0) share one
      const qq = ff.qqrd2e * q[a] * q[b];
      file.push('', key, `N ${points} RSQ ${rInner} ${ff.cutoff}`, '');
      for (let k = 0; k < points; k++) {
        const r = Math.sqrt(sIn + k * ds);
        const [e, fr] = exactPair(ff, a * ff.ntypes + b, qq, r);
        file.push(`${k + 1} ${r.toPrecision(17)} ${e.toPrecision(17)} ${(fr * r).toPrecision(17)}`);
      }
      commands.push(`pair_coeff ${a + 1} ${b + 1} pairs.table ${key} ${ff.cutoff}`);
    }
  }
  return { commands: commands.join('\n') + '\n', files: { 'pairs.table': file.join('\n') + '\n' } };
}
