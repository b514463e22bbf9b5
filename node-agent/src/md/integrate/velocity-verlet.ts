/** Velocity-Verlet pieces over the flat state (LAMMPS fix nve: kick, drift, force, kick). */
import type { MdState } from '../state.js';
import { FTM2V } from '../units.js';

/** v += (dt/2) F/m */
export function halfKick(s: MdState, dt: number): void {
  const { v, f, mass } = s;
  const h = 0.5 * dt * FTM2V;
  for (let i = 0; i < s.n; i++) {
    const k = h / mass[i];
    v[3 * i] += k * f[3 * i];
    v[3 * i + 1] += k * f[3 * i + 1];
    v[3 * i + 2] += k * f[3 * i + 2];
  }
}

/** x += dt v (positions are wrapped back into the box at neighbour-list rebuilds) */
export function drift(s: MdState, dt: number): void {
  const { x, v } = s;
  for (let i = 0; i < 3 * s.n; i++) x[i] += dt * v[i];
}

export function scaleVelocities(s: MdState, factor: number): void {
  const v = s.v;
  for (let i = 0; i < 3 * s.n; i++) v[i] *= factor;
}
