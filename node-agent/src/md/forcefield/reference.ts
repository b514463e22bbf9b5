/**
 * The slow, obviously-correct reference path: every pair by minimum image, each term through
 * its own function. Fast kernels are tested against it.
 */
import type { MdState } from '../state.js';
import type { CompiledForceField } from './compile.js';
import { bornEnergyForce } from './born.js';
import { morseEnergyForce } from './morse.js';
import { coulombEnergyForce, coulombSelfPerQ2 } from './coulomb-dsf.js';
import { createReport, type ForceReport } from './energy.js';

export function referencePairForces(s: MdState, ff: CompiledForceField): { forces: Float64Array; report: ForceReport } {
  const forces = new Float64Array(3 * s.n);
  const report = createReport();
  const nt = ff.ntypes;
  for (let i = 0; i < s.n; i++) {
    for (let j = i + 1; j < s.n; j++) {
      const d = [0, 1, 2].map((k) => {
        const L = s.box[k];
        const v = s.x[3 * i + k] - s.x[3 * j + k];
        return v - L * Math.round(v / L);
      });
      const r = Math.hypot(d[0], d[1], d[2]);
      let fOverR = 0;
      for (const t of ff.terms[s.type[i] * nt + s.type[j]]) {
        const [e, fr] = t.kind === 'born' ? bornEnergyForce(t, r) : morseEnergyForce(t, r);
        if (t.kind === 'born') report.born += e;
        else report.morse += e;
        fOverR += fr;
      }
      const [ec, fc] = coulombEnergyForce(ff.coulomb, r);
      const qq = ff.qqrd2e * s.q[i] * s.q[j];
      report.coulombPair += qq * ec;
      fOverR += qq * fc;
      for (let k = 0; k < 3; k++) {
        forces[3 * i + k] += d[k] * fOverR;
        forces[3 * j + k] -= d[k] * fOverR;
      }
      const v = report.virial;
      v[0] += d[0] * d[0] * fOverR;
      v[1] += d[1] * d[1] * fOverR;
      v[2] += d[2] * d[2] * fOverR;
      v[3] += d[0] * d[1] * fOverR;
      v[4] += d[0] * d[2] * fOverR;
      v[5] += d[1] * d[2] * fOverR;
    }
  }
  let q2 = 0;
  for (let i = 0; i < s.n; i++) q2 += s.q[i] * s.q[i];
  report.coulombSelf = coulombSelfPerQ2(ff.coulomb) * ff.qqrd2e * q2;
  return { forces, report };
}
