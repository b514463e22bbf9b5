/**
 * The exact pair kernel: Born + Morse + real-space Coulomb over a half neighbour list, in one
 * loop over flat arrays (no calls, no allocation inside). Energies and the virial are
 * accumulated only when asked for (thermo steps), as LAMMPS does with eflag/vflag.
 */
import type { MdState } from '../state.js';
import { ENTRY_CODE_SHIFT, ENTRY_FIELD_MASK, ENTRY_J_SHIFT, type NeighborList } from '../neighbor/neighbor-list.js';
import type { CompiledForceField } from './compile.js';
import { BORN_STRIDE } from './born.js';
import { MORSE_STRIDE } from './morse.js';
import { AS_ERFC, ERFCX_TABLE } from './erfc.js';
import { coulombSelfPerQ2 } from './coulomb-dsf.js';
import type { ForceReport } from './energy.js';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export function computePairForces(
  s: MdState,
  list: NeighborList,
  ff: CompiledForceField,
  report: ForceReport,
  withEnergy: boolean,
): void {
  const n = s.n;
  const x = s.x;
  const f = s.f;
  const q = s.q;
  const type = s.type;
  const start = list.start;
  const nbr = list.nbr;
  const shifts = list.shifts;
  const nt = ff.ntypes;
  const bornCount = ff.bornCount,
    bp = ff.bornParams,
    maxBorn = ff.maxBorn;
  const morseCount = ff.morseCount,
    mp = ff.morseParams,
    maxMorse = ff.maxMorse;
  const c = ff.coulomb;
  const alpha = c.alpha;
  const alpha2 = alpha * alpha;
  const coulCutSq = c.cutoff * c.cutoff;
  const fShift = c.fShift,
    eShift = c.eShift;
  const polynomialErfc = c.erfc === 'polynomial';
  const cutSq = ff.cutoff * ff.cutoff;
  const qqrd2e = ff.qqrd2e;
  const T = ERFCX_TABLE.coeffs;
  const invWidth = 1 / ERFCX_TABLE.width;
  const tableEnd = ERFCX_TABLE.pieces * ERFCX_TABLE.width;
  const twoAlphaOverSqrtPi = alpha * TWO_OVER_SQRT_PI;

  // Imported constants are module bindings that V8 reloads on every use inside a hot loop;
  // function-local copies are folded into the code.
  const J_SHIFT = ENTRY_J_SHIFT;
  const CODE_SHIFT = ENTRY_CODE_SHIFT;
  const MASK = ENTRY_FIELD_MASK;
  const BSTRIDE = BORN_STRIDE;
  const MSTRIDE = MORSE_STRIDE;
  const { p: P, a1: Q1, a2: Q2, a3: Q3, a4: Q4, a5: Q5 } = AS_ERFC;

  f.fill(0);
  let eBorn = 0,
    eMorse = 0,
    eCoul = 0;
  let vxx = 0,
    vyy = 0,
    vzz = 0,
    vxy = 0,
    vxz = 0,
    vyz = 0;

  for (let i = 0; i < n; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const qi = qqrd2e * q[i];
    const ti = type[i] * nt;
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    for (let p = start[i], end = start[i + 1]; p < end; p++) {
      const entry = nbr[p];
      const j = entry >>> J_SHIFT;
      const c3 = ((entry >>> CODE_SHIFT) & MASK) * 3;
      const dx = xi - x[3 * j] - shifts[c3];
      const dy = yi - x[3 * j + 1] - shifts[c3 + 1];
      const dz = zi - x[3 * j + 2] - shifts[c3 + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= cutSq) continue;
      const r = Math.sqrt(rsq);
      const r2inv = 1 / rsq;
      let forceTimesR = 0; // F(r) · r, as LAMMPS's forcecoul + forceborn

      if (rsq < coulCutSq) {
        const prefactor = (qi * q[j]) / r;
        const erfcd = Math.exp(-alpha2 * rsq);
        const ar = alpha * r;
        let erfcc: number;
        if (polynomialErfc) {
          const t = 1 / (1 + P * ar);
          erfcc = t * (Q1 + t * (Q2 + t * (Q3 + t * (Q4 + t * Q5)))) * erfcd;
        } else if (ar < tableEnd) {
          const tt = ar * invWidth;
          const piece = tt | 0;
          const u = tt - piece;
          const b = piece * 12;
          erfcc =
            (T[b] +
              u *
                (T[b + 1] +
                  u *
                    (T[b + 2] +
                      u *
                        (T[b + 3] +
                          u *
                            (T[b + 4] +
                              u *
                                (T[b + 5] +
                                  u *
                                    (T[b + 6] +
                                      u *
                                        (T[b + 7] +
                                          u * (T[b + 8] + u * (T[b + 9] + u * (T[b + 10] + u * T[b + 11]))))))))))) *
            erfcd;
        } else erfcc = 0; // erfc(8) < 1e-28
        forceTimesR += prefactor * (erfcc / r + twoAlphaOverSqrtPi * erfcd + r * fShift) * r;
        if (withEnergy) eCoul += prefactor * (erfcc - r * eShift - rsq * fShift);
      }

      const tp = ti + type[j];
      for (let k = 0, nb = bornCount[tp]; k < nb; k++) {
        const o = (tp * maxBorn + k) * BSTRIDE;
        if (rsq >= bp[o + 8]) continue;
        const r6inv = r2inv * r2inv * r2inv;
        const rexp = Math.exp((bp[o + 2] - r) * bp[o + 1]);
        forceTimesR += bp[o + 5] * r * rexp - bp[o + 6] * r6inv + bp[o + 7] * r2inv * r6inv;
        if (withEnergy) eBorn += bp[o] * rexp - bp[o + 3] * r6inv + bp[o + 4] * r6inv * r2inv;
      }
      for (let k = 0, nm = morseCount[tp]; k < nm; k++) {
        const o = (tp * maxMorse + k) * MSTRIDE;
        if (rsq >= mp[o + 3]) continue;
        const e1 = Math.exp(-mp[o + 1] * (r - mp[o + 2]));
        forceTimesR += 2 * mp[o + 1] * mp[o] * (e1 * e1 - e1) * r;
        if (withEnergy) eMorse += mp[o] * (e1 * e1 - 2 * e1);
      }

      const fpair = forceTimesR * r2inv;
      const fx = dx * fpair,
        fy = dy * fpair,
        fz = dz * fpair;
      fxi += fx;
      fyi += fy;
      fzi += fz;
      f[3 * j] -= fx;
      f[3 * j + 1] -= fy;
      f[3 * j + 2] -= fz;
      if (withEnergy) {
        vxx += dx * fx;
        vyy += dy * fy;
        vzz += dz * fz;
        vxy += dx * fy;
        vxz += dx * fz;
        vyz += dy * fz;
      }
    }
    f[3 * i] += fxi;
    f[3 * i + 1] += fyi;
    f[3 * i + 2] += fzi;
  }

  if (withEnergy) {
    let q2 = 0;
    for (let i = 0; i < n; i++) q2 += q[i] * q[i];
    report.born = eBorn;
    report.morse = eMorse;
    report.coulombPair = eCoul;
    report.coulombSelf = coulombSelfPerQ2(c) * qqrd2e * q2;
    const v = report.virial;
    v[0] = vxx;
    v[1] = vyy;
    v[2] = vzz;
    v[3] = vxy;
    v[4] = vxz;
    v[5] = vyz;
  }
}
