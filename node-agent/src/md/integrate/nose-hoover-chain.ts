/**
 * Nosé–Hoover chain thermostat as LAMMPS `fix nvt` (Martyna–Tuckerman–Klein, chain of 3 by
 * default, one Trotter loop, masses from Tdamp re-set every step from the current target):
 * a half step before the first kick and after the second.
 */
import { BOLTZMANN_EV } from '../units.js';

export interface NhcState {
  eta: Float64Array;
  /** M + 1 entries; the last stays 0 */
  etaDot: Float64Array;
  etaDotDot: Float64Array;
  etaMass: Float64Array;
}

export function createNhc(chain = 3): NhcState {
  return {
    eta: new Float64Array(chain),
    etaDot: new Float64Array(chain + 1),
    etaDotDot: new Float64Array(chain),
    etaMass: new Float64Array(chain),
  };
}

/**
 * Advances the chain by dt/2 given the current 2·KE (eV) and returns the factor the
 * velocities must be scaled by.
 */
export function nhcHalfStep(
  th: NhcState,
  twoKE: number,
  dof: number,
  tTarget: number,
  tdamp: number,
  dt: number,
): number {
  const M = th.eta.length;
  const { eta, etaDot, etaDotDot, etaMass } = th;
  const kT = BOLTZMANN_EV * tTarget;
  const freq2 = 1 / (tdamp * tdamp);
  etaMass[0] = (dof * kT) / freq2;
  for (let k = 1; k < M; k++) etaMass[k] = kT / freq2;
  const keTarget = dof * kT;
  let ke = twoKE;
  etaDotDot[0] = (ke - keTarget) / etaMass[0];
  const dt4 = dt / 4;
  const dt8 = dt / 8;
  const dthalf = dt / 2;
  for (let k = M - 1; k > 0; k--) {
    const e = Math.exp(-dt8 * etaDot[k + 1]);
    etaDot[k] = (etaDot[k] * e + etaDotDot[k] * dt4) * e;
  }
  const expfac = Math.exp(-dt8 * etaDot[1]);
  etaDot[0] = (etaDot[0] * expfac + etaDotDot[0] * dt4) * expfac;
  const factor = Math.exp(-dthalf * etaDot[0]);
  ke *= factor * factor;
  etaDotDot[0] = (ke - keTarget) / etaMass[0];
  for (let k = 0; k < M; k++) eta[k] += dthalf * etaDot[k];
  etaDot[0] = (etaDot[0] * expfac + etaDotDot[0] * dt4) * expfac;
  for (let k = 1; k < M; k++) {
    const e = Math.exp(-dt8 * etaDot[k + 1]);
    etaDot[k] *= e;
    etaDotDot[k] = (etaMass[k - 1] * etaDot[k - 1] * etaDot[k - 1] - kT) / etaMass[k];
    etaDot[k] = (etaDot[k] + etaDotDot[k] * dt4) * e;
  }
  return factor;
}

/** The thermostat's share of the conserved quantity (LAMMPS fix nvt compute_scalar). */
export function nhcEnergy(th: NhcState, dof: number, tTarget: number): number {
  const kT = BOLTZMANN_EV * tTarget;
  let e = dof * kT * th.eta[0] + 0.5 * th.etaMass[0] * th.etaDot[0] ** 2;
  for (let k = 1; k < th.eta.length; k++) e += kT * th.eta[k] + 0.5 * th.etaMass[k] * th.etaDot[k] ** 2;
  return e;
}
