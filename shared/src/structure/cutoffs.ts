/**
 * Bond cutoffs per element pair: given by the user (`Si-S=2.7,S-S=2.5`), or by default
 * - cation–anion pairs (Si–S, Na–S): the first minimum of g_ab(r);
 * - pairs of network atoms of one kind (S–S, Si–Si, Si–Ge): 1.2 × the sum of covalent radii
 *   (Cordero et al., Dalton Trans. 2832 (2008)); the first minimum of g_SS is that of non-bonded
 *   contacts (≈ 4.9 Å) when there are no S–S bonds, so it cannot be the default;
 * - pairs of cations (Na–Na, Na–Si): no bonds.
 */
import { InputError } from '../errors.js';
import { elementRole } from './network.js';

export const COVALENT_RADIUS: Readonly<Record<string, number>> = Object.freeze({
  H: 0.31, Li: 1.28, B: 0.84, C: 0.76, N: 0.71, O: 0.66, F: 0.57, Na: 1.66, Mg: 1.41, Al: 1.21, Si: 1.11,
  P: 1.07, S: 1.05, Cl: 1.02, K: 2.03, Ca: 1.76, Ga: 1.22, Ge: 1.2, As: 1.19, Se: 1.2, Br: 1.2, Ag: 1.45,
  Sn: 1.39, Sb: 1.39, Te: 1.38, I: 1.39, Cs: 2.44,
}); // prettier-ignore

export type CutoffSource = 'given' | 'first-min' | 'covalent' | 'none';

export interface CutoffRule {
  source: CutoffSource;
  /** Å; for first-min, filled in once g(r) is known */
  value: number;
}

/** `Si-S=2.7,S-S=2.5` → pair key (elements in `elements` order) → cutoff. */
export function parseCutoffs(
  text: string | undefined,
  elements: readonly string[],
  field = '--cutoffs',
): Map<string, number> {
  const out = new Map<string, number>();
  if (text === undefined || text.trim() === '') return out;
  for (const part of text.split(',')) {
    const m = /^\s*([A-Z][a-z]?)-([A-Z][a-z]?)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new InputError(field, `expected A-B=cutoff pairs, e.g. Si-S=2.7; got '${part.trim()}'`);
    for (const e of [m[1], m[2]])
      if (!elements.includes(e))
        throw new InputError(
          field,
          `'${e}' in ${m[1]}-${m[2]} is not an element of the system (${elements.join(', ')})`,
        );
    const v = Number(m[3]);
    if (!Number.isFinite(v) || v < 0)
      throw new InputError(field, `${m[1]}-${m[2]}: the cutoff must be a number >= 0 Å, got '${m[3]}'`);
    out.set(pairName(elements, elements.indexOf(m[1]), elements.indexOf(m[2])), v);
  }
  return out;
}

/** Cutoffs of a sweep file's `structure.cutoffs` mapping, checked as `--cutoffs` is. */
export function cutoffsFromRecord(record: Record<string, number>, elements: readonly string[]): Map<string, number> {
  const text = Object.entries(record)
    .map(([pair, v]) => `${pair}=${v}`)
    .join(',');
  return parseCutoffs(text, elements, 'structure.cutoffs');
}

/** "A-B" with A before B in the element order. */
export function pairName(elements: readonly string[], a: number, b: number): string {
  return a <= b ? `${elements[a]}-${elements[b]}` : `${elements[b]}-${elements[a]}`;
}

/** The rule for each pair a ≤ b (index a · ne + b). */
export function cutoffRules(elements: readonly string[], given: Map<string, number>): CutoffRule[] {
  const ne = elements.length;
  const rules: CutoffRule[] = new Array<CutoffRule>(ne * ne);
  for (let a = 0; a < ne; a++)
    for (let b = a; b < ne; b++) {
      const name = pairName(elements, a, b);
      const ra = elementRole(elements[a]);
      const rb = elementRole(elements[b]);
      let rule: CutoffRule;
      if (given.has(name)) rule = { source: 'given', value: given.get(name)! };
      else if ((ra === 'anion') !== (rb === 'anion')) rule = { source: 'first-min', value: 0 };
      else if (ra !== 'modifier' && rb !== 'modifier' && COVALENT_RADIUS[elements[a]] && COVALENT_RADIUS[elements[b]])
        rule = { source: 'covalent', value: 1.2 * (COVALENT_RADIUS[elements[a]] + COVALENT_RADIUS[elements[b]]) };
      else rule = { source: 'none', value: 0 };
      rules[a * ne + b] = rules[b * ne + a] = rule;
    }
  return rules;
}
