/**
 * The LAMMPS commands that reproduce a force field, for cross-checks and benchmarks:
 * `born/coul/dsf` (or `born/coul/long` + `kspace_style ewald`), with `hybrid/overlay … morse`
 * when Morse terms are present.
 */
import type { ForceFieldDescriptor } from '../forcefield/descriptor.js';
import { findPair } from '../forcefield/descriptor.js';

export function lammpsPairCommands(
  ff: ForceFieldDescriptor,
  typeElements: readonly string[],
  ewaldAccuracy = 1e-10,
): string {
  const nt = typeElements.length;
  const entries: { i: number; j: number; born?: string; morse?: string }[] = [];
  let hasMorse = false;
  for (let i = 1; i <= nt; i++) {
    for (let j = i; j <= nt; j++) {
      const pair = findPair(ff, typeElements[i - 1], typeElements[j - 1]);
      if (!pair) throw new Error(`no pair ${typeElements[i - 1]}-${typeElements[j - 1]}`);
      const borns = pair.terms.filter((t) => t.kind === 'born');
      const morses = pair.terms.filter((t) => t.kind === 'morse');
      if (borns.length > 1 || morses.length > 1)
        throw new Error('LAMMPS export supports one born and one morse term per pair');
      const b = borns[0];
      const m = morses[0];
      hasMorse ||= Boolean(m);
      entries.push({
        i,
        j,
        born: b ? `${b.A} ${b.rho} ${b.sigma} ${b.C} ${b.D} ${b.cutoff}` : `0 1 0 0 0`,
        morse: m ? `${m.D0} ${m.alpha} ${m.r0} ${m.cutoff}` : undefined,
      });
    }
  }
  const c = ff.coulomb;
  const born =
    c.method === 'dsf'
      ? `born/coul/dsf ${c.alpha} ${ff.cutoff} ${c.cutoff}`
      : `born/coul/long ${ff.cutoff} ${c.cutoff}`;
  const lines: string[] = [];
  if (hasMorse) {
    lines.push(`pair_style hybrid/overlay ${born} morse ${ff.cutoff}`);
    for (const e of entries) lines.push(`pair_coeff ${e.i} ${e.j} ${born.split(' ')[0]} ${e.born}`);
    lines.push('pair_coeff * * morse 0.0 1.0 1.0');
    for (const e of entries) if (e.morse) lines.push(`pair_coeff ${e.i} ${e.j} morse ${e.morse}`);
  } else {
    lines.push(`pair_style ${born}`);
    for (const e of entries) lines.push(`pair_coeff ${e.i} ${e.j} ${e.born}`);
  }
  if (c.method === 'ewald') lines.push('pair_modify table 0', `kspace_style ewald ${ewaldAccuracy}`);
  return lines.join('\n') + '\n';
}
