/** Initial velocities: Maxwell–Boltzmann at T, zero total momentum, scaled to T exactly. */
import type { Rng } from '@ionsweep/shared';
import type { MdState } from '../state.js';
import { BOLTZMANN_EV, MVV2E } from '../units.js';
import { temperature } from './kinetic.js';
import { scaleVelocities } from './velocity-verlet.js';

export function removeMomentum(s: MdState): void {
  const p = [0, 0, 0];
  let mtot = 0;
  for (let i = 0; i < s.n; i++) {
    for (let d = 0; d < 3; d++) p[d] += s.mass[i] * s.v[3 * i + d];
    mtot += s.mass[i];
  }
  for (let i = 0; i < s.n; i++) for (let d = 0; d < 3; d++) s.v[3 * i + d] -= p[d] / mtot;
}

export function initVelocities(s: MdState, t: number, rng: Rng): void {
  for (let i = 0; i < s.n; i++) {
    const sigma = Math.sqrt((BOLTZMANN_EV * t) / (s.mass[i] * MVV2E));
    for (let d = 0; d < 3; d++) s.v[3 * i + d] = sigma * rng.normal();
  }
  removeMomentum(s);
  const now = temperature(s);
  if (now > 0) scaleVelocities(s, Math.sqrt(t / now));
}
