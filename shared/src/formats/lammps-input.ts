/**
 * The LAMMPS commands that reproduce a force field, for users, cross-checks and benchmarks:
 * `born/coul/dsf` (or `born/coul/long` + `kspace_style ewald`), overlaid with `morse` when Morse
 * terms are present and with `tersoff` (a potential file written beside the commands) when the
 * force field has a Tersoff term.
 */
import { InputError } from '../errors.js';
import type { ForceFieldDescriptor, TersoffTerm } from '../forcefield/descriptor.js';
import { findPair } from '../forcefield/descriptor.js';

/** The commands and the files they refer to (by name, relative to where LAMMPS runs). */
export interface LammpsPairSetup {
  commands: string;
  files: Record<string, string>;
}

/** The potential file name of a force field's Tersoff term. */
export function tersoffFileName(ff: ForceFieldDescriptor): string {
  const mod = ff.manybody?.some((t) => t.form === 'tersoff/mod');
  return `${ff.name.replace(/[^A-Za-z0-9._-]/g, '_')}.${mod ? 'tersoff.mod' : 'tersoff'}`;
}

export function lammpsPairSetup(
  ff: ForceFieldDescriptor,
  typeElements: readonly string[],
  ewaldAccuracy = 1e-10,
): LammpsPairSetup {
  const nt = typeElements.length;
  for (const el of typeElements)
    if (!(el in ff.elements))
      throw new InputError(
        '--types',
        `element '${el}' is not in force field '${ff.name}' (it has ${Object.keys(ff.elements).join(', ')})`,
      );
  const entries: { i: number; j: number; born: string; morse?: string }[] = [];
  let hasMorse = false;
  for (let i = 1; i <= nt; i++) {
    for (let j = i; j <= nt; j++) {
      const pair = findPair(ff, typeElements[i - 1], typeElements[j - 1])!;
      const borns = pair.terms.filter((t) => t.kind === 'born');
      const morses = pair.terms.filter((t) => t.kind === 'morse');
      if (borns.length > 1 || morses.length > 1)
        throw new InputError(
          'forcefield',
          `${typeElements[i - 1]}-${typeElements[j - 1]} has ${borns.length} born and ${morses.length} morse terms; LAMMPS hybrid/overlay takes one of each per pair`,
        );
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
  const tersoff = ff.manybody?.find((t): t is TersoffTerm => t.kind === 'tersoff');
  const c = ff.coulomb;
  const born =
    c.method === 'dsf'
      ? `born/coul/dsf ${c.alpha} ${ff.cutoff} ${c.cutoff}`
      : `born/coul/long ${ff.cutoff} ${c.cutoff}`;
  const lines: string[] = [];
  const files: Record<string, string> = {};
  if (hasMorse || tersoff) {
    const styles = [born, ...(hasMorse ? [`morse ${ff.cutoff}`] : []), ...(tersoff ? [tersoff.form] : [])];
    lines.push(`pair_style hybrid/overlay ${styles.join(' ')}`);
    for (const e of entries) lines.push(`pair_coeff ${e.i} ${e.j} ${born.split(' ')[0]} ${e.born}`);
    if (hasMorse) {
      lines.push('pair_coeff * * morse 0.0 1.0 1.0');
      for (const e of entries) if (e.morse) lines.push(`pair_coeff ${e.i} ${e.j} morse ${e.morse}`);
    }
    if (tersoff) {
      const file = tersoffFileName(ff);
      files[file] = lammpsTersoffFile(tersoff, ff.name);
      const map = typeElements.map((el) => (tersoff.elements.includes(el) ? el : 'NULL'));
      lines.push(`pair_coeff * * ${tersoff.form} ${file} ${map.join(' ')}`);
    }
  } else {
    lines.push(`pair_style ${born}`);
    for (const e of entries) lines.push(`pair_coeff ${e.i} ${e.j} ${e.born}`);
  }
  if (c.method === 'ewald') lines.push('pair_modify table 0', `kspace_style ewald ${ewaldAccuracy}`);
  return { commands: lines.join('\n') + '\n', files };
}

/** The pair commands alone, for force fields without potential files (tests, benchmarks). */
export function lammpsPairCommands(
  ff: ForceFieldDescriptor,
  typeElements: readonly string[],
  ewaldAccuracy = 1e-10,
): string {
  return lammpsPairSetup(ff, typeElements, ewaldAccuracy).commands;
}

/** A LAMMPS tersoff potential file: one line per triplet, every number at full precision. */
export function lammpsTersoffFile(term: TersoffTerm, name: string): string {
  const mod = term.form === 'tersoff/mod';
  const lines = [
    `# Tersoff term of force field ${name}, written by ionsweep (LAMMPS pair_style ${term.form}, metal units)`,
    mod
      ? '# element1 element2 element3 m lambda3 costheta0 eta beta lambda2 B R D lambda1 A n c1 c2 c3 c4 c5'
      : '# element1 element2 element3 m gamma lambda3 c d costheta0 n beta lambda2 B R D lambda1 A',
  ];
  for (const e of term.entries) {
    const cols = mod
      ? [e.m, e.lambda3, e.h, e.mod!.eta, e.beta, e.lambda2, e.B, e.R, e.D, e.lambda1, e.A, e.n,
          e.mod!.c1, e.mod!.c2, e.mod!.c3, e.mod!.c4, e.mod!.c5] // prettier-ignore
      : [e.m, e.gamma, e.lambda3, e.c, e.d, e.h, e.n, e.beta, e.lambda2, e.B, e.R, e.D, e.lambda1, e.A];
    lines.push([e.i, e.j, e.k, ...cols].join(' '));
  }
  return lines.join('\n') + '\n';
}
