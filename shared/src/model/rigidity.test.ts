import { describe, expect, it } from 'vitest';
import {
  compileRigidityOptions,
  criticalM,
  criticalX,
  floppyFraction,
  LOW_T_LIMIT,
  PAIRS,
  pairingClosedForm,
  pairingIteration,
  rigidityPoint,
  UNIT_DATA,
  unitFractions,
  type RigidityOptions,
} from './index.js';

const point = (x: number, m: number, o: Partial<RigidityOptions> = {}) =>
  rigidityPoint(x, m, compileRigidityOptions(o));

describe('Eq. 1 and thresholds', () => {
  it('m_c(0.10) = 28/9 and x_c(2) = 0.2, x_c(3) = 1/9, x_c(4) = 0', () => {
    expect(criticalM(0.1)).toBeCloseTo(28 / 9, 14);
    expect(criticalX(2)).toBeCloseTo(0.2, 14);
    expect(criticalX(3)).toBeCloseTo(1 / 9, 14);
    expect(criticalX(4)).toBe(0);
  });

  it('reports no threshold for m > 4 instead of a negative x', () => {
    expect(criticalX(4.5)).toBeNull();
    expect(point(0.1, 5).x_c).toBeNull();
  });

  it('f vanishes on the thresholds and changes sign across them', () => {
    for (const x of [0, 0.05, 0.1, 0.2, 0.3]) {
      const mc = criticalM(x);
      expect(floppyFraction(x, mc)).toBeCloseTo(0, 12);
      if (mc >= 2) {
        expect(floppyFraction(x, mc + 0.1)).toBeGreaterThan(0);
        if (mc - 0.1 >= 2) expect(floppyFraction(x, mc - 0.1)).toBeLessThan(0);
      }
    }
  });

  it('the building blocks reproduce Eq. 1: Σ p_j F_j / Σ p_j N_j = f', () => {
    for (const x of [0, 0.07, 0.15, 0.25, 1 / 3]) {
      for (const m of [2, 2.6, 3.3, 4, 6]) {
        const { p4, p3, p2 } = unitFractions(x, m);
        expect(p4 + p3 + p2).toBeCloseTo(1, 14);
        const F = (u: 4 | 3 | 2) => 3 * UNIT_DATA[u].atoms - UNIT_DATA[u].constraints;
        const ratio = (p4 * F(4) + p3 * F(3) + p2 * F(2)) / (p4 * 3 + p3 * 4.5 + p2 * 2);
        expect(ratio).toBeCloseTo(floppyFraction(x, m), 12);
      }
    }
  });
});

describe('pair clusters', () => {
  it('classes and entropic factors match the paper', () => {
    const byName = Object.fromEntries(PAIRS.map((p) => [p.name, p]));
    expect(byName['44'].cls).toBe('SR');
    expect([byName['43'].cls, byName['42'].cls]).toEqual(['IS', 'IS']);
    expect([byName['33'].cls, byName['32'].cls, byName['22'].cls]).toEqual(['FL', 'FL', 'FL']);
    expect([byName['43'].weight, byName['33'].weight, byName['32'].weight]).toEqual([24, 9, 12]);
  });
});

describe('pairing variant (default), known values', () => {
  it('m = 2, x = 0.10: SR 0.5556, IS 0.4444, f2 = 0', () => {
    const p = point(0.1, 2);
    expect(p.pSR).toBeCloseTo(5 / 9, 10);
    expect(p.pIS).toBeCloseTo(4 / 9, 10);
    expect(p.f2).toBe(0);
  });
  it('m = 2, x = 0.20: all isostatic', () => {
    const p = point(0.2, 2);
    expect(p.pIS).toBeCloseTo(1, 12);
    expect(p.pSR).toBeCloseTo(0, 12);
    expect(p.pFL).toBeCloseTo(0, 12);
  });
  it('m = 2, x = 0.25: FL 1/3, f2 = 0.1481', () => {
    const p = point(0.25, 2);
    expect(p.pFL).toBeCloseTo(1 / 3, 10);
    expect(p.f2).toBeCloseTo(0.1481, 4);
  });
  it('m = 3, x = 0.20: FL 1/3, f2 = 0.2229', () => {
    const p = point(0.2, 3);
    expect(p.pFL).toBeCloseTo(1 / 3, 10);
    expect(p.f2).toBeCloseTo(0.2229, 4);
  });
  it('m = 4, x = 0.10: FL 2/9, f2 = 0.1927', () => {
    const p = point(0.1, 4);
    expect(p.pFL).toBeCloseTo(2 / 9, 10);
    expect(p.f2).toBeCloseTo(0.1927, 4);
  });
  it('probabilities are normalised and conserve the unit fractions', () => {
    for (const [x, m] of [
      [0.05, 2],
      [0.3, 2],
      [0.12, 3.7],
      [0.2, 6],
    ] as const) {
      const p = point(x, m);
      const pairs = [p.p44, p.p43, p.p42, p.p33, p.p32, p.p22];
      expect(pairs.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      // the marginal of unit 4 counts 44 twice (both ends) and 43, 42 once, over 2
      expect((2 * p.p44 + p.p43 + p.p42) / 2).toBeCloseTo(p.p4, 12);
      expect((2 * p.p33 + p.p43 + p.p32) / 2).toBeCloseTo(p.p3, 12);
    }
  });
});

describe('pairing variant at finite energies', () => {
  const grid: [number, number][] = [
    [0.05, 2],
    [0.1, 2],
    [0.2, 2],
    [0.25, 2],
    [0.15, 3],
    [0.3, 3.5],
    [0.1, 4],
    [0.2, 5],
  ];
  const maxDiff = (eps: number) =>
    Math.max(
      ...grid.map(([x, m]) => {
        const u = unitFractions(x, m);
        const exact = pairingClosedForm(u);
        const it = pairingIteration(u, { SR: eps, IS: 0, FL: eps }).probabilities;
        return Math.max(...exact.map((v, i) => Math.abs(v - it[i])));
      }),
    );

  it('converges to the closed form as ε/kT grows (≤ 5e-5 at ε = 10 kT)', () => {
    const diffs = [2, 5, 10, 15].map(maxDiff);
    expect(diffs[2]).toBeLessThanOrEqual(5e-5);
    for (let i = 1; i < diffs.length; i++) expect(diffs[i]).toBeLessThan(diffs[i - 1]);
  });

  it('solves the pairing equations in a few Newton steps, even at the critical point p4 = 1/2', () => {
    for (const eps of [2, 10, 30])
      expect(pairingIteration(unitFractions(0.2, 2), { SR: eps, IS: 0, FL: eps }).iterations).toBeLessThan(20);
  });

  it('conserves the unit fractions at every energy', () => {
    const u = unitFractions(0.15, 3);
    const P = pairingIteration(u, { SR: 0.7, IS: -0.2, FL: 1.3 }).probabilities;
    expect((2 * P[0] + P[1] + P[2]) / 2).toBeCloseTo(u.p4, 12);
    expect((2 * P[3] + P[1] + P[4]) / 2).toBeCloseTo(u.p3, 12);
    expect((2 * P[5] + P[2] + P[4]) / 2).toBeCloseTo(u.p2, 12);
  });
});

describe('literal variant', () => {
  it('equal energies, m = 2, x = 0.20: FL 0.184, IS 0.490, SR 0.327, f2 = 0.0816', () => {
    const p = point(0.2, 2, { variant: 'literal', energies: { SR: 0, IS: 0, FL: 0 } });
    expect(p.pFL).toBeCloseTo(0.184, 3);
    expect(p.pIS).toBeCloseTo(0.49, 3);
    expect(p.pSR).toBeCloseTo(0.327, 3);
    expect(p.f2).toBeCloseTo(0.0816, 4);
  });
  it('rises smoothly: f2 > 0 below x_c, where pairing gives 0', () => {
    const lit = point(0.1, 2, { variant: 'literal', energies: { SR: 0, IS: 0, FL: 0 } });
    expect(lit.f2).toBeGreaterThan(0);
    expect(point(0.1, 2).f2).toBe(0);
  });
  it('has the low-temperature limit as a limit (no NaN where isostatic pairs cannot form)', () => {
    const p = point(0, 2, { variant: 'literal', energies: LOW_T_LIMIT });
    expect(p.p44).toBe(1);
  });
});

describe('Eq. 2: f2 threshold equals Eq. 1', () => {
  it('pairing f2 is zero up to x_c(m) and positive above it', () => {
    for (const m of [2, 2.5, 3, 3.5, 3.9]) {
      const xc = criticalX(m)!;
      expect(point(Math.max(xc - 0.01, 0), m).f2).toBe(0);
      expect(point(xc, m).f2).toBeCloseTo(0, 10);
      expect(point(xc + 0.01, m).f2).toBeGreaterThan(0);
    }
  });
});

describe('Eqs. 3–4: hopping conductivity', () => {
  it('σ = n_L μ with n_L = 2x e^{−⟨Ec⟩/kT} and μ = e^{Δ f2/kT}', () => {
    const p = point(0.25, 3, { ec: 0.3, delta: 0.7 });
    expect(p.n_L).toBeCloseTo(0.5 * Math.exp(-p.Ec_avg), 12);
    expect(p.mu).toBeCloseTo(Math.exp(0.7 * p.f2), 12);
    expect(p.sigma).toBeCloseTo(p.n_L * p.mu, 12);
  });
  it('⟨Ec⟩ counts the anionic sites: 43 → 1, 33 → 2 (q = 1, 2), 32 → 1', () => {
    const a = 0.3;
    const p = point(0.25, 2, { ec: a }); // P43 = 2/3, P33 = 1/3
    const expected = (2 / 3) * a * Math.exp(-a) + (1 / 3) * (a * Math.exp(-a) + 2 * a * Math.exp(-2 * a));
    expect(p.Ec_avg).toBeCloseTo(expected, 12);
  });
  it('the paper parameters give only ≈5 % between m = 3 and m = 2 at x = 0.20; ×10 needs Δ ≈ 10 kT', () => {
    const ratio = point(0.2, 3).sigma / point(0.2, 2).sigma;
    expect(ratio).toBeGreaterThan(1.03);
    expect(ratio).toBeLessThan(1.07);
    const delta10 = Math.log(10) / point(0.2, 3).f2;
    expect(delta10).toBeGreaterThan(9.5);
    expect(delta10).toBeLessThan(11);
    const r = point(0.2, 3, { delta: delta10 }).sigma / point(0.2, 2, { delta: delta10 }).sigma;
    expect(r).toBeCloseTo(10, 1);
  });
  it('kT rescales Ec and Δ: Ec = 2, Δ = 4 at kT = 2 equals Ec = 1, Δ = 2 at kT = 1', () => {
    const a = point(0.2, 3, { ec: 2, delta: 4, kT: 2 });
    const b = point(0.2, 3, { ec: 1, delta: 2 });
    expect(a.sigma).toBeCloseTo(b.sigma, 12);
    expect(a.Ec_avg).toBeCloseTo(2 * b.Ec_avg, 12);
  });
});

describe('input validation', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['x < 0', () => point(-0.01, 2), /^x: .*\[0, 1\/3\]/],
    ['x > 1/3', () => point(0.34, 2), /^x: .*\[0, 1\/3\]/],
    ['x = 1', () => point(1, 2), /^x: /],
    ['m < 2', () => point(0.1, 1.9), /^m: .*\[2, ∞\)/],
    ['NaN', () => point(NaN, 2), /^x: must be a finite number/],
    ['infinite m', () => point(0.1, Infinity), /^m: must be a finite number/],
    ['kT = 0', () => compileRigidityOptions({ kT: 0 }), /^kT: must be a finite number > 0/],
    ['Ec < 0', () => compileRigidityOptions({ ec: -1e-3 }), /^ec: must be a finite number >= 0/],
    ['mixed infinities', () => compileRigidityOptions({ energies: { SR: Infinity, IS: 0, FL: 1 } }), /^energies: /],
  ];
  it.each(bad)('rejects %s with a message naming the field', (_, fn, re) => {
    expect(fn).toThrow(re);
  });
});
