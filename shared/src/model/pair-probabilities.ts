/**
 * Probabilities of the six pair clusters (spec: "Pair probabilities — two variants").
 * Arrays are indexed like PAIRS / PAIR_NAMES: 44, 43, 42, 33, 32, 22.
 */
import { PAIRS, UNITS, type RigidityClass } from './building-blocks.js';
import { InputError } from '../errors.js';

export interface UnitFractions {
  p4: number;
  p3: number;
  p2: number;
}

/** Energies of the three rigidity classes, in units of kT. Infinity is allowed only as the low-T limit. */
export type ClassEnergies = Readonly<Record<RigidityClass, number>>;

/** The default: E_IS = 0, E_SR = E_FL → ∞ (only isostatic connections, where possible). */
export const LOW_T_LIMIT: ClassEnergies = Object.freeze({ SR: Infinity, IS: 0, FL: Infinity });

export function isLowTemperatureLimit(e: ClassEnergies): boolean {
  return e.SR === Infinity && e.FL === Infinity && Number.isFinite(e.IS);
}

/** Rejects energies that are neither all finite nor the low-temperature limit. */
export function checkClassEnergies(e: ClassEnergies, field = 'energies'): void {
  for (const c of ['SR', 'IS', 'FL'] as const) {
    if (Number.isNaN(e[c]) || e[c] === -Infinity) {
      throw new InputError(field, `${c} must be a number or inf, got ${e[c]}`);
    }
  }
  const allFinite = Number.isFinite(e.SR) && Number.isFinite(e.IS) && Number.isFinite(e.FL);
  if (!allFinite && !isLowTemperatureLimit(e)) {
    throw new InputError(
      field,
      'must be three finite numbers SR,IS,FL (kT units), or the low-temperature limit inf,0,inf',
    );
  }
}

function unitProbability(p: UnitFractions, unit: number): number {
  return unit === 4 ? p.p4 : unit === 3 ? p.p3 : p.p2;
}

/**
 * Literal variant, the paper's form: p_jk = W_jk p_j p_k exp(−E_jk/kT) / Z.
 * Energies are measured from the lowest class that has weight, so that the low-temperature limit
 * is the limit of this formula (equal infinite energies share in proportion to their weights).
 */
export function literalPairs(p: UnitFractions, e: ClassEnergies): number[] {
  const w = PAIRS.map((c) => c.weight * unitProbability(p, c.j) * unitProbability(p, c.k));
  const energy = PAIRS.map((c) => e[c.cls]);
  let eMin = Infinity;
  w.forEach((wi, i) => {
    if (wi > 0 && energy[i] < eMin) eMin = energy[i];
  });
  const terms = w.map((wi, i) => {
    if (wi === 0) return 0;
    return energy[i] === eMin ? wi : wi * Math.exp(-(energy[i] - eMin));
  });
  const z = terms.reduce((a, b) => a + b, 0);
  return terms.map((t) => t / z);
}

/**
 * Pairing variant in the low-temperature limit (closed form of the spec): as many isostatic
 * 4–3 and 4–2 connections as the unit fractions allow, the rest paired at random.
 */
export function pairingClosedForm(p: UnitFractions): number[] {
  const { p4, p3, p2 } = p;
  if (p4 >= 0.5 || Math.abs(2 * p4 - 1) < 1e-12) {
    const raw = [Math.max(2 * p4 - 1, 0), 2 * p3, 2 * p2, 0, 0, 0];
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / sum);
  }
  const s = p3 + p2;
  const r3 = p3 * (1 - p4 / s);
  const r2 = p2 * (1 - p4 / s);
  const r = 1 - 2 * p4;
  return [0, (2 * p4 * p3) / s, (2 * p4 * p2) / s, (r3 * r3) / r, (2 * r3 * r2) / r, (r2 * r2) / r];
}

export interface IterationOptions {
  /** stop when every unit's pairing condition λ_j Σ_k p_k λ_k e_jk = 1 holds to this */
  tolerance: number;
  maxIterations: number;
}

const DEFAULT_ITERATION: IterationOptions = { tolerance: 1e-13, maxIterations: 200 };

/**
 * Pairing variant at finite class energies: P_jk = (2 − δ_jk) p_j p_k λ_j λ_k e_jk with λ solving
 * λ_j Σ_k p_k λ_k e_jk = 1 for every unit with p_j > 0.
 *
 * Why Newton and not the fixed point λ_j ← sqrt(λ_j / Σ_k p_k λ_k e_jk): the fixed point slows
 * down critically at p4 = 1/2 (x = x_c), needing ~3e5 sweeps at ε = 10 kT and failing beyond.
 * With u = ln λ the conditions are the stationarity of the convex function
 *   F(u) = ½ Σ_jk p_j p_k e^{u_j + u_k} e_jk − Σ_j p_j u_j,
 * whose Hessian is positive definite: Newton's method on ∇F = 0, damped by backtracking on the
 * residual, converges in a handful of steps everywhere.
 */
export function pairingIteration(
  p: UnitFractions,
  e: ClassEnergies,
  options: Partial<IterationOptions> = {},
): { probabilities: number[]; iterations: number } {
  const { tolerance, maxIterations } = { ...DEFAULT_ITERATION, ...options };
  const prob = UNITS.map((u) => unitProbability(p, u));
  const active = [0, 1, 2].filter((j) => prob[j] > 0);
  const boltz = boltzmannMatrix(e);
  const u = [0, 0, 0];
  const residual = (v: number[]) => active.map((j) => Math.exp(v[j]) * field(prob, boltz, v, j) - 1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const g = residual(u);
    if (Math.max(...g.map(Math.abs)) < tolerance) break;
    const step = newtonStep(prob, boltz, u, active, g);
    // Backtrack on the residual norm: the objective F itself stops resolving changes near the
    // solution (rounding), while |g| keeps decreasing to machine precision.
    const norm0 = Math.hypot(...g);
    let t = 1;
    let trial = u;
    for (let k = 0; k < 60; k++, t /= 2) {
      trial = u.slice();
      active.forEach((j, a) => (trial[j] += t * step[a]));
      if (Math.hypot(...residual(trial)) <= (1 - 1e-4 * t) * norm0) break;
    }
    u.splice(0, 3, ...trial);
  }
  if (iterations >= maxIterations) {
    throw new Error(`pairing equations did not converge in ${maxIterations} Newton steps`);
  }
  const probabilities = PAIRS.map((c) => {
    const j = UNITS.indexOf(c.j);
    const k = UNITS.indexOf(c.k);
    return (j === k ? 1 : 2) * prob[j] * prob[k] * Math.exp(u[j] + u[k]) * boltz[j][k];
  });
  return { probabilities, iterations };
}

/** Boltzmann factors e_jk of the unit pairs, shifted by the lowest energy (a common factor only rescales λ). */
function boltzmannMatrix(e: ClassEnergies): number[][] {
  const eMin = Math.min(e.SR, e.IS, e.FL);
  return [0, 1, 2].map((j) =>
    [0, 1, 2].map((k) => {
      const pair = PAIRS.find((c) => c.j === UNITS[Math.min(j, k)] && c.k === UNITS[Math.max(j, k)])!;
      return Math.exp(-(e[pair.cls] - eMin));
    }),
  );
}

/** Σ_k p_k λ_k e_jk with λ = e^u. */
function field(prob: number[], boltz: number[][], u: number[], j: number): number {
  return prob.reduce((acc, pk, k) => acc + pk * Math.exp(u[k]) * boltz[j][k], 0);
}

/** Solves H s = −∇F on the active units (∇F_j = p_j g_j). */
function newtonStep(prob: number[], boltz: number[][], u: number[], active: number[], g: number[]): number[] {
  const n = active.length;
  const H = active.map((j) =>
    active.map(
      (l) =>
        prob[j] * prob[l] * Math.exp(u[j] + u[l]) * boltz[j][l] +
        (j === l ? prob[j] * Math.exp(u[j]) * field(prob, boltz, u, j) : 0),
    ),
  );
  const b = active.map((j, a) => -prob[j] * g[a]);
  return solveLinear(H, b, n);
}

/** Gaussian elimination with partial pivoting for the (at most 3×3) Newton system. */
function solveLinear(A: number[][], b: number[], n: number): number[] {
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** Pairing variant: the closed form in the low-temperature limit, the iteration otherwise. */
export function pairingPairs(p: UnitFractions, e: ClassEnergies): number[] {
  return isLowTemperatureLimit(e) ? pairingClosedForm(p) : pairingIteration(p, e).probabilities;
}
