import { describe, expect, it } from 'vitest';
import { BOLTZMANN_EV } from '@ionsweep/shared';
import {
  cloneState,
  compileForceField,
  degreesOfFreedom,
  ForceEngine,
  initVelocities,
  kineticEnergy,
  Simulation,
  type Ensemble,
} from '@ionsweep/node-agent';
import { Rng } from '@ionsweep/shared';
import { smallSystem } from '../helpers/systems.js';

/** Mean and variance of a correlated series with block-average standard errors. */
function blockStats(xs: number[], blocks = 20) {
  const size = Math.floor(xs.length / blocks);
  const means: number[] = [];
  const vars: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const part = xs.slice(b * size, (b + 1) * size);
    const m = part.reduce((a, v) => a + v, 0) / part.length;
    means.push(m);
    vars.push(part.reduce((a, v) => a + (v - m) ** 2, 0) / (part.length - 1));
  }
  const avg = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const se = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - avg(a)) ** 2, 0) / (a.length - 1) / a.length);
  return { mean: avg(means), meanErr: se(means), variance: avg(vars), varianceErr: se(vars) };
}

describe('thermostats sample the canonical kinetic energy', () => {
  const { state, ff } = smallSystem(150, 21, 6);
  const T = 1500;

  for (const ensemble of ['nvt', 'csvr'] as Ensemble[]) {
    it(`${ensemble}: ⟨KE⟩ = (dof/2) kT and var(KE) = (dof/2)(kT)² within 4 standard errors`, () => {
      const s = cloneState(state);
      initVelocities(s, T, new Rng(3));
      const engine = new ForceEngine(compileForceField(ff, s), s);
      const sim = new Simulation(s, engine, 0.001, 11);
      const seg = { ensemble, tStart: T, tEnd: T, tdamp: 0.05 };
      sim.run({ ...seg, steps: 2000 }); // equilibrate
      const ke: number[] = [];
      sim.run({ ...seg, steps: 40_000 }, { sampleEvery: 10, onSample: () => ke.push(kineticEnergy(s)) });
      const dof = degreesOfFreedom(s);
      const kT = BOLTZMANN_EV * T;
      const st = blockStats(ke);
      const meanExpected = (dof / 2) * kT;
      const varExpected = (dof / 2) * kT * kT;
      expect(Math.abs(st.mean - meanExpected)).toBeLessThan(4 * st.meanErr + 1e-3 * meanExpected);
      expect(Math.abs(st.variance - varExpected)).toBeLessThan(4 * st.varianceErr);
      // and the errors are small enough for the test to mean something
      expect(st.varianceErr / varExpected).toBeLessThan(0.1);
    }, 120_000);
  }
});
