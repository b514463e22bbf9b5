/**
 * From displacement curves to transport coefficients: D per species (Einstein), the
 * Nernst–Einstein conductivity σ_self (diagonal terms), the full conductivity σ_full of the
 * paper's Eq. 5 (all i, j), the collective diffusivity D_σ of a species and its Haven ratio;
 * then ensembles over replicas (mean, standard error, t-based 95 % interval, bootstrap for
 * ratios) and Arrhenius fits.
 */
import { BOLTZMANN_EV } from '../forcefield/descriptor.js';
import { linearFit } from '../stats/linear-fit.js';
import { chiSquareSurvival, studentTQuantile } from '../stats/student-t.js';
import { Rng } from '../random/rng.js';
import type { DisplacementCurves } from './displacement.js';

/** Å²/ps → cm²/s */
export const A2PS_TO_CM2S = 1e-4;
/** e²/(eV·Å·ps) → S/cm (e / (V·Å·ps) = 1.602176634e-19 C / (1e-8 cm · 1e-12 s · V)) */
export const CONDUCTIVITY_TO_S_PER_CM = 16.02176634;

export interface FitWindowChoice {
  /** ps */
  t0: number;
  t1: number;
  /** local log–log slope β over the window (1 = diffusive) */
  beta: number;
  /** false when no stretch of the curve was diffusive; the window is then the late half */
  diffusive: boolean;
  how: 'auto' | 'given';
}

/** Local slope of ln y against ln t at each point, by regression over ± `halfDecades`. */
export function localLogSlopes(t: readonly number[], y: readonly number[], halfDecades = 0.15): number[] {
  const lt = t.map(Math.log10);
  const ly = y.map((v) => Math.log10(v));
  return lt.map((c) => {
    const xs: number[] = [];
    const ys: number[] = [];
    lt.forEach((v, k) => {
      if (Math.abs(v - c) <= halfDecades && Number.isFinite(ly[k])) {
        xs.push(v);
        ys.push(ly[k]);
      }
    });
    return xs.length >= 3 ? linearFit(xs, ys).slope : NaN;
  });
}

/**
 * Lags with fewer time origins than this fraction of lag 1's are not fitted. Single-trajectory
 * quantities (above all |ΔM|², one "particle" per run) have skewed, heavy-tailed slopes at long
 * lags; with ½ the t-based intervals keep their nominal coverage (tested over 120 seeds).
 */
export const MIN_ORIGIN_FRACTION = 0.5;

/** Points usable for fitting: t > 0, positive values, and enough time origins (≥ 3). */
function usable(curves: DisplacementCurves, y: Float64Array): number[] {
  const ref = curves.counts[1] ?? curves.counts[0];
  const idx: number[] = [];
  curves.lags.forEach((lag, k) => {
    if (lag > 0 && y[k] > 0 && curves.counts[k] >= Math.max(3, MIN_ORIGIN_FRACTION * ref)) idx.push(k);
  });
  return idx;
}

/** The diffusive regime is a long-time one: the window is sought in the last this-many decades. */
export const LATE_DECADES = 1.3;
/** …and a stretch must span at least this many decades to count as diffusive. */
export const MIN_DIFFUSIVE_DECADES = 0.3;

/**
 * The fit window: within the last LATE_DECADES of usable lags, the longest stretch (in log t)
 * where the local slope β of the curve stays within `tolerance` of 1 and that spans at least
 * MIN_DIFFUSIVE_DECADES (later stretches preferred on ties). Short crossings of β = 1 — the
 * ballistic-to-cage transition passes through it — do not count. Without such a stretch, the
 * upper half (in log t) of that late range, flagged as not diffusive.
 */
export function chooseFitWindow(
  curves: DisplacementCurves,
  y: Float64Array,
  dtPs: number,
  tolerance = 0.15,
): FitWindowChoice {
  const all = usable(curves, y);
  if (all.length < 3) throw new Error('too few usable lags to fit (run longer or sample more often)');
  const tLast = curves.lags[all[all.length - 1]] * dtPs;
  const idx = all.filter((k) => curves.lags[k] * dtPs >= tLast / 10 ** LATE_DECADES);
  const t = idx.map((k) => curves.lags[k] * dtPs);
  const v = idx.map((k) => y[k]);
  const beta = localLogSlopes(
    all.map((k) => curves.lags[k] * dtPs),
    all.map((k) => y[k]),
  ).slice(all.length - idx.length);
  let best: [number, number] | null = null;
  let start = -1;
  const span = (a: number, b: number) => Math.log10(t[b] / t[a]);
  for (let k = 0; k <= t.length; k++) {
    const ok = k < t.length && Math.abs(beta[k] - 1) <= tolerance;
    if (ok && start < 0) start = k;
    if (!ok && start >= 0) {
      const run: [number, number] = [start, k - 1];
      if (run[1] - run[0] >= 2 && span(...run) >= MIN_DIFFUSIVE_DECADES && (!best || span(...run) >= span(...best)))
        best = run;
      start = -1;
    }
  }
  const [a, b] = best ?? [
    Math.max(
      0,
      t.findIndex((tt) => tt >= Math.sqrt(t[0] * t[t.length - 1])),
    ),
    t.length - 1,
  ];
  const window = { t0: t[a], t1: t[b] };
  return { ...window, beta: logSlopeOver(t, v, window), diffusive: best !== null, how: 'auto' };
}

function logSlopeOver(t: number[], y: number[], w: { t0: number; t1: number }): number {
  const xs: number[] = [];
  const ys: number[] = [];
  t.forEach((tt, k) => {
    if (tt >= w.t0 && tt <= w.t1 && y[k] > 0) {
      xs.push(Math.log(tt));
      ys.push(Math.log(y[k]));
    }
  });
  return xs.length >= 2 ? linearFit(xs, ys).slope : NaN;
}

/** Slope (per ps) of y(t) by least squares over the window. */
function slopeIn(curves: DisplacementCurves, y: Float64Array, dtPs: number, w: { t0: number; t1: number }): number {
  const xs: number[] = [];
  const ys: number[] = [];
  curves.lags.forEach((lag, k) => {
    const t = lag * dtPs;
    if (t >= w.t0 - 1e-12 && t <= w.t1 + 1e-12 && Number.isFinite(y[k])) {
      xs.push(t);
      ys.push(y[k]);
    }
  });
  if (xs.length < 2) throw new Error(`the fit window ${w.t0}–${w.t1} ps holds fewer than two lags`);
  return linearFit(xs, ys).slope;
}

export interface TransportConditions {
  /** time between samples, ps */
  dtPs: number;
  temperature: number;
  /** Å³ */
  volume: number;
  /** a given window overrides the automatic choice (ps) */
  fitWindow?: { t0: number; t1: number };
  /** species whose Haven ratio is reported (default: Na if present, else the first) */
  mobile?: string;
}

export interface RunTransport {
  fit_window_ps: [number, number];
  diffusive: boolean;
  species: Record<string, { D: number; beta: number; D_sigma: number }>;
  sigma_self: number;
  sigma_full: number;
  mobile: string;
  /** Haven ratio D* ÷ D_σ of the mobile species */
  haven_ratio: number;
}

/** Transport of one run; the window comes from the charge-weighted self term unless given. */
export function runTransport(curves: DisplacementCurves, c: TransportConditions): RunTransport {
  const window: FitWindowChoice = c.fitWindow
    ? { ...c.fitWindow, beta: NaN, diffusive: true, how: 'given' }
    : chooseFitWindow(curves, curves.selfCharge, c.dtPs);
  const kT = BOLTZMANN_EV * c.temperature;
  const sigma = (y: Float64Array) =>
    (slopeIn(curves, y, c.dtPs, window) / (6 * c.volume * kT)) * CONDUCTIVITY_TO_S_PER_CM;
  const species: RunTransport['species'] = {};
  curves.speciesNames.forEach((name, s) => {
    const idx = usable(curves, curves.msd[s]);
    const t = idx.map((k) => curves.lags[k] * c.dtPs);
    species[name] = {
      D: (slopeIn(curves, curves.msd[s], c.dtPs, window) / 6) * A2PS_TO_CM2S,
      beta: logSlopeOver(
        t,
        idx.map((k) => curves.msd[s][k]),
        window,
      ),
      D_sigma:
        (slopeIn(curves, curves.collectiveSpecies[s], c.dtPs, window) / (6 * curves.speciesCounts[s])) * A2PS_TO_CM2S,
    };
  });
  const mobile = c.mobile ?? (curves.speciesNames.includes('Na') ? 'Na' : curves.speciesNames[0]);
  if (!species[mobile]) throw new Error(`mobile species '${mobile}' is not among ${curves.speciesNames.join(', ')}`);
  return {
    fit_window_ps: [window.t0, window.t1],
    diffusive: window.diffusive,
    species,
    sigma_self: sigma(curves.selfCharge),
    sigma_full: sigma(curves.collective),
    mobile,
    haven_ratio: species[mobile].D / species[mobile].D_sigma,
  };
}

export interface Estimate {
  mean: number;
  /** standard error of the mean over replicas (null with one replica) */
  err: number | null;
  /** t-based 95 % interval (null with one replica) */
  ci95: [number, number] | null;
  n: number;
}

export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, err: null, ci95: null, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const err = sd / Math.sqrt(n);
  const h = studentTQuantile(0.975, n - 1) * err;
  return { mean, err, ci95: [mean - h, mean + h], n };
}

/** Percentile bootstrap over replicas of a statistic of the resampled set. */
export function bootstrap<T>(
  items: readonly T[],
  statistic: (sample: readonly T[]) => number,
  resamples = 2000,
  seed = 1,
): { err: number; ci95: [number, number] } {
  const rng = new Rng(seed, 0x626f6f74); // stream "boot"
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const sample = items.map(() => items[Math.floor(rng.uniform() * items.length)]);
    const v = statistic(sample);
    if (Number.isFinite(v)) stats.push(v);
  }
  stats.sort((a, b) => a - b);
  const mean = stats.reduce((a, b) => a + b, 0) / stats.length;
  const err = Math.sqrt(stats.reduce((a, v) => a + (v - mean) ** 2, 0) / (stats.length - 1));
  return { err, ci95: [stats[Math.floor(0.025 * stats.length)], stats[Math.ceil(0.975 * stats.length) - 1]] };
}

export interface EnsembleTransport {
  temperature: number;
  volume: number;
  replicas: number;
  fit_window_ps: [number, number];
  diffusive: boolean;
  species: Record<string, { D: number; D_err: number | null; D_ci95: [number, number] | null; beta: number }>;
  sigma_self: number;
  sigma_self_err: number | null;
  sigma_self_ci95: [number, number] | null;
  sigma_full: number;
  sigma_full_err: number | null;
  sigma_full_ci95: [number, number] | null;
  /** σ_full of each replica: it is noisy, so the spread is shown */
  sigma_full_replicas: number[];
  mobile: string;
  haven_ratio: number;
  haven_ratio_err: number | null;
  haven_ratio_ci95: [number, number] | null;
}

/**
 * An ensemble of replicas at one state point: the fit window is chosen once, on the mean
 * charge-weighted self curve, and applied to every replica; each quantity is fitted per
 * replica and reported as mean ± standard error with a t-based 95 % interval; the Haven ratio
 * (a ratio of means) by bootstrap over replicas.
 */
export function ensembleTransport(replicas: readonly DisplacementCurves[], c: TransportConditions): EnsembleTransport {
  if (replicas.length === 0) throw new Error('no replicas');
  const mean = meanCurves(replicas);
  const window = c.fitWindow ? { ...c.fitWindow, diffusive: true } : chooseFitWindow(mean, mean.selfCharge, c.dtPs);
  const runs = replicas.map((r) => runTransport(r, { ...c, fitWindow: { t0: window.t0, t1: window.t1 } }));
  const meanRun = runTransport(mean, { ...c, fitWindow: { t0: window.t0, t1: window.t1 } });
  const species: EnsembleTransport['species'] = {};
  for (const name of replicas[0].speciesNames) {
    const e = estimate(runs.map((r) => r.species[name].D));
    species[name] = { D: e.mean, D_err: e.err, D_ci95: e.ci95, beta: meanRun.species[name].beta };
  }
  const self = estimate(runs.map((r) => r.sigma_self));
  const full = estimate(runs.map((r) => r.sigma_full));
  const mobile = runs[0].mobile;
  const havenOf = (rs: readonly RunTransport[]) =>
    rs.reduce((a, r) => a + r.species[mobile].D, 0) / rs.reduce((a, r) => a + r.species[mobile].D_sigma, 0);
  const haven = replicas.length >= 2 ? bootstrap(runs, havenOf) : null;
  return {
    temperature: c.temperature,
    volume: c.volume,
    replicas: replicas.length,
    fit_window_ps: [window.t0, window.t1],
    diffusive: window.diffusive,
    species,
    sigma_self: self.mean,
    sigma_self_err: self.err,
    sigma_self_ci95: self.ci95,
    sigma_full: full.mean,
    sigma_full_err: full.err,
    sigma_full_ci95: full.ci95,
    sigma_full_replicas: runs.map((r) => r.sigma_full),
    mobile,
    haven_ratio: havenOf(runs),
    haven_ratio_err: haven?.err ?? null,
    haven_ratio_ci95: haven?.ci95 ?? null,
  };
}

/** Replica curves averaged lag by lag (weighted by their time origins). */
export function meanCurves(replicas: readonly DisplacementCurves[]): DisplacementCurves {
  const first = replicas[0];
  const L = first.lags.length;
  for (const r of replicas) {
    if (r.lags.length !== L || r.speciesNames.join() !== first.speciesNames.join())
      throw new Error('replicas have different lags or species');
  }
  const counts = new Float64Array(L);
  replicas.forEach((r) => r.counts.forEach((c, k) => (counts[k] += c)));
  const avg = (pick: (r: DisplacementCurves) => Float64Array) =>
    Float64Array.from(
      { length: L },
      (_, k) => replicas.reduce((a, r) => a + (r.counts[k] > 0 ? pick(r)[k] * r.counts[k] : 0), 0) / (counts[k] || NaN),
    );
  return {
    lags: first.lags.slice(),
    counts,
    speciesNames: [...first.speciesNames],
    speciesCounts: [...first.speciesCounts],
    msd: first.msd.map((_, s) => avg((r) => r.msd[s])),
    selfCharge: avg((r) => r.selfCharge),
    collective: avg((r) => r.collective),
    collectiveSpecies: first.collectiveSpecies.map((_, s) => avg((r) => r.collectiveSpecies[s])),
  };
}

export interface ArrheniusFit {
  /** activation energy, eV */
  EA_eV: number;
  EA_err: number;
  /** the prefactor y0 of y = y0 exp(−E_A / k_B T) */
  prefactor: number;
  prefactor_err: number;
  reduced_chi2: number;
  /** curvature: χ² of the straight line improbable (p < 0.01) with ≥ 3 temperatures */
  non_arrhenius: boolean;
  points: number;
}

/**
 * Weighted least squares of ln y against 1/(k_B T) with σ(ln y) = σ_y / y. Without errors
 * (or with one missing) all points weigh the same and the errors come from the scatter.
 */
export function arrheniusFit(
  temperatures: readonly number[],
  y: readonly number[],
  yErr?: readonly (number | null)[],
): ArrheniusFit {
  if (temperatures.length < 2) throw new Error('an Arrhenius fit needs at least two temperatures');
  if (y.some((v) => !(v > 0))) throw new Error('an Arrhenius fit needs positive values');
  const x = temperatures.map((T) => 1 / (BOLTZMANN_EV * T));
  const ly = y.map(Math.log);
  const weighted = yErr && yErr.every((e) => e !== null && e > 0);
  const fit = linearFit(x, ly, weighted ? yErr!.map((e, i) => (e as number) / y[i]) : undefined);
  const dof = temperatures.length - 2;
  const p = weighted && dof > 0 ? chiSquareSurvival(fit.chi2, dof) : 1;
  const prefactor = Math.exp(fit.intercept);
  return {
    EA_eV: -fit.slope,
    EA_err: fit.slopeErr,
    prefactor,
    prefactor_err: prefactor * fit.interceptErr,
    reduced_chi2: fit.reducedChi2,
    non_arrhenius: dof > 0 && p < 0.01,
    points: temperatures.length,
  };
}
