import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is reproducible from a seed and separates streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(42, 1);
    const sa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(sa);
  });

  it('continues identically from a saved state, spare normal included', () => {
    const a = new Rng(7);
    a.normal(); // leaves a spare
    const saved = a.state();
    const next = [a.normal(), a.uniform(), a.normal()];
    const b = Rng.fromState(saved);
    expect([b.normal(), b.uniform(), b.normal()]).toEqual(next);
  });

  it('draws uniforms in [0,1) and normals with mean 0, variance 1', () => {
    const r = new Rng(1);
    const n = 200_000;
    let m = 0;
    let v = 0;
    let umin = 1;
    let umax = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      umin = Math.min(umin, u);
      umax = Math.max(umax, u);
      const z = r.normal();
      m += z;
      v += z * z;
    }
    expect(umin).toBeGreaterThanOrEqual(0);
    expect(umax).toBeLessThan(1);
    expect(Math.abs(m / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(v / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('draws gamma deviates with mean k and variance k', () => {
    const r = new Rng(3);
    for (const k of [0.7, 2.5, 1500]) {
      const n = 50_000;
      let m = 0;
      let v = 0;
      for (let i = 0; i < n; i++) {
        const g = r.gamma(k);
        m += g;
        v += g * g;
      }
      m /= n;
      v = v / n - m * m;
      expect(Math.abs(m - k)).toBeLessThan(5 * Math.sqrt(k / n));
      expect(Math.abs(v / k - 1)).toBeLessThan(0.05);
    }
  });
});
