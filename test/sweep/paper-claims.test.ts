/**
 * The paper's claims judged on synthetic series of known shape: the intervals cover the true
 * ratio and slope at their nominal rate, series shaped as the paper says are `reproduced`,
 * series shaped otherwise are `not reproduced`, and missing points are `not testable`.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@ionsweep/shared';
import { M_C_NS9, ns9M, paperClaims, type PaperClaim } from '../../coordinator/src/aggregator/paper-claims.js';
import type { ArrheniusEntry, PointResult } from '../../coordinator/src/aggregator/aggregate.js';

/** the NS9 grid of the study: the paper's N_Si of N = 3000 */
const NS9_M = [900, 850, 800, 750, 700, 675, 650, 600, 550, 500, 400].map((n) => ns9M(n / 3000));
const NS_M = [2, 2.5, 3, 3.5, 4, 5, 6];

interface Truth {
  x: number;
  m: number[];
  temperatures: number[];
  /** true D_Na and σ at (m, T) */
  D: (m: number, T: number) => number;
  sigma: (m: number, T: number) => number;
  /** relative spread of one replica */
  spread: number;
  replicas: number;
}

/** Replica means and standard errors drawn from the truth, as the aggregator reports them. */
function synthetic(t: Truth, rng: Rng): { points: PointResult[]; arrhenius: ArrheniusEntry[] } {
  const stat = (v: number) => {
    const draws = Array.from({ length: t.replicas }, () => v * (1 + t.spread * rng.normal()));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
    return { mean, err: sd / Math.sqrt(draws.length) };
  };
  const points = t.m.flatMap((m) =>
    t.temperatures.map((T) => {
      const d = stat(t.D(m, T));
      const s = stat(t.sigma(m, T));
      return {
        x: t.x,
        m,
        temperature: T,
        replicas: t.replicas,
        species: { Na: { D: d.mean, D_err: d.err, diffusive: true } },
        sigma_self: s.mean,
        sigma_self_err: s.err,
      } as unknown as PointResult;
    }),
  );
  return { points, arrhenius: [] };
}

const testsOf = (claims: PaperClaim[], n: number) => claims.find((c) => c.claim === n)!.tests;

describe('the paper claims, on synthetic series', () => {
  it('the 95 % intervals of the D_Na ratio (claim 1) and of the slope (claim 4) cover the truth at ≈ 95 %', () => {
    const rng = new Rng(5);
    // NS9: D_Na × 4 between m = 2.20 and 4.67 (ln-linear); NS: ln D rising 0.3 per unit m
    const ns9: Truth = {
      x: 0.1,
      m: NS9_M,
      temperatures: [2000],
      D: (m) => 1e-5 * Math.exp(0.56 * m),
      sigma: () => 0.1,
      spread: 0.25,
      replicas: 3,
    };
    const ns: Truth = { ...ns9, x: 0.5, m: NS_M, D: (m) => 1e-5 * Math.exp(0.3 * m), sigma: (m) => Math.exp(0.3 * m) };
    const trueRatio = Math.exp(0.56 * (ns9M(500 / 3000) - ns9M(850 / 3000)));
    let ratioCovered = 0;
    let slopeCovered = 0;
    const runs = 150;
    for (let k = 0; k < runs; k++) {
      const rise = testsOf(paperClaims(synthetic(ns9, rng)), 1)[0];
      if (rise.ci95![0] <= trueRatio && trueRatio <= rise.ci95![1]) ratioCovered++;
      const slope = testsOf(paperClaims(synthetic(ns, rng)), 4)[0];
      if (slope.ci95![0] <= 0.3 && 0.3 <= slope.ci95![1]) slopeCovered++;
    }
    console.log(`coverage of 95 % intervals over ${runs} series: ratio ${ratioCovered}, slope ${slopeCovered}`);
    // nominal 142.5 of 150; binomial 99.9 % band ≈ ±8, and the delta method in ln D is approximate
    expect(ratioCovered / runs).toBeGreaterThan(0.88);
    expect(ratioCovered / runs).toBeLessThan(0.995);
    expect(slopeCovered / runs).toBeGreaterThan(0.88);
    expect(slopeCovered / runs).toBeLessThan(0.995);
  }, 120_000);

  it('series shaped as the paper says are reproduced; the opposite shapes are not', () => {
    const rng = new Rng(9);
    // D_Na: ×10 from m = 2.2 to 4.67 with a peak at m ≈ 3.5; σ: a step at m_c, falling past 4.5;
    // E_A(D_Na) and E_A(σ) with a minimum at m_c
    const bump = (m: number) => Math.exp(-((m - 3.5) ** 2) / 0.8);
    const paper: Truth = {
      x: 0.1,
      m: NS9_M,
      temperatures: [1500, 2000],
      D: (m, T) => (T / 2000) * 1e-6 * (1 + 30 * bump(m)) * Math.exp(0.6 * (m - 2)),
      sigma: (m) => (m < M_C_NS9 ? 0.05 : 0.05 * 6 * Math.exp(-Math.max(0, m - 4) * 1.2)),
      spread: 0.05,
      replicas: 3,
    };
    const data = synthetic(paper, rng);
    data.arrhenius = NS9_M.map((m) => ({
      x: 0.1,
      m,
      m_c: M_C_NS9,
      D_Na: { EA_eV: 0.3 + 0.3 * Math.abs(m - M_C_NS9), EA_err: 0.03 },
      sigma: { EA_eV: 0.25 + 0.2 * Math.abs(m - M_C_NS9), EA_err: 0.03 },
    })) as unknown as ArrheniusEntry[];
    const claims = paperClaims(data);
    for (const c of claims) expect(c.verdict, JSON.stringify(c, null, 1)).toBe('reproduced');
    expect(claims.map((c) => c.claim)).toEqual([1, 2, 3]);

    // ns-buck-like: D_Na and σ fall with m, E_A rises: every NS9 claim is refuted
    const falling: Truth = { ...paper, D: (m) => 1e-5 * Math.exp(-0.5 * m), sigma: (m) => 0.2 * Math.exp(-0.8 * m) };
    const refuted = synthetic(falling, rng);
    refuted.arrhenius = NS9_M.map((m) => ({
      x: 0.1,
      m,
      D_Na: { EA_eV: 0.4 + 0.1 * m, EA_err: 0.02 },
      sigma: { EA_eV: 0.4 + 0.1 * m, EA_err: 0.02 },
    })) as unknown as ArrheniusEntry[];
    const no = paperClaims(refuted);
    expect(no.find((c) => c.claim === 1)!.verdict).toBe('not reproduced');
    expect(no.find((c) => c.claim === 3)!.verdict).toBe('not reproduced');
    // σ falls throughout: no rise across m_c; but it does fall past 4.5 (that half is reproduced)
    const jump = testsOf(no, 2).filter((t) => t.test.startsWith('σ jumps'));
    expect(jump.every((t) => t.verdict === 'not reproduced')).toBe(true);
    expect(no.find((c) => c.claim === 2)!.verdict).toBe('partly reproduced');

    // NS: growth with a real dip in the middle is an anomaly
    const dip: Truth = {
      ...paper,
      x: 0.5,
      m: NS_M,
      D: (m) => 1e-5 * Math.exp(0.3 * m) * (m === 4 ? 0.4 : 1),
      sigma: (m) => Math.exp(0.3 * m),
    };
    const ns = paperClaims(synthetic(dip, rng));
    expect(ns.map((c) => c.claim)).toEqual([4]);
    const d = testsOf(ns, 4).filter((t) => t.test.startsWith('D_Na'));
    for (const t of d) expect(`${t.verdict}: ${t.evidence}`).toMatch(/^not reproduced: .*falls between m = 3.50→4.00/);
    expect(
      testsOf(ns, 4)
        .filter((t) => t.test.startsWith('σ'))
        .every((t) => t.verdict === 'reproduced'),
    ).toBe(true);
    expect(ns[0].verdict).toBe('partly reproduced');
  });

  it('a series without the points a test needs says so, and other compositions get no claims', () => {
    const rng = new Rng(3);
    const few: Truth = {
      x: 0.1,
      m: [2, 2.5],
      temperatures: [2000],
      D: () => 1e-5,
      sigma: () => 0.1,
      spread: 0.1,
      replicas: 3,
    };
    const claims = paperClaims(synthetic(few, rng));
    for (const c of claims) expect(c.verdict).toBe('not testable');
    expect(testsOf(claims, 1)[0].evidence).toMatch(/no points at m ≈ 2.20 and m ≈ 4.67/);
    expect(testsOf(claims, 3)[0].evidence).toMatch(/needs ≥ 2 temperatures/);
    expect(paperClaims(synthetic({ ...few, x: 0.3 }, rng))).toEqual([]);
  });
});
