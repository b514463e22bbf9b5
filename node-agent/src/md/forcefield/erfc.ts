/**
 * The complementary error function, which JavaScript lacks.
 *
 * - `erfcReference`: slow and accurate (series below 1, continued fraction above; ≤ 5e-15), used to
 *   build the fast form and in tests.
 * - `erfcx`: e^{x²} erfc(x), piecewise degree-11 polynomials on [0, 8) fitted at start-up to
 *   the reference (≈1e-15 relative); erfc(x) = erfcx(x) · e^{−x²}. The DSF kernel needs e^{−x²}
 *   anyway, so an accurate erfc costs one polynomial per pair. This matches libm's erfc, which
 *   is what LAMMPS born/coul/dsf calls.
 * - `erfcPolynomial`: Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7), the form LAMMPS uses in
 *   coul/dsf and coul/long, for users who want to match those styles.
 */

const SQRT_PI = Math.sqrt(Math.PI);

export function erfcReference(x: number): number {
  if (x < 0) return 2 - erfcReference(-x);
  if (x < 1) {
    // below 1, 1 − erf loses no digits; erf(x) = 2/√π e^{−x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!  (all terms positive: no cancellation)
    let term = x;
    let sum = x;
    for (let n = 0; n < 200 && term > 1e-18 * sum; n++) {
      term *= (2 * x * x) / (2 * n + 3);
      sum += term;
    }
    return 1 - (2 / SQRT_PI) * Math.exp(-x * x) * sum;
  }
  return Math.exp(-x * x) * erfcxContinuedFraction(x);
}

/** e^{x²} erfc(x) = (1/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), modified Lentz. */
function erfcxContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return 1 / (SQRT_PI * f);
}

/** e^{x²} erfc(x) by the reference path. */
function erfcxReference(x: number): number {
  return x < 1 ? Math.exp(x * x) * erfcReference(x) : erfcxContinuedFraction(x);
}

const PIECES = 64;
const WIDTH = 0.125; // pieces cover [0, 8)
const DEGREE = 11;
const STRIDE = DEGREE + 1;
const COEFFS = buildErfcxTable();

/** Monomial coefficients in u ∈ [0, 1) per piece, from Chebyshev interpolation of the reference. */
function buildErfcxTable(): Float64Array {
  const out = new Float64Array(PIECES * STRIDE);
  for (let p = 0; p < PIECES; p++) {
    const mono = chebyshevInterpolant((u) => erfcxReference((p + u) * WIDTH), DEGREE);
    out.set(mono, p * STRIDE);
  }
  return out;
}

/**
 * Degree-`deg` polynomial in u ∈ [0, 1] interpolating f at Chebyshev nodes, as monomial
 * coefficients c0 + c1 u + … (stable for the low degrees used here).
 */
export function chebyshevInterpolant(f: (u: number) => number, deg: number): Float64Array {
  return interpolantFromValues(chebyshevNodes(deg).map(f), deg);
}

/** The Chebyshev nodes of degree `deg` in u ∈ [0, 1], where interpolantFromValues wants its values. */
export function chebyshevNodes(deg: number): number[] {
  const n = deg + 1;
  return Array.from({ length: n }, (_, k) => (Math.cos((Math.PI * (k + 0.5)) / n) + 1) / 2);
}

/** chebyshevInterpolant from f's values at chebyshevNodes(deg) (two functions can share one evaluation). */
export function interpolantFromValues(values: readonly number[], deg: number): Float64Array {
  const n = deg + 1;
  const cheb = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += values[k] * Math.cos((Math.PI * j * (k + 0.5)) / n);
    cheb[j] = ((j === 0 ? 1 : 2) / n) * s;
  }
  // Σ c_j T_j(t) with t = 2u − 1 → monomials in u, by the recurrence T_{j+1} = 2t T_j − T_{j−1}.
  const result = new Float64Array(n);
  let prev = new Float64Array(n); // T_0 = 1
  prev[0] = 1;
  let cur = new Float64Array(n); // T_1 = 2u − 1
  cur[0] = -1;
  if (n > 1) cur[1] = 2;
  for (let i = 0; i < n; i++) result[i] += cheb[0] * prev[i];
  if (n > 1) for (let i = 0; i < n; i++) result[i] += cheb[1] * cur[i];
  for (let j = 2; j < n; j++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = -2 * cur[i] - prev[i] + (i > 0 ? 4 * cur[i - 1] : 0);
    }
    for (let i = 0; i < n; i++) result[i] += cheb[j] * next[i];
    prev = cur;
    cur = next;
  }
  return result;
}

/** e^{x²} erfc(x) for x ≥ 0. */
export function erfcx(x: number): number {
  if (x >= PIECES * WIDTH) return erfcxContinuedFraction(x);
  const t = x / WIDTH;
  const p = Math.floor(t);
  const u = t - p;
  const b = p * STRIDE;
  const c = COEFFS;
  let v = c[b + 11];
  for (let i = 10; i >= 0; i--) v = v * u + c[b + i];
  return v;
}

export function erfc(x: number): number {
  return x < 0 ? 2 - erfc(-x) : erfcx(x) * Math.exp(-x * x);
}

/** Coefficients of Abramowitz & Stegun 7.1.26 (LAMMPS's EWALD_P, A1 … A5); the DSF kernel inlines them. */
export const AS_ERFC = Object.freeze({
  p: 0.3275911,
  a1: 0.254829592,
  a2: -0.284496736,
  a3: 1.421413741,
  a4: -1.453152027,
  a5: 1.061405429,
});
const { p: EWALD_P, a1: A1, a2: A2, a3: A3, a4: A4, a5: A5 } = AS_ERFC;

/** Abramowitz & Stegun 7.1.26, x ≥ 0, as in LAMMPS coul/dsf and coul/long. */
export function erfcPolynomial(x: number): number {
  const t = 1 / (1 + EWALD_P * x);
  return t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5)))) * Math.exp(-x * x);
}

/** The table, for the kernel's inlined evaluation (read-only). */
export const ERFCX_TABLE = { coeffs: COEFFS, width: WIDTH, pieces: PIECES, stride: STRIDE, degree: DEGREE };
