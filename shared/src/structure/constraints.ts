/**
 * The MD constraint count: Maxwell / Phillips–Thorpe constraints from the measured bonds, with
 * the per-atom rules behind the paper's Eq. 1, so that a chemically ordered network gives Eq. 1
 * exactly. An atom with r ≥ 2 network bonds has r/2 stretching + 2r − 3 bending constraints
 * (Si: 7, two-fold S: 2); a one-fold (non-bridging) anion has 1, as Eq. 1 counts it (its bond to
 * the former and its ionic bond to the cation); a modifier has 0.5 (Eq. 1's M = 0.5); an atom
 * with no network bond has none. f_MD = 3 − n_c per atom.
 */
import { compositionFromCounts } from '../composition/composition.js';
import { floppyFraction } from '../model/constraints.js';
import { elementRole } from './network.js';
import type { StructureFrame } from './frame.js';

export function constraintsOfAtom(role: ReturnType<typeof elementRole>, r: number): number {
  if (role === 'modifier') return 0.5;
  if (r === 0) return 0;
  if (r === 1) return 1;
  return r / 2 + (2 * r - 3);
}

/** Constraints per atom, n_c, of the frame given each atom's network bonds. */
export function constraintsPerAtom(frame: StructureFrame, networkBonds: Int32Array): number {
  const roles = frame.elements.map(elementRole);
  let nc = 0;
  for (let i = 0; i < frame.element.length; i++) nc += constraintsOfAtom(roles[frame.element[i]], networkBonds[i]);
  return nc / frame.element.length;
}

/**
 * Eq. 1's f at the frame's composition, when it is x M2Y – (1 − x) AY_m with the paper's roles
 * (one modifier, one former and one anion element; the modifier may be absent); null otherwise.
 */
export function meanFieldFloppiness(
  elements: readonly string[],
  counts: Float64Array,
): { x: number; m: number; f: number } | null {
  const present = elements.map((e, k) => ({ e, n: counts[k], role: elementRole(e) })).filter((p) => p.n > 0);
  const of = (role: string) => present.filter((p) => p.role === role);
  if (of('former').length !== 1 || of('anion').length !== 1 || of('modifier').length > 1) return null;
  const { x, m } = compositionFromCounts({ M: of('modifier')[0]?.n ?? 0, A: of('former')[0].n, Y: of('anion')[0].n });
  return { x, m, f: floppyFraction(x, m) };
}
