/** Eq. 1 of the paper: the mean-field count of topological degrees of freedom. */

/** f = 3 − [(1−x)(7+2m) + x] / [1 + 2x + m(1−x)]; f = 0 is isostatic. */
export function floppyFraction(x: number, m: number): number {
  return 3 - ((1 - x) * (7 + 2 * m) + x) / (1 + 2 * x + m * (1 - x));
}

/** Flexibility index at which f = 0 for a given x: m_c = (4 − 12x)/(1 − x). */
export function criticalM(x: number): number {
  return (4 - 12 * x) / (1 - x);
}

/**
 * m_c(x) where the threshold lies in the model's range (m ≥ 2, i.e. x ≤ 0.2), rounded to 10⁻⁹
 * (so that x = 0.2 gives 2, not 1.9999999999999996); null elsewhere (x = 0.33 would give 0.06).
 */
export function criticalMOrNull(x: number): number | null {
  const mc = Math.round(criticalM(x) * 1e9) / 1e9;
  return mc >= 2 ? mc : null;
}

/**
 * Modifier content at which f = 0 for a given m: x_c = (4 − m)/(12 − m).
 * Returns null when the threshold is not in [0, 1/3] (m > 4: the base network is already
 * flexible, so there is no rigidity transition to find).
 */
export function criticalX(m: number): number | null {
  const xc = (4 - m) / (12 - m);
  return xc >= 0 && xc <= 1 / 3 ? xc : null;
}

/** Fractions of the building blocks: p4 = 2(1−3x)/[m(1−x)], p3 = 4x/[m(1−x)], p2 = (m−2)/m. */
export function unitFractions(x: number, m: number): { p4: number; p3: number; p2: number } {
  const p4 = (2 * (1 - 3 * x)) / (m * (1 - x));
  const p3 = (4 * x) / (m * (1 - x));
  return { p4, p3, p2: (m - 2) / m };
}
