/**
 * From displacement curves to transport coefficients: D per species (Einstein), the
 * Nernst–Einstein conductivity σ_self (diagonal terms), the full conductivity σ_full of the
 * paper's Eq. 5 (all i, j) split into each species' self part and the distinct parts of each
 * species pair, the collective diffusivity D_σ of a species and its Haven ratio; then ensembles
 * over replicas (mean, standard error, 95 % intervals that stay positive for positive
 * quantities) and Arrhenius fits.
 */
import { BOLTZMANN_EV } from '../forcefield/descriptor.js';
import { linearFit } from '../stats/linear-fit.js';
import { chiSquareSurvival, studentTQuantile } from '../stats/student-t.js';
import { InputError } from '../errors.js';
import { speciesPairs, type DisplacementCurves } from './displacement.js';

/** Å²/ps → cm²/s */
export const A2PS_TO_CM2S = 1e-4;
/** e²/(eV·Å·ps) → S/cm (e / (V·Å·ps) = 1.602176634e-19 C / (1e-8 cm · 1e-12 s · V)) */
export const CONDUCTIVITY_TO_S_PER_CM = 16.02176634;

export interface FitWindowChoice {
  /** ps */
  t0: number;
  t1: number;
  /** log–log slope β of the curve over the window (1 = diffusive) */
  beta: number;
  /** |β − 1| ≤ DIFFUSIVE_TOLERANCE over the window */
  diffusive: boolean;
  how: 'auto' | 'given';
}

/** A curve is diffusive over a window when its log–log slope there is within this of 1. */
export const DIFFUSIVE_TOLERANCE = 0.1;

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
 * lags; with ½ the intervals keep their nominal coverage (tested over 120 seeds).
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

/**
 * D is a long-time quantity: the automatic window is the last WINDOW_DECADES (in log t) of the
 * usable lags, i.e. the longest lags that still have at least MIN_ORIGIN_FRACTION of the time
 * origins. Its β decides whether the run is diffusive; a short-lag stretch that happens to have
 * β ≈ 1 (the ballistic-to-cage crossover passes through it) is never chosen.
 */
export const WINDOW_DECADES = 0.5;

/** The automatic window (WINDOW_DECADES at the long-lag end), or the given one checked against the data. */
export function chooseFitWindow(
  curves: DisplacementCurves,
  y: Float64Array,
  dtPs: number,
  given?: { t0: number; t1: number },
): FitWindowChoice {
  const all = usable(curves, y);
  if (all.length < 3)
    throw new InputError('--fit-window', 'too few usable lags to fit (run longer or sample more often)');
  const t = all.map((k) => curves.lags[k] * dtPs);
  const v = all.map((k) => y[k]);
  // the range a window may cover: the usable lags
  const [first, last] = [t[0], t[t.length - 1]];
  let window: { t0: number; t1: number };
  if (given) {
    if (!(given.t0 >= 0 && given.t1 > given.t0))
      throw new InputError('--fit-window', `needs 0 ≤ t0 < t1 (ps), got ${given.t0}:${given.t1}`);
    if (given.t1 > last + 1e-9)
      throw new InputError(
        '--fit-window',
        `${given.t0}:${given.t1} ps is beyond the data: lags with enough time origins span ${fmt(first)}–${fmt(last)} ps`,
      );
    window = given;
  } else {
    const t0 = t.find((tt) => tt >= last / 10 ** WINDOW_DECADES - 1e-12) ?? first;
    window = { t0, t1: last };
  }
  const inWindow = t.filter((tt) => tt >= window.t0 - 1e-12 && tt <= window.t1 + 1e-12).length;
  if (inWindow < 3)
    throw new InputError(
      '--fit-window',
      `${fmt(window.t0)}:${fmt(window.t1)} ps holds ${inWindow} lags; at least 3 are needed`,
    );
  const beta = logSlopeOver(t, v, window);
  return { ...window, beta, diffusive: isDiffusive(beta), how: given ? 'given' : 'auto' };
}

export function isDiffusive(beta: number): boolean {
  return Math.abs(beta - 1) <= DIFFUSIVE_TOLERANCE;
}

const fmt = (v: number) => Number(v.toPrecision(4)).toString();

function logSlopeOver(t: number[], y: number[], w: { t0: number; t1: number }): number {
  const xs: number[] = [];
  const ys: number[] = [];
  t.forEach((tt, k) => {
    if (tt >= w.t0 - 1e-12 && tt <= w.t1 + 1e-12 && y[k] > 0) {
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
  /** a given window overrides the automatic choice (ps); it must lie within the data */
  fitWindow?: { t0: number; t1: number };
  /** species whose Haven ratio is reported (default: Na if present, else the first) */
  mobile?: string;
}

export interface SpeciesTransport {
  /** tracer diffusion coefficient, cm²/s */
  D: number;
  /** log–log slope of the species' MSD over the window, and whether it is diffusive there */
  beta: number;
  diffusive: boolean;
  /** collective diffusivity of the species (Haven ratio D/D_σ), cm²/s */
  D_sigma: number;
  /** the species' Nernst–Einstein part of σ_self, S/cm (null for curves stored before it) */
  sigma_self: number | null;
}

export interface RunTransport {
  fit_window_ps: [number, number];
  fit_window_how: 'auto' | 'given';
  /** β of the charge-weighted self curve over the window, and whether it is diffusive there */
  beta: number;
  diffusive: boolean;
  species: Record<string, SpeciesTransport>;
  sigma_self: number;
  sigma_full: number;
  /**
   * σ_full − σ_self by species pair, S/cm: 'Na-Na' the distinct Na–Na correlations, 'Na-S' both
   * cross terms (2 ΔM_Na·ΔM_S); σ_full = σ_self + the sum of these. Null for curves stored before it.
   */
  sigma_distinct: Record<string, number> | null;
  mobile: string;
  /** Haven ratio D* ÷ D_σ of the mobile species */
  haven_ratio: number;
  /**
   * Errors from this run alone, from the spread over ATOM_GROUPS groups of atoms (self terms
   * only: σ_full is one collective variable, which one run cannot split). Null for curves
   * stored before groups were kept.
   */
  one_run: OneRunErrors | null;
}

export interface OneRunErrors {
  groups: number;
  species: Record<string, { D_err: number | null; D_ci95: [number, number] | null }>;
  sigma_self_err: number | null;
  sigma_self_ci95: [number, number] | null;
}

/** Transport of one run; the window comes from the charge-weighted self curve unless given. */
export function runTransport(curves: DisplacementCurves, c: TransportConditions): RunTransport {
  const window = chooseFitWindow(curves, curves.selfCharge, c.dtPs, c.fitWindow);
  const kT = BOLTZMANN_EV * c.temperature;
  const sigma = (y: Float64Array) =>
    (slopeIn(curves, y, c.dtPs, window) / (6 * c.volume * kT)) * CONDUCTIVITY_TO_S_PER_CM;
  const species: RunTransport['species'] = {};
  curves.speciesNames.forEach((name, s) => {
    const idx = usable(curves, curves.msd[s]);
    const beta = logSlopeOver(
      idx.map((k) => curves.lags[k] * c.dtPs),
      idx.map((k) => curves.msd[s][k]),
      window,
    );
    species[name] = {
      D: (slopeIn(curves, curves.msd[s], c.dtPs, window) / 6) * A2PS_TO_CM2S,
      beta,
      diffusive: isDiffusive(beta),
      D_sigma:
        (slopeIn(curves, curves.collectiveSpecies[s], c.dtPs, window) / (6 * curves.speciesCounts[s])) * A2PS_TO_CM2S,
      sigma_self: curves.selfChargeSpecies ? sigma(curves.selfChargeSpecies[s]) : null,
    };
  });
  const mobile = c.mobile ?? (curves.speciesNames.includes('Na') ? 'Na' : curves.speciesNames[0]);
  if (!species[mobile]) throw new Error(`mobile species '${mobile}' is not among ${curves.speciesNames.join(', ')}`);
  return {
    fit_window_ps: [window.t0, window.t1],
    fit_window_how: window.how,
    beta: window.beta,
    diffusive: window.diffusive,
    species,
    sigma_self: sigma(curves.selfCharge),
    sigma_full: sigma(curves.collective),
    sigma_distinct: distinctParts(curves, sigma),
    mobile,
    haven_ratio: species[mobile].D / species[mobile].D_sigma,
    one_run: oneRunErrors(curves, c.dtPs, window, species, sigma),
  };
}

/**
 * A quantity's value from the whole run with the error of the mean of its estimates from
 * independent groups of atoms, and the positive (log-scale) t interval around the value.
 */
function fromGroups(value: number, perGroup: number[]): { err: number | null; ci95: [number, number] | null } {
  const e = positiveEstimate(perGroup);
  return { err: e.err, ci95: e.err === null ? null : logInterval(value, e.err, e.n) };
}

function oneRunErrors(
  curves: DisplacementCurves,
  dtPs: number,
  window: { t0: number; t1: number },
  species: RunTransport['species'],
  sigma: (y: Float64Array) => number,
): OneRunErrors | null {
  const g = curves.groups;
  if (!g) return null;
  const out: OneRunErrors['species'] = {};
  curves.speciesNames.forEach((name, s) => {
    const withAtoms = g.msd.filter((_, k) => g.counts[k][s] > 0);
    const D = withAtoms.map((msd) => (slopeIn(curves, msd[s], dtPs, window) / 6) * A2PS_TO_CM2S);
    const e = fromGroups(species[name].D, D);
    out[name] = { D_err: e.err, D_ci95: e.ci95 };
  });
  // each group's σ_self scaled to the whole system by its share of Σ q²
  const q2 = g.q2.reduce((a, v) => a + v, 0);
  const charged = g.selfCharge.map((y, k) => [y, g.q2[k]] as const).filter(([, q]) => q > 0);
  const sig = fromGroups(
    sigma(curves.selfCharge),
    charged.map(([y, q]) => (sigma(y) * q2) / q),
  );
  return { groups: g.msd.length, species: out, sigma_self_err: sig.err, sigma_self_ci95: sig.ci95 };
}

/** σ of each species pair's distinct correlations (the same-species part less its self term). */
function distinctParts(curves: DisplacementCurves, sigma: (y: Float64Array) => number): Record<string, number> | null {
  const { chargeCross, selfChargeSpecies, speciesNames } = curves;
  if (!chargeCross || !selfChargeSpecies) return null;
  const out: Record<string, number> = {};
  speciesPairs(speciesNames.length).forEach(([a, b], k) => {
    const name = `${speciesNames[a]}-${speciesNames[b]}`;
    out[name] = a === b ? sigma(chargeCross[k]) - sigma(selfChargeSpecies[a]) : 2 * sigma(chargeCross[k]);
  });
  return out;
}

export interface Estimate {
  mean: number;
  /** standard error of the mean over replicas (null with one replica) */
  err: number | null;
  /** 95 % interval (null with one replica, or when not estimable) */
  ci95: [number, number] | null;
  n: number;
}

/** Mean, standard error and t-based 95 % interval of values of either sign. */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, err: null, ci95: null, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const err = sd / Math.sqrt(n);
  const h = studentTQuantile(0.975, n - 1) * err;
  return { mean, err, ci95: [mean - h, mean + h], n };
}

/**
 * The same for a quantity that is positive by nature (D, σ): the t interval on the log scale by
 * the delta method, mean ÷ f … mean × f with f = exp(t₀.₉₇₅ · err / mean), so that it stays
 * positive however few the replicas (2 replicas: t = 12.7). A mean ≤ 0 has no interval.
 */
export function positiveEstimate(values: readonly number[]): Estimate {
  const e = estimate(values);
  return { ...e, ci95: e.err === null ? null : logInterval(e.mean, e.err, e.n) };
}

/** value ÷ f … value × f, f = exp(t₀.₉₇₅,n−1 · err / value); null for a value ≤ 0. */
function logInterval(value: number, err: number, n: number): [number, number] | null {
  if (!(value > 0)) return null;
  const f = Math.exp((studentTQuantile(0.975, n - 1) * err) / value);
  return [value / f, value * f];
}

/**
 * The ratio of two means (the Haven ratio D* ÷ D_σ) with its error by the delta method, covariance
 * included, and a log-scale t interval as positiveEstimate's. Null error and interval with one
 * replica or a denominator ≤ 0: not estimable.
 */
export function ratioEstimate(num: readonly number[], den: readonly number[]): Estimate {
  const n = num.length;
  const a = estimate(num);
  const b = estimate(den);
  const ratio = a.mean / b.mean;
  if (n < 2 || !(a.mean > 0 && b.mean > 0)) return { mean: ratio, err: null, ci95: null, n };
  const cov = num.reduce((s, v, k) => s + (v - a.mean) * (den[k] - b.mean), 0) / (n - 1) / n;
  const rel2 = (a.err! / a.mean) ** 2 + (b.err! / b.mean) ** 2 - (2 * cov) / (a.mean * b.mean);
  const err = ratio * Math.sqrt(Math.max(0, rel2));
  return { mean: ratio, err, ci95: logInterval(ratio, err, n), n };
}

export interface EnsembleTransport {
  temperature: number;
  volume: number;
  replicas: number;
  fit_window_ps: [number, number];
  fit_window_how: 'auto' | 'given';
  /** β of the mean charge-weighted self curve over the window, and whether it is diffusive */
  beta: number;
  diffusive: boolean;
  species: Record<
    string,
    {
      D: number;
      D_err: number | null;
      D_ci95: [number, number] | null;
      beta: number;
      diffusive: boolean;
      sigma_self: number | null;
      sigma_self_err: number | null;
      sigma_self_ci95: [number, number] | null;
    }
  >;
  sigma_self: number;
  sigma_self_err: number | null;
  sigma_self_ci95: [number, number] | null;
  sigma_full: number;
  sigma_full_err: number | null;
  sigma_full_ci95: [number, number] | null;
  /** σ_full of each replica: it is noisy, so the spread is shown */
  sigma_full_replicas: number[];
  /**
   * where the errors come from: 'replicas' (the spread over replicas), 'atom-groups' (one
   * replica: the spread over groups of atoms, self terms only), or 'none'
   */
  errors_from: 'replicas' | 'atom-groups' | 'none';
  /** σ_full − σ_self by species pair (RunTransport), each with a t interval (either sign) */
  sigma_distinct: Record<string, { mean: number; err: number | null; ci95: [number, number] | null }> | null;
  mobile: string;
  haven_ratio: number;
  haven_ratio_err: number | null;
  haven_ratio_ci95: [number, number] | null;
}

/**
 * An ensemble of replicas at one state point: the fit window is chosen once, on the mean
 * charge-weighted self curve, and applied to every replica; each quantity is fitted per
 * replica and reported as mean ± standard error with a 95 % interval (log scale for positive
 * quantities); the Haven ratio, a ratio of means, by the delta method.
 */
export function ensembleTransport(replicas: readonly DisplacementCurves[], c: TransportConditions): EnsembleTransport {
  if (replicas.length === 0) throw new Error('no replicas');
  const mean = meanCurves(replicas);
  const window = chooseFitWindow(mean, mean.selfCharge, c.dtPs, c.fitWindow);
  const fixed = { ...c, fitWindow: { t0: window.t0, t1: window.t1 } };
  const runs = replicas.map((r) => runTransport(r, fixed));
  const meanRun = runTransport(mean, fixed);
  const species: EnsembleTransport['species'] = {};
  for (const name of replicas[0].speciesNames) {
    const e = positiveEstimate(runs.map((r) => r.species[name].D));
    const parts = runs.map((r) => r.species[name].sigma_self);
    const sig = parts.every((v): v is number => v !== null) ? positiveEstimate(parts) : null;
    species[name] = {
      D: e.mean,
      D_err: e.err,
      D_ci95: e.ci95,
      beta: meanRun.species[name].beta,
      diffusive: meanRun.species[name].diffusive,
      sigma_self: sig?.mean ?? null,
      sigma_self_err: sig?.err ?? null,
      sigma_self_ci95: sig?.ci95 ?? null,
    };
  }
  const self = positiveEstimate(runs.map((r) => r.sigma_self));
  const full = positiveEstimate(runs.map((r) => r.sigma_full));
  // one replica: errors of the self terms from its groups of atoms (σ_full stays without)
  const one = replicas.length === 1 ? runs[0].one_run : null;
  if (one) {
    for (const [name, e] of Object.entries(one.species))
      Object.assign(species[name], { D_err: e.D_err, D_ci95: e.D_ci95 });
    Object.assign(self, { err: one.sigma_self_err, ci95: one.sigma_self_ci95 });
  }
  const mobile = runs[0].mobile;
  const haven = ratioEstimate(
    runs.map((r) => r.species[mobile].D),
    runs.map((r) => r.species[mobile].D_sigma),
  );
  return {
    temperature: c.temperature,
    volume: c.volume,
    replicas: replicas.length,
    fit_window_ps: [window.t0, window.t1],
    fit_window_how: window.how,
    beta: window.beta,
    diffusive: window.diffusive,
    species,
    sigma_self: self.mean,
    sigma_self_err: self.err,
    sigma_self_ci95: self.ci95,
    sigma_full: full.mean,
    sigma_full_err: full.err,
    sigma_full_ci95: full.ci95,
    sigma_full_replicas: runs.map((r) => r.sigma_full),
    errors_from: replicas.length > 1 ? 'replicas' : one ? 'atom-groups' : 'none',
    sigma_distinct: distinctEstimates(runs),
    mobile,
    haven_ratio: haven.mean,
    haven_ratio_err: haven.err,
    haven_ratio_ci95: haven.ci95,
  };
}

function distinctEstimates(runs: RunTransport[]): EnsembleTransport['sigma_distinct'] {
  const parts = runs.map((r) => r.sigma_distinct);
  if (!parts.every((p): p is Record<string, number> => p !== null)) return null;
  return Object.fromEntries(
    Object.keys(parts[0]).map((pair) => {
      const { mean, err, ci95 } = estimate(parts.map((p) => p[pair]));
      return [pair, { mean, err, ci95 }];
    }),
  );
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
    ...(replicas.every((r) => r.selfChargeSpecies && r.chargeCross)
      ? {
          selfChargeSpecies: first.selfChargeSpecies!.map((_, s) => avg((r) => r.selfChargeSpecies![s])),
          chargeCross: first.chargeCross!.map((_, k) => avg((r) => r.chargeCross![k])),
        }
      : {}),
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
  /**
   * 95 % interval of E_A: ± 1.96 σ with errors from the points' own error bars, ± t(n − 2) σ
   * with errors from the scatter; null when neither exists (two points without error bars)
   */
  EA_ci95: [number, number] | null;
  /** why E_A is not to be read as an activation energy (negative, or no interval); null when it is */
  EA_caveat: string | null;
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
  const EA = -fit.slope;
  const q = weighted ? 1.959963985 : dof > 0 ? studentTQuantile(0.975, dof) : NaN;
  const ci: [number, number] | null = Number.isFinite(q * fit.slopeErr)
    ? [EA - q * fit.slopeErr, EA + q * fit.slopeErr]
    : null;
  const caveat =
    EA <= 0
      ? 'E_A ≤ 0: the quantity does not rise with T here (noise or no activated regime)'
      : ci === null
        ? 'no interval: two temperatures without error bars'
        : ci[0] <= 0
          ? 'the interval reaches E_A ≤ 0: not resolved'
          : null;
  return {
    EA_eV: EA,
    EA_err: fit.slopeErr,
    prefactor,
    prefactor_err: prefactor * fit.interceptErr,
    reduced_chi2: fit.reducedChi2,
    non_arrhenius: dof > 0 && p < 0.01,
    points: temperatures.length,
    EA_ci95: ci,
    EA_caveat: caveat,
  };
}
