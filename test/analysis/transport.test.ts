import { describe, expect, it } from 'vitest';
import {
  arrheniusFit,
  BOLTZMANN_EV,
  chooseFitWindow,
  curvesFromTrajectory,
  DisplacementAccumulator,
  ensembleTransport,
  positiveEstimate,
  ratioEstimate,
  Rng,
  runTransport,
  windowedMsd,
  type DisplacementCurves,
} from '@ionsweep/shared';
import { brownian, type BrownianSpec } from '../helpers/brownian.js';

const base: Omit<BrownianSpec, 'seed'> = {
  pairs: 40,
  frames: 400,
  dtPs: 0.1,
  box: 40,
  q: 0.6,
  dCommon: 0.03,
  dCation: 0.06,
  dAnion: 0.015,
  temperature: 1500,
};

function ensemble(seed: number, replicas: number) {
  const runs = Array.from({ length: replicas }, (_, r) => brownian({ ...base, seed: seed * 1000 + r }));
  const curves = runs.map((b) => curvesFromTrajectory(b.config, b.frames, windowedMsd));
  return {
    result: ensembleTransport(curves, { dtPs: base.dtPs, temperature: base.temperature, volume: runs[0].volume }),
    truth: runs[0].truth,
  };
}

describe('transport from synthetic Brownian ions with known D and σ', () => {
  it('recovers D per species, σ_self and σ_full within the reported errors', () => {
    const { result: r, truth } = ensemble(7, 8);
    expect(r.replicas).toBe(8);
    for (const sp of ['Na', 'S'] as const)
      expect(Math.abs(r.species[sp].D - truth.D[sp])).toBeLessThan(3 * r.species[sp].D_err!);
    expect(Math.abs(r.sigma_self - truth.sigmaSelf)).toBeLessThan(3 * r.sigma_self_err!);
    expect(Math.abs(r.sigma_full - truth.sigmaFull)).toBeLessThan(3 * r.sigma_full_err!);
    // the pairs' shared motion carries no current: σ_full < σ_self, as constructed
    expect(truth.sigmaFull / truth.sigmaSelf).toBeCloseTo(0.075 / 0.135, 10);
    expect(r.sigma_full).toBeLessThan(r.sigma_self);
    expect(r.sigma_full_replicas).toHaveLength(8);
    // independent cations: collective and tracer D agree, Haven ratio ≈ 1
    expect(Math.abs(r.haven_ratio - 1)).toBeLessThan(3 * r.haven_ratio_err!);
    expect(r.haven_ratio_ci95![0]).toBeLessThan(r.haven_ratio);
    expect(r.haven_ratio_ci95![1]).toBeGreaterThan(r.haven_ratio);
  });

  it('splits σ_self by species and σ_full − σ_self by species pair, as constructed', () => {
    const { result: r, truth } = ensemble(11, 8);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, v) => a + v, 0);
    // the parts add up exactly (the same fits of curves that add up)
    expect(r.species.Na.sigma_self! + r.species.S.sigma_self!).toBeCloseTo(r.sigma_self, 12);
    const distinct = Object.fromEntries(Object.entries(r.sigma_distinct!).map(([k, d]) => [k, d.mean]));
    expect(Object.keys(distinct)).toEqual(['Na-Na', 'Na-S', 'S-S']);
    expect(r.sigma_self + sum(distinct)).toBeCloseTo(r.sigma_full, 12);
    // and each is its truth within its error (4σ: five checks on one seed; coverage is tested below)
    for (const sp of ['Na', 'S'] as const)
      expect(Math.abs(r.species[sp].sigma_self! - truth.sigmaSelfSpecies[sp])).toBeLessThan(
        4 * r.species[sp].sigma_self_err!,
      );
    for (const pair of ['Na-Na', 'Na-S', 'S-S'] as const)
      expect(Math.abs(distinct[pair] - truth.sigmaDistinct[pair]), pair).toBeLessThan(4 * r.sigma_distinct![pair].err!);
    expect(truth.sigmaDistinct['Na-S']).toBeLessThan(0);
  });

  it('the 95 % intervals cover the truth in 88–99 % of 120 seeds', () => {
    const seeds = 120;
    const hits = { Na: 0, S: 0, self: 0, full: 0, selfNa: 0, distinctNaS: 0, haven: 0 };
    for (let seed = 0; seed < seeds; seed++) {
      const { result: r, truth } = ensemble(seed, 4);
      const inside = (ci: [number, number] | null, v: number) => (ci && ci[0] <= v && v <= ci[1] ? 1 : 0);
      hits.Na += inside(r.species.Na.D_ci95, truth.D.Na);
      hits.S += inside(r.species.S.D_ci95, truth.D.S);
      hits.self += inside(r.sigma_self_ci95, truth.sigmaSelf);
      hits.full += inside(r.sigma_full_ci95, truth.sigmaFull);
      hits.selfNa += inside(r.species.Na.sigma_self_ci95, truth.sigmaSelfSpecies.Na);
      hits.distinctNaS += inside(r.sigma_distinct!['Na-S'].ci95, truth.sigmaDistinct['Na-S']);
      // independent cations: the Haven ratio is 1
      hits.haven += inside(r.haven_ratio_ci95, 1);
    }
    console.log(
      `95 % CI coverage over ${seeds} seeds: ${Object.entries(hits)
        .map(([k, h]) => `${k} ${(h / seeds).toFixed(3)}`)
        .join(', ')}`,
    );
    for (const [name, h] of Object.entries(hits)) {
      const coverage = h / seeds;
      expect(coverage, `${name}: coverage ${coverage}`).toBeGreaterThanOrEqual(0.88);
      expect(coverage, `${name}: coverage ${coverage}`).toBeLessThanOrEqual(0.99);
    }
  }, 120_000);
});

describe('errors from one trajectory (groups of atoms)', () => {
  it('cover the truth in 88–99 % of 120 single runs (D per species, σ_self); σ_full has none', () => {
    const seeds = 120;
    const hits = { Na: 0, S: 0, self: 0 };
    for (let seed = 0; seed < seeds; seed++) {
      const { result: r, truth } = ensemble(500 + seed, 1);
      expect(r.errors_from).toBe('atom-groups');
      const inside = (ci: [number, number] | null, v: number) => (ci && ci[0] <= v && v <= ci[1] ? 1 : 0);
      hits.Na += inside(r.species.Na.D_ci95, truth.D.Na);
      hits.S += inside(r.species.S.D_ci95, truth.D.S);
      hits.self += inside(r.sigma_self_ci95, truth.sigmaSelf);
      expect(r.sigma_full_ci95).toBeNull();
    }
    console.log(
      `one-run 95 % CI coverage over ${seeds} seeds: ${Object.entries(hits)
        .map(([k, h]) => `${k} ${(h / seeds).toFixed(3)}`)
        .join(', ')}`,
    );
    for (const [name, h] of Object.entries(hits)) {
      expect(h / seeds, name).toBeGreaterThanOrEqual(0.88);
      expect(h / seeds, name).toBeLessThanOrEqual(0.99);
    }
  }, 120_000);

  it('the accumulator keeps the same groups as the trajectory path, and they ride in its snapshot', () => {
    const b = brownian({ ...base, seed: 3 });
    const acc = new DisplacementAccumulator({ ...b.config, maxLag: 399, originEvery: 1, lagSpacing: 'linear' });
    b.frames.forEach((f) => acc.add(f, b.config.ids));
    const fft = curvesFromTrajectory(b.config, b.frames, windowedMsd);
    const mine = acc.curves();
    for (const g of [0, 5])
      for (const k of [1, 50, 200]) {
        expect(mine.groups!.msd[g][0][k]).toBeCloseTo(fft.groups!.msd[g][0][k], 8);
        expect(mine.groups!.selfCharge[g][k]).toBeCloseTo(fft.groups!.selfCharge[g][k], 8);
      }
    for (const k of [1, 50, 200]) expect(mine.chargeCross![1][k]).toBeCloseTo(fft.chargeCross![1][k], 8);
    const copy = new DisplacementAccumulator({ ...b.config, maxLag: 399, originEvery: 1, lagSpacing: 'linear' });
    copy.restore(acc.snapshot());
    expect(copy.curves()).toEqual(mine);
  });
});

/** Curves of a caged species: MSD = a t^β, the charge curves following it. */
function powerLawCurves(beta: number, lags = 200, dtPs = 0.1): DisplacementCurves {
  const ls = Int32Array.from({ length: lags }, (_, i) => i);
  const y = Float64Array.from(ls, (l) => (l === 0 ? 0 : 2 * (l * dtPs) ** beta));
  return {
    lags: ls,
    counts: Float64Array.from(ls, (l) => lags - l),
    speciesNames: ['Na'],
    speciesCounts: [10],
    msd: [y],
    selfCharge: y.map((v) => v * 3.6),
    collective: y.map((v) => v * 3.6),
    collectiveSpecies: [y.map((v) => v * 10)],
  };
}

describe('fit windows', () => {
  const c = { dtPs: 0.1, temperature: 1000, volume: 1000 };
  it('lie at the long-lag end, and a sub-diffusive run is not called diffusive', () => {
    const caged = runTransport(powerLawCurves(0.63), c);
    // usable lags reach 10 ps (half the origins left): the window is its last half decade
    expect(caged.fit_window_ps[1]).toBeCloseTo(10, 6);
    expect(caged.fit_window_ps[0]).toBeGreaterThanOrEqual(10 / 10 ** 0.5 - 1e-9);
    expect(caged.species.Na.beta).toBeCloseTo(0.63, 6);
    expect(caged.species.Na.diffusive).toBe(false);
    expect(caged.diffusive).toBe(false);
    expect(runTransport(powerLawCurves(1), c).species.Na.diffusive).toBe(true);
  });

  it('a given window is judged by its own β, and refused beyond the data', () => {
    const given = runTransport(powerLawCurves(0.63), { ...c, fitWindow: { t0: 0.5, t1: 1.4 } });
    expect(given.fit_window_how).toBe('given');
    expect(given.species.Na.beta).toBeCloseTo(0.63, 6);
    expect(given.diffusive).toBe(false);
    const curves = powerLawCurves(1);
    expect(() => chooseFitWindow(curves, curves.selfCharge, 0.1, { t0: 5, t1: 40 })).toThrow(
      /^--fit-window: 5:40 ps is beyond the data: lags with enough time origins span 0\.1–10 ps/,
    );
  });
});

describe('intervals that respect sign', () => {
  it('stay positive for positive quantities with two replicas, and contain the mean', () => {
    const e = positiveEstimate([1.5e-5, 6.9e-5]);
    expect(e.ci95![0]).toBeGreaterThan(0);
    expect(e.ci95![0]).toBeLessThan(e.mean);
    expect(e.ci95![1]).toBeGreaterThan(e.mean);
    expect(positiveEstimate([1, -3]).ci95).toBeNull(); // a mean ≤ 0 has no positive interval
  });

  it('give the Haven ratio by the delta method, or nothing when it cannot be estimated', () => {
    const h = ratioEstimate([2, 2.2, 1.9], [4, 4.1, 3.8]);
    expect(h.mean).toBeCloseTo(6.1 / 11.9, 12);
    expect(h.ci95![0]).toBeGreaterThan(0);
    expect(ratioEstimate([2], [4]).ci95).toBeNull();
    expect(ratioEstimate([2, 3], [-1, 0.5]).ci95).toBeNull();
  });
});

describe('Arrhenius fits', () => {
  const Ts = [1000, 1250, 1500, 1750, 2000];
  it('recovers E_A and the prefactor from noisy D(T) within the error', () => {
    const rng = new Rng(5);
    const EA = 0.45;
    const D0 = 3e-3;
    const rel = 0.05;
    let inside = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const D = Ts.map((T) => D0 * Math.exp(-EA / (BOLTZMANN_EV * T)) * (1 + rel * rng.normal()));
      const fit = arrheniusFit(
        Ts,
        D,
        D.map((d) => rel * d),
      );
      if (Math.abs(fit.EA_eV - EA) < 1.96 * fit.EA_err) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.9);
    const exact = arrheniusFit(
      Ts,
      Ts.map((T) => D0 * Math.exp(-EA / (BOLTZMANN_EV * T))),
    );
    expect(exact.EA_eV).toBeCloseTo(EA, 10);
    expect(exact.prefactor).toBeCloseTo(D0, 12);
  });

  it('flags curvature (a Vogel–Fulcher law) and not a straight line', () => {
    const vft = Ts.map((T) => 1e-3 * Math.exp(-1500 / (T - 700)));
    const curved = arrheniusFit(
      Ts,
      vft,
      vft.map((d) => 0.01 * d),
    );
    expect(curved.non_arrhenius).toBe(true);
    const straight = Ts.map((T) => Math.exp(-0.5 / (BOLTZMANN_EV * T)));
    expect(
      arrheniusFit(
        Ts,
        straight,
        straight.map((d) => 0.01 * d),
      ).non_arrhenius,
    ).toBe(false);
  });

  it('says when E_A is not an activation energy', () => {
    const falling = arrheniusFit([1500, 2000], [2, 1], [0.1, 0.1]);
    expect(falling.EA_eV).toBeLessThan(0);
    expect(falling.EA_caveat).toMatch(/E_A ≤ 0/);
    expect(arrheniusFit([1500, 2000], [1, 2]).EA_caveat).toMatch(/no interval/);
    const good = arrheniusFit(
      Ts,
      Ts.map((T) => Math.exp(-0.5 / (BOLTZMANN_EV * T))),
      Ts.map(() => 0.01),
    );
    expect(good.EA_caveat).toBeNull();
    expect(good.EA_ci95![0]).toBeLessThan(0.5);
    expect(good.EA_ci95![1]).toBeGreaterThan(0.5);
  });

  it('refuses impossible input', () => {
    expect(() => arrheniusFit([1000], [1])).toThrow(/at least two temperatures/);
    expect(() => arrheniusFit([1000, 2000], [1, -1])).toThrow(/positive values/);
  });
});
