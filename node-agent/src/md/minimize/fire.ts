/**
 * FIRE energy minimisation (Bitzek et al., PRL 97, 170201, 2006) with a cap on the step length,
 * used to take a randomly placed system to a state where the first MD step is sane.
 */
import type { MdState } from '../state.js';
import type { ForceEngine } from '../forcefield/force-engine.js';
import { potentialEnergy } from '../forcefield/energy.js';
import { FTM2V } from '../units.js';

export interface FireOptions {
  /** stop when the largest force component is below this, eV/Å */
  fmax: number;
  maxSteps: number;
  /** initial and largest timestep, ps */
  dt: number;
  dtMax: number;
  /** largest move of any atom in one step, Å */
  maxMove: number;
}

export const DEFAULT_FIRE: FireOptions = { fmax: 1.0, maxSteps: 1000, dt: 0.001, dtMax: 0.01, maxMove: 0.1 };

export interface FireResult {
  steps: number;
  fmax: number;
  energy: number;
  converged: boolean;
}

function largestForce(f: Float64Array): number {
  let m = 0;
  for (let i = 0; i < f.length; i++) m = Math.max(m, Math.abs(f[i]));
  return m;
}

export function fireMinimize(s: MdState, engine: ForceEngine, options: Partial<FireOptions> = {}): FireResult {
  const o = { ...DEFAULT_FIRE, ...options };
  const { x, v, f, mass } = s;
  const n3 = 3 * s.n;
  let dt = o.dt;
  let alpha = 0.1;
  let positiveSteps = 0;
  v.fill(0);
  engine.compute(s, false);
  let step = 0;
  let fmax = largestForce(f);
  for (; step < o.maxSteps && fmax > o.fmax; step++) {
    // P = F·v decides whether we are going downhill.
    let power = 0,
      vnorm = 0,
      fnorm = 0;
    for (let i = 0; i < n3; i++) {
      power += f[i] * v[i];
      vnorm += v[i] * v[i];
      fnorm += f[i] * f[i];
    }
    if (power > 0) {
      const mix = alpha * Math.sqrt(vnorm / (fnorm || 1));
      for (let i = 0; i < n3; i++) v[i] = (1 - alpha) * v[i] + mix * f[i];
      if (++positiveSteps > 5) {
        dt = Math.min(dt * 1.1, o.dtMax);
        alpha *= 0.99;
      }
    } else {
      v.fill(0);
      dt *= 0.5;
      alpha = 0.1;
      positiveSteps = 0;
    }
    // semi-implicit Euler step with the move capped at maxMove
    let vmax = 0;
    for (let i = 0; i < n3; i++) {
      v[i] += (dt * FTM2V * f[i]) / mass[(i / 3) | 0];
      vmax = Math.max(vmax, Math.abs(v[i]));
    }
    const scale = vmax * dt > o.maxMove ? o.maxMove / (vmax * dt) : 1;
    for (let i = 0; i < n3; i++) x[i] += v[i] * dt * scale;
    engine.compute(s, false);
    fmax = largestForce(f);
  }
  v.fill(0);
  engine.compute(s, true);
  return { steps: step, fmax, energy: potentialEnergy(engine.report), converged: fmax <= o.fmax };
}
