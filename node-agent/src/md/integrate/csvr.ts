/**
 * Stochastic velocity rescaling (Bussi, Donadio & Parrinello, J. Chem. Phys. 126, 014101,
 * 2007): canonical sampling with a single global scale factor; robust for hot melts.
 */
import type { Rng } from '@ionsweep/shared';
import { BOLTZMANN_EV } from '../units.js';

/** Scale factor for the velocities given KE (eV), over one step dt with time constant tau. */
export function csvrFactor(ke: number, dof: number, tTarget: number, tau: number, dt: number, rng: Rng): number {
  if (ke <= 0) return 1;
  const keTarget = 0.5 * dof * BOLTZMANN_EV * tTarget;
  const c = tau > 0 ? Math.exp(-dt / tau) : 0;
  const r1 = rng.normal();
  const rest = dof > 1 ? 2 * rng.gamma((dof - 1) / 2) : 0; // Σ of dof − 1 squared normals
  const keNew =
    ke +
    (1 - c) * ((keTarget * (r1 * r1 + rest)) / dof - ke) +
    2 * r1 * Math.sqrt(((ke * keTarget) / dof) * (1 - c) * c);
  return Math.sqrt(Math.max(keNew, 0) / ke);
}
