import { describe, expect, it } from 'vitest';
import {
  arrheniusFit,
  BOLTZMANN_EV,
  curvesFromTrajectory,
  ensembleTransport,
  Rng,
  windowedMsd,
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

  it('the t-based 95 % intervals cover the truth in 88–99 % of 120 seeds', () => {
    const seeds = 120;
    const hits = { Na: 0, S: 0, self: 0, full: 0 };
    for (let seed = 0; seed < seeds; seed++) {
      const { result: r, truth } = ensemble(seed, 4);
      const inside = (ci: [number, number] | null, v: number) => (ci && ci[0] <= v && v <= ci[1] ? 1 : 0);
      hits.Na += inside(r.species.Na.D_ci95, truth.D.Na);
      hits.S += inside(r.species.S.D_ci95, truth.D.S);
      hits.self += inside(r.sigma_self_ci95, truth.sigmaSelf);
      hits.full += inside(r.sigma_full_ci95, truth.sigmaFull);
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

  it('refuses impossible input', () => {
    expect(() => arrheniusFit([1000], [1])).toThrow(/at least two temperatures/);
    expect(() => arrheniusFit([1000, 2000], [1, -1])).toThrow(/positive values/);
  });
});
