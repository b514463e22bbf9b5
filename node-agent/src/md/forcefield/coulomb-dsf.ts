/**
 * Real-space Coulomb: damped shifted force (Fennell & Gezelter 2006) exactly as LAMMPS coul/dsf
 * and born/coul/dsf, and — with both shifts zero — the real-space part of Ewald.
 *   E_ij = k q_i q_j [erfc(αr)/r − e_shift − r f_shift]          (r < rc)
 *   F_ij = k q_i q_j [erfc(αr)/r² + 2α/√π e^{−α²r²}/r + f_shift]
 *   E_self = −(e_shift/2 + α/√π) k Σ q_i²
 * with f_shift = −(erfc(α rc)/rc² + 2α/√π e^{−α² rc²}/rc), e_shift = erfc(α rc)/rc − f_shift rc.
 */
import { erfc, erfcPolynomial } from './erfc.js';
import type { ErfcMode } from '@ionsweep/shared';

export interface RealSpaceCoulomb {
  alpha: number;
  cutoff: number;
  eShift: number;
  fShift: number;
  erfc: ErfcMode;
}

export function dsfCoulomb(alpha: number, cutoff: number, mode: ErfcMode): RealSpaceCoulomb {
  // LAMMPS computes the shifts with libm's erfc whatever the pair erfc is.
  const erfcc = erfc(alpha * cutoff);
  const erfcd = Math.exp(-alpha * alpha * cutoff * cutoff);
  const fShift = -(erfcc / (cutoff * cutoff) + ((2 / Math.sqrt(Math.PI)) * alpha * erfcd) / cutoff);
  const eShift = erfcc / cutoff - fShift * cutoff;
  return { alpha, cutoff, eShift, fShift, erfc: mode };
}

/** Ewald's real-space term: erfc(g r)/r, no shifts. */
export function ewaldRealSpace(g: number, cutoff: number): RealSpaceCoulomb {
  return { alpha: g, cutoff, eShift: 0, fShift: 0, erfc: 'accurate' };
}

/** Energy and F/r for unit charge product (multiply by k q_i q_j). */
export function coulombEnergyForce(c: RealSpaceCoulomb, r: number): [energy: number, forceOverR: number] {
  if (r >= c.cutoff) return [0, 0];
  const erfcc = c.erfc === 'polynomial' ? erfcPolynomial(c.alpha * r) : erfc(c.alpha * r);
  const erfcd = Math.exp(-c.alpha * c.alpha * r * r);
  const energy = erfcc / r - c.eShift - r * c.fShift;
  const force = erfcc / (r * r) + ((2 * c.alpha) / Math.sqrt(Math.PI)) * (erfcd / r) + c.fShift;
  return [energy, force / r];
}

/** The self term per unit q², to be multiplied by k Σ q_i². */
export function coulombSelfPerQ2(c: RealSpaceCoulomb): number {
  return -(c.eShift / 2 + c.alpha / Math.sqrt(Math.PI));
}
