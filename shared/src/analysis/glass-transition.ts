/**
 * The glass transition from a quench: a property y(T) (volume, enthalpy) that is linear in the
 * glass and linear, steeper, in the liquid, joined at Tg. Fitted as a continuous two-line (hinge)
 * model, y = a + b·(T − Tg) + c·max(0, T − Tg), by least squares at each candidate Tg, the best
 * Tg refined by golden-section search between grid points. The interval is the profile one: the
 * Tg where the residual sum of squares stays within RSS_min·(1 + F₁,ₙ₋₄(0.95)/(n − 4)) (the
 * F test of the extra parameter; its coverage is measured on synthetic quenches in the tests).
 *
 * MD thermo rows along a quench are correlated: bin them first (binByTemperature), so the
 * residuals are closer to independent and the interval is not too narrow.
 */
import { studentTQuantile } from '../stats/student-t.js';

export interface GlassTransitionFit {
  tg: number;
  ci95: [number, number];
  /** slopes dy/dT below and above Tg */
  slopeGlass: number;
  slopeLiquid: number;
  /** y at Tg */
  yTg: number;
  rss: number;
  points: number;
  /** the interval reaches an end of the searched range: Tg is not bracketed by the data */
  atEdge: boolean;
}

/** Least-squares hinge fit at a given Tg: returns [a, b, c] and the RSS. */
function hingeFit(
  T: readonly number[],
  y: readonly number[],
  tg: number,
): { p: [number, number, number]; rss: number } {
  // normal equations for columns 1, (T − Tg), max(0, T − Tg)
  const A = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const r = [0, 0, 0];
  for (let i = 0; i < T.length; i++) {
    const x = [1, T[i] - tg, Math.max(0, T[i] - tg)];
    for (let j = 0; j < 3; j++) {
      r[j] += x[j] * y[i];
      for (let k = 0; k < 3; k++) A[j][k] += x[j] * x[k];
    }
  }
  const p = solve3(A, r);
  let rss = 0;
  for (let i = 0; i < T.length; i++) {
    const d = y[i] - (p[0] + p[1] * (T[i] - tg) + p[2] * Math.max(0, T[i] - tg));
    rss += d * d;
  }
  return { p, rss };
}

/** Solves a 3 × 3 system by Cramer's rule (well conditioned here: T is centred on Tg). */
function solve3(A: number[][], r: number[]): [number, number, number] {
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(A);
  const col = (k: number) => A.map((row, i) => row.map((v, j) => (j === k ? r[i] : v)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}

/**
 * Fits Tg to y(T). At least 3 points on each side are kept from the ends of the range; needs
 * at least 8 points.
 */
export function fitGlassTransition(T: readonly number[], y: readonly number[]): GlassTransitionFit {
  const n = T.length;
  if (n < 8) throw new Error(`a glass transition fit needs at least 8 points, got ${n}`);
  const sorted = [...T].sort((a, b) => a - b);
  const lo = sorted[2];
  const hi = sorted[n - 3];
  const grid = 200;
  const rssAt = (tg: number) => hingeFit(T, y, tg).rss;
  let best = lo;
  let bestRss = Infinity;
  for (let k = 0; k <= grid; k++) {
    const tg = lo + ((hi - lo) * k) / grid;
    const rss = rssAt(tg);
    if (rss < bestRss) [best, bestRss] = [tg, rss];
  }
  // golden-section refinement within one grid step either side
  const step = (hi - lo) / grid;
  let a = Math.max(lo, best - step);
  let b = Math.min(hi, best + step);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (rssAt(c) < rssAt(d)) b = d;
    else a = c;
  }
  const tg = (a + b) / 2;
  const fit = hingeFit(T, y, tg);
  const dof = n - 4;
  const limit = fit.rss * (1 + studentTQuantile(0.975, dof) ** 2 / dof);
  const ci: [number, number] = [edgeOf(rssAt, tg, lo, limit), edgeOf(rssAt, tg, hi, limit)];
  return {
    tg,
    ci95: ci,
    slopeGlass: fit.p[1],
    slopeLiquid: fit.p[1] + fit.p[2],
    yTg: fit.p[0],
    rss: fit.rss,
    points: n,
    atEdge: ci[0] <= lo || ci[1] >= hi,
  };
}

/**
 * Where the profile RSS crosses `limit` between the best Tg and `end`: stepped out in 1/200 of
 * the way (the profile can have more than one dip), then bisected; `end` when it never does.
 */
function edgeOf(rssAt: (t: number) => number, tg: number, end: number, limit: number): number {
  const steps = 200;
  let inside = tg;
  for (let k = 1; k <= steps; k++) {
    const t = tg + ((end - tg) * k) / steps;
    if (rssAt(t) > limit) {
      let [a, b] = [inside, t];
      for (let it = 0; it < 40; it++) {
        const m = (a + b) / 2;
        if (rssAt(m) > limit) b = m;
        else a = m;
      }
      return (a + b) / 2;
    }
    inside = t;
  }
  return end;
}

/** Means of y in temperature bins of `width` K (bins with no sample are left out). */
export function binByTemperature(
  T: readonly number[],
  ys: readonly (readonly number[])[],
  width: number,
): { T: number[]; ys: number[][] } {
  const bins = new Map<number, { n: number; t: number; y: number[] }>();
  for (let i = 0; i < T.length; i++) {
    const k = Math.floor(T[i] / width);
    const b = bins.get(k) ?? { n: 0, t: 0, y: ys.map(() => 0) };
    b.n++;
    b.t += T[i];
    ys.forEach((y, j) => (b.y[j] += y[i]));
    bins.set(k, b);
  }
  const keys = [...bins.keys()].sort((a, b) => a - b);
  return {
    T: keys.map((k) => bins.get(k)!.t / bins.get(k)!.n),
    ys: ys.map((_, j) => keys.map((k) => bins.get(k)!.y[j] / bins.get(k)!.n)),
  };
}

/** A quench's thermo rows (constant pressure): temperature K, volume Å³, enthalpy eV. */
export interface QuenchSeries {
  T: number[];
  V: number[];
  H: number[];
}

/** Tg of a composition from its tasks' quenches pooled (their union spans melt → lowest T). */
export function quenchGlassTransition(series: readonly QuenchSeries[]): {
  volume: GlassTransitionFit;
  enthalpy: GlassTransitionFit;
  /** the pooled rows' bin means the fits are made to */
  binned: QuenchSeries;
} | null {
  const T = series.flatMap((s) => s.T);
  if (T.length < 8) return null;
  const range = Math.max(...T) - Math.min(...T);
  const binned = binByTemperature(T, [series.flatMap((s) => s.V), series.flatMap((s) => s.H)], range / 40);
  if (binned.T.length < 8) return null;
  return {
    volume: fitGlassTransition(binned.T, binned.ys[0]),
    enthalpy: fitGlassTransition(binned.T, binned.ys[1]),
    binned: { T: binned.T, V: binned.ys[0], H: binned.ys[1] },
  };
}
