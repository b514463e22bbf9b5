/**
 * Composition of the glass x M2Y – (1−x) AY_m, i.e. M_{2x} A_{1−x} Y_{m(1−x)+x}
 * (M = Na, A = Si, Y = S in this project).
 */
import { InputError } from '../errors.js';

/** Atom counts of the three species. */
export interface Counts {
  /** modifier cation (Na) */
  M: number;
  /** network former (Si) */
  A: number;
  /** chalcogen (S) */
  Y: number;
}

/** Atoms per formula unit: N = 1 + 2x + m(1−x). */
export function atomsPerFormulaUnit(x: number, m: number): number {
  return 1 + 2 * x + m * (1 - x);
}

/** Atom fractions (M, A, Y) of the composition; they sum to 1. */
export function atomFractions(x: number, m: number): Counts {
  const n = atomsPerFormulaUnit(x, m);
  return { M: (2 * x) / n, A: (1 - x) / n, Y: (m * (1 - x) + x) / n };
}

/**
 * Integer atom counts for N atoms.
 *
 * Rounding rule (largest remainder, Hamilton): each species gets floor(N·fraction); the atoms
 * still missing to reach N go one each to the species with the largest fractional parts, ties
 * broken in the order M, A, Y. The total is therefore exactly N, and each count is within one
 * atom of its exact share.
 */
export function countsFromComposition(x: number, m: number, atoms: number): Counts {
  checkComposition(x, m, { xMax: 1, xMaxText: '1 (exclusive)' });
  if (!Number.isInteger(atoms) || atoms < 3) {
    throw new InputError('atoms', `must be an integer >= 3, got ${atoms}`);
  }
  const frac = atomFractions(x, m);
  const order: (keyof Counts)[] = ['M', 'A', 'Y'];
  const exact = order.map((k) => atoms * frac[k]);
  const counts = exact.map((e) => Math.floor(e + 1e-9));
  let missing = atoms - counts.reduce((a, b) => a + b, 0);
  const byRemainder = order.map((_, i) => i).sort((i, j) => exact[j] - counts[j] - (exact[i] - counts[i]) || i - j);
  for (const i of byRemainder) {
    if (missing <= 0) break;
    counts[i] += 1;
    missing -= 1;
  }
  return { M: counts[0], A: counts[1], Y: counts[2] };
}

/** (x, m) from atom counts: x = (N_M/2)/(N_M/2 + N_A), m = (N_Y − N_M/2)/N_A. */
export function compositionFromCounts(counts: Counts): { x: number; m: number } {
  const { M, A, Y } = counts;
  for (const [name, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0) {
      throw new InputError(`counts.${name}`, `must be a non-negative integer, got ${v}`);
    }
  }
  if (A === 0) throw new InputError('counts.A', 'must be > 0 (no network former)');
  const half = M / 2;
  return { x: half / (half + A), m: (Y - half) / A };
}

/** Validates x and m; xMax is 1/3 for the rigidity model and just below 1 for building systems. */
export function checkComposition(
  x: number,
  m: number,
  limits: { xMax: number; xMaxText: string } = { xMax: 1 / 3, xMaxText: '1/3' },
): void {
  if (!Number.isFinite(x)) throw new InputError('x', `must be a finite number, got ${x}`);
  if (!Number.isFinite(m)) throw new InputError('m', `must be a finite number, got ${m}`);
  const inside = limits.xMax === 1 ? x >= 0 && x < 1 : x >= 0 && x <= limits.xMax + 1e-12;
  if (!inside) {
    throw new InputError('x', `${x} is outside the allowed range [0, ${limits.xMaxText}]`);
  }
  if (m < 2) throw new InputError('m', `${m} is outside the allowed range [2, ∞)`);
}
