/**
 * LAMMPS `born`: E = A exp((σ − r)/ρ) − C/r⁶ + D/r⁸, F = −dE/dr.
 * `buckingham` is the same term with σ = D = 0.
 */
import type { BornTerm } from '@ionsweep/shared';

/** Flat coefficient layout shared with the kernels: A, 1/ρ, σ, C, D, A/ρ, 6C, 8D, rc². */
export const BORN_STRIDE = 9;

export function packBorn(t: BornTerm, out: Float64Array, at: number): void {
  out[at] = t.A;
  out[at + 1] = 1 / t.rho;
  out[at + 2] = t.sigma;
  out[at + 3] = t.C;
  out[at + 4] = t.D;
  out[at + 5] = t.A / t.rho;
  out[at + 6] = 6 * t.C;
  out[at + 7] = 8 * t.D;
  out[at + 8] = t.cutoff * t.cutoff;
}

/** Energy and F/r at distance r (reference path; the kernels inline the same formula). */
export function bornEnergyForce(t: BornTerm, r: number): [energy: number, forceOverR: number] {
  if (r >= t.cutoff) return [0, 0];
  const rexp = Math.exp((t.sigma - r) / t.rho);
  const r2inv = 1 / (r * r);
  const r6inv = r2inv * r2inv * r2inv;
  const energy = t.A * rexp - t.C * r6inv + t.D * r6inv * r2inv;
  const forceTimesR = (t.A / t.rho) * r * rexp - 6 * t.C * r6inv + 8 * t.D * r6inv * r2inv;
  return [energy, forceTimesR * r2inv];
}
