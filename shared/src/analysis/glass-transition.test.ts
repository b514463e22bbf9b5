import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { binByTemperature, fitGlassTransition } from './glass-transition.js';

/** A quench's V(T): glass slope 0.4, liquid 1.2 Å³/K, joined at tg, with Gaussian noise. */
function quench(rng: Rng, tg: number, noise: number, n = 40): { T: number[]; V: number[] } {
  const T = Array.from({ length: n }, (_, i) => 300 + (1200 * i) / (n - 1));
  const V = T.map((t) => 20000 + 0.4 * (t - tg) + 0.8 * Math.max(0, t - tg) + noise * rng.normal());
  return { T, V };
}

describe('fitGlassTransition', () => {
  it('recovers Tg and both slopes from noiseless two-line data', () => {
    const { T, V } = quench(new Rng(1), 812.5, 0);
    const f = fitGlassTransition(T, V);
    expect(f.tg).toBeCloseTo(812.5, 3);
    expect(f.slopeGlass).toBeCloseTo(0.4, 9);
    expect(f.slopeLiquid).toBeCloseTo(1.2, 9);
    expect(f.atEdge).toBe(false);
  });

  it('its 95 % interval covers the true Tg in 88–99 % of 300 noisy quenches', () => {
    const rng = new Rng(7);
    let inside = 0;
    const trials = 300;
    for (let k = 0; k < trials; k++) {
      const tg = 700 + 300 * rng.uniform();
      const { T, V } = quench(rng, tg, 15);
      const f = fitGlassTransition(T, V);
      if (f.ci95[0] <= tg && tg <= f.ci95[1]) inside++;
    }
    expect(inside / trials).toBeGreaterThan(0.88);
    expect(inside / trials).toBeLessThan(0.99);
  });

  it('says when the data do not bracket Tg, and refuses too few points', () => {
    const { T, V } = quench(new Rng(3), 1480, 15);
    expect(fitGlassTransition(T, V).atEdge).toBe(true);
    expect(() => fitGlassTransition([1, 2, 3], [1, 2, 3])).toThrow(/at least 8 points, got 3/);
  });

  it('bins samples by temperature, averaging each property', () => {
    const b = binByTemperature(
      [301, 309, 321, 329],
      [
        [1, 3, 5, 7],
        [0, 0, 2, 2],
      ],
      10,
    );
    expect(b.T).toEqual([305, 325]);
    expect(b.ys).toEqual([
      [2, 6],
      [0, 2],
    ]);
  });
});
