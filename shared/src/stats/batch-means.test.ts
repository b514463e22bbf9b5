import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { batchMeans } from './batch-means.js';

/** An AR(1) series of known mean μ and correlation time τ (steps). */
function ar1(rng: Rng, n: number, mu: number, tau: number): Float64Array {
  const phi = Math.exp(-1 / tau);
  const out = new Float64Array(n);
  let y = rng.normal() / Math.sqrt(1 - phi * phi);
  for (let i = 0; i < n; i++) {
    y = phi * y + rng.normal();
    out[i] = mu + y;
  }
  return out;
}

describe('batch means', () => {
  it('covers the true mean of correlated series at its stated 95 %', () => {
    // block length 250 ≫ τ = 10: block means nearly independent
    const rng = new Rng(7, 1);
    let covered = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const m = batchMeans(ar1(rng, 2000, 3, 10));
      if (m.ci95![0] <= 3 && 3 <= m.ci95![1]) covered++;
    }
    // binomial sd at 95 % over 400 trials ≈ 1.1 %
    expect(covered / trials).toBeGreaterThan(0.91);
    expect(covered / trials).toBeLessThan(0.985);
  });

  it('gives the error a naive standard error misses on correlated data', () => {
    const s = ar1(new Rng(3, 1), 4000, 0, 20);
    const m = batchMeans(s);
    let sum = 0;
    let sq = 0;
    for (const v of s) {
      sum += v;
      sq += v * v;
    }
    const naive = Math.sqrt((sq / s.length - (sum / s.length) ** 2) / s.length);
    // the statistical inefficiency of AR(1) with τ = 20 is ≈ 2τ ≈ 40: the true error ≈ 6× naive
    expect(m.err! / naive).toBeGreaterThan(3);
  });

  it('drops the leading remainder and says when there is no error', () => {
    const m = batchMeans([100, 1, 2, 3, 4, 5, 6, 7, 8], 8);
    expect(m.mean).toBe(4.5);
    expect(m.blockLength).toBe(1);
    const short = batchMeans([1, 2, 3], 8);
    expect(short).toEqual({ mean: 2, err: null, ci95: null, blockLength: 0 });
  });
});
