/**
 * Partial pair distributions g_ab(r) from summed pair histograms, normalised as LAMMPS
 * `compute rdf` does (ideal-gas shell count with N_b − 1 partners when a = b), their first peak
 * and first minimum, the neutron- and X-ray-weighted totals, and Faber–Ziman structure factors
 * S_ab(k) = 1 + 4πρ ∫ r² (g_ab − 1) sin(kr)/(kr) dr (with the Lorch window by default, which
 * damps the ripples from cutting the integral at rmax).
 */
import { NEUTRON_SCATTERING_LENGTH_FM, XRAY_CROMER_MANN, xrayFormFactor } from './scattering-data.js';

export interface Rdf {
  /** bin centres, Å */
  r: number[];
  g: number[];
  /** first maximum of the (lightly smoothed) g, Å; null when g has none */
  firstPeak: number | null;
  /** first minimum after the first peak, Å; null when none within range */
  firstMin: number | null;
}

/**
 * g(r) of the pair (a, b) from its histogram summed over `frames`, with `na`, `nb` atoms and
 * the mean volume.
 */
export function pairRdf(
  hist: Float64Array,
  offset: number,
  nbins: number,
  dr: number,
  na: number,
  nb: number,
  same: boolean,
  volume: number,
  frames: number,
): Rdf {
  const r: number[] = [];
  const g: number[] = [];
  // pairs are counted once; LAMMPS counts an a–a pair from both ends and divides by N_a(N_a − 1)
  const partners = same ? (na * (na - 1)) / 2 : na * nb;
  for (let k = 0; k < nbins; k++) {
    const shell = ((4 * Math.PI) / 3) * (((k + 1) * dr) ** 3 - (k * dr) ** 3);
    r.push((k + 0.5) * dr);
    g.push(partners > 0 ? hist[offset + k] / frames / ((partners * shell) / volume) : 0);
  }
  const { peak, min } = firstPeakAndMinimum(g, dr);
  return { r, g, firstPeak: peak === null ? null : r[peak], firstMin: min === null ? null : r[min] };
}

/** Moving average over ±`halfWidth` Å, so one noisy bin is not a peak. */
function smooth(g: readonly number[], dr: number, halfWidth: number): number[] {
  const w = Math.max(1, Math.round(halfWidth / dr));
  return g.map((_, k) => {
    let s = 0;
    let n = 0;
    for (let q = Math.max(0, k - w); q <= Math.min(g.length - 1, k + w); q++, n++) s += g[q];
    return s / n;
  });
}

/**
 * The first peak is the first bin above 1 that is the largest within ±0.25 Å of g smoothed over
 * ±0.05 Å. The first minimum is the lowest point of g (smoothed over ±0.1 Å, so that one noisy
 * frame does not make a dip) in the stretch after the peak where g stays below 1; where g lies
 * flat near its minimum (the empty gap between first and second neighbours of Si–S), the middle
 * of that flat stretch.
 */
export function firstPeakAndMinimum(g: readonly number[], dr: number): { peak: number | null; min: number | null } {
  const s = smooth(g, dr, 0.05);
  const w = Math.max(1, Math.round(0.25 / dr));
  const isPeak = (k: number) => {
    for (let q = Math.max(0, k - w); q <= Math.min(s.length - 1, k + w); q++) if (s[q] > s[k]) return false;
    return true;
  };
  let peak: number | null = null;
  for (let k = 0; k < s.length && peak === null; k++) if (s[k] > 1 && isPeak(k)) peak = k;
  if (peak === null) return { peak: null, min: null };
  const t = smooth(g, dr, 0.1);
  let from = peak;
  while (from < t.length && t[from] >= 1) from++;
  let to = from;
  while (to < t.length && t[to] < 1) to++;
  if (from >= t.length || to >= t.length) return { peak, min: null };
  let low = from;
  for (let k = from; k < to; k++) if (t[k] < t[low]) low = k;
  const flat = t[low] + 0.05;
  let first = low;
  while (first > from && t[first - 1] <= flat) first--;
  let last = low;
  while (last < to - 1 && t[last + 1] <= flat) last++;
  return { peak, min: Math.round((first + last) / 2) };
}

export type Radiation = 'neutron' | 'xray';

/** Elements the weights need data for, and which have none. */
export function missingScatteringData(elements: readonly string[], radiation: Radiation): string[] {
  return elements.filter((e) =>
    radiation === 'neutron' ? NEUTRON_SCATTERING_LENGTH_FM[e] === undefined : XRAY_CROMER_MANN[e] === undefined,
  );
}

/**
 * Faber–Ziman weights w_ab(k) = (2 − δ_ab) c_a c_b f_a f_b / ⟨f⟩² over the pairs a ≤ b, so that
 * the total is Σ w_ab g_ab (weights sum to 1). Neutron weights do not depend on k.
 */
export function faberZimanWeights(
  elements: readonly string[],
  concentrations: readonly number[],
  radiation: Radiation,
  k = 0,
): number[][] {
  const f = elements.map((e) => (radiation === 'neutron' ? NEUTRON_SCATTERING_LENGTH_FM[e] : xrayFormFactor(e, k)));
  const mean = concentrations.reduce((s, c, a) => s + c * f[a], 0);
  return elements.map((_, a) =>
    elements.map((__, b) =>
      b < a ? 0 : ((a === b ? 1 : 2) * concentrations[a] * concentrations[b] * f[a] * f[b]) / mean ** 2,
    ),
  );
}

/** Σ over a ≤ b of w_ab g_ab(r), neutron weights. */
export function totalRdf(partials: readonly (readonly (Rdf | null)[])[], weights: readonly number[][]): number[] {
  let first: Rdf | null = null;
  for (const row of partials) for (const p of row) first ??= p;
  if (!first) return [];
  const total = new Array<number>(first.g.length).fill(0);
  partials.forEach((row, a) =>
    row.forEach((p, b) => {
      if (p && b >= a) p.g.forEach((g, k) => (total[k] += weights[a][b] * g));
    }),
  );
  return total;
}

export interface StructureFactorSettings {
  /** number density, Å⁻³ */
  rho: number;
  kmin: number;
  kmax: number;
  dk: number;
  /** multiply by the Lorch function sin(πr/rmax)/(πr/rmax) (default true) */
  lorch: boolean;
}

/** k grid of a structure factor. */
export function kGrid(s: StructureFactorSettings): number[] {
  const out: number[] = [];
  for (let k = s.kmin; k <= s.kmax + 1e-9; k += s.dk) out.push(Number(k.toFixed(10)));
  return out;
}

/** S_ab(k) by the sine transform of g_ab(r) − 1 (midpoint rule on the bins). */
export function partialStructureFactor(rdf: Rdf, dr: number, s: StructureFactorSettings): number[] {
  const rmax = rdf.r.length * dr;
  return kGrid(s).map((k) => {
    let sum = 0;
    for (let q = 0; q < rdf.r.length; q++) {
      const r = rdf.r[q];
      const x = (Math.PI * r) / rmax;
      const window = s.lorch ? Math.sin(x) / x : 1;
      sum += r * (rdf.g[q] - 1) * Math.sin(k * r) * window * dr;
    }
    return 1 + (4 * Math.PI * s.rho * sum) / k;
  });
}

/** Total Faber–Ziman S(k) = 1 + Σ_{a≤b} w_ab(k) (S_ab(k) − 1). */
export function totalStructureFactor(
  partials: readonly (readonly (number[] | null)[])[],
  elements: readonly string[],
  concentrations: readonly number[],
  radiation: Radiation,
  ks: readonly number[],
): number[] {
  return ks.map((k, q) => {
    const w = faberZimanWeights(elements, concentrations, radiation, k);
    let s = 1;
    partials.forEach((row, a) =>
      row.forEach((p, b) => {
        if (p && b >= a) s += w[a][b] * (p[q] - 1);
      }),
    );
    return s;
  });
}
