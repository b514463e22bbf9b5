/** Kinetic energy and temperature (LAMMPS metal: ½ m v² · mvv2e, T = 2 KE / (dof k_B)). */
import type { MdState } from '../state.js';
import { BOLTZMANN_EV, MVV2E } from '../units.js';

export function kineticEnergy(s: MdState): number {
  let sum = 0;
  const { v, mass } = s;
  for (let i = 0; i < s.n; i++) sum += mass[i] * (v[3 * i] ** 2 + v[3 * i + 1] ** 2 + v[3 * i + 2] ** 2);
  return 0.5 * MVV2E * sum;
}

/** Degrees of freedom with the centre-of-mass momentum removed, as LAMMPS compute temp. */
export function degreesOfFreedom(s: MdState): number {
  return 3 * s.n - 3;
}

export function temperature(s: MdState): number {
  return (2 * kineticEnergy(s)) / (degreesOfFreedom(s) * BOLTZMANN_EV);
}
