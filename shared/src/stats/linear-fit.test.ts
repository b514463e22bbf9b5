import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { linearFit } from './linear-fit.js';

describe('linearFit', () => {
  it('recovers an exact line', () => {
    const f = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.slopeErr).toBeCloseTo(0, 12);
  });

  it('gives slope errors that cover the truth at the stated rate (weighted, known σ)', () => {
    const rng = new Rng(8);
    const x = Array.from({ length: 12 }, (_, i) => i);
    const sigma = x.map((v) => 0.1 + 0.05 * v);
    let inside = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const y = x.map((v, i) => 2 - 0.5 * v + sigma[i] * rng.normal());
      const f = linearFit(x, y, sigma);
      if (Math.abs(f.slope + 0.5) < f.slopeErr) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.62); // 68 % nominal
    expect(inside / trials).toBeLessThan(0.74);
  });

  it('refuses degenerate input', () => {
    expect(() => linearFit([1], [1])).toThrow(/at least two points/);
    expect(() => linearFit([2, 2, 2], [1, 2, 3])).toThrow(/all equal/);
  });
});
