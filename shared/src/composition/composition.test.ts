import { describe, expect, it } from 'vitest';
import { atomFractions, compositionFromCounts, countsFromComposition } from './composition.js';

describe('composition helpers', () => {
  it("reproduces the paper's NS9 and NS counts at N = 3000", () => {
    expect(countsFromComposition(0.1, 2, 3000)).toEqual({ M: 200, A: 900, Y: 1900 });
    expect(countsFromComposition(0.5, 2, 3000)).toEqual({ M: 1000, A: 500, Y: 1500 });
  });

  it('gives N_Si = 675 at the NS9 threshold m_c = 28/9 (N_Si^c = 9N/40)', () => {
    expect(countsFromComposition(0.1, 28 / 9, 3000).A).toBe(675);
  });

  it('always totals exactly N, each count within one atom of its share', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const x = rand() * 0.9;
      const m = 2 + rand() * 8;
      const n = 3 + Math.floor(rand() * 5000);
      const c = countsFromComposition(x, m, n);
      expect(c.M + c.A + c.Y).toBe(n);
      const f = atomFractions(x, m);
      for (const k of ['M', 'A', 'Y'] as const) expect(Math.abs(c[k] - n * f[k])).toBeLessThan(1);
    }
  });

  it('inverts: counts → (x, m) → counts', () => {
    const { x, m } = compositionFromCounts({ M: 200, A: 650, Y: 2150 });
    expect(x).toBeCloseTo(100 / 750, 14);
    expect(m).toBeCloseTo(2050 / 650, 14);
    expect(countsFromComposition(x, m, 3000)).toEqual({ M: 200, A: 650, Y: 2150 });
  });

  it('rejects impossible input with the field named', () => {
    expect(() => countsFromComposition(0.1, 2, 2.5)).toThrow(/^atoms: /);
    expect(() => countsFromComposition(1, 2, 100)).toThrow(/^x: /);
    expect(() => compositionFromCounts({ M: 10, A: 0, Y: 5 })).toThrow(/^counts\.A: /);
    expect(() => compositionFromCounts({ M: -1, A: 3, Y: 5 })).toThrow(/^counts\.M: /);
  });
});
