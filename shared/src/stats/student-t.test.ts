import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, studentTCdf, studentTQuantile } from './student-t.js';

describe('Student t and χ²', () => {
  it('matches tabulated 97.5 % quantiles', () => {
    // standard tables: dof 1 → 12.706, 2 → 4.303, 4 → 2.776, 9 → 2.262, 29 → 2.045, ∞ → 1.960
    const table: [number, number][] = [
      [1, 12.7062],
      [2, 4.3027],
      [4, 2.7764],
      [9, 2.2622],
      [29, 2.0452],
      [1e6, 1.95997],
    ];
    for (const [dof, q] of table) expect(studentTQuantile(0.975, dof)).toBeCloseTo(q, 3);
  });
  it('is symmetric', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 14);
    expect(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7)).toBeCloseTo(1, 14);
  });
  it('gives χ² tail probabilities', () => {
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(18.307, 10)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(2, 2)).toBeCloseTo(Math.exp(-1), 10);
  });
});
