/**
 * The fast pair kernel: one quintic in r² per pair from the type pair's table (no sqrt, exp,
 * erfc or division). Same contract and loop shape as the exact kernel; pairs closer than the
 * table's inner radius take the exact formulas.
 */
import type { MdState } from '../state.js';
import type { NeighborList } from '../neighbor/neighbor-list.js';
import type { CompiledForceField } from './compile.js';
import { coulombSelfPerQ2 } from './coulomb-dsf.js';
import { exactPairInto, TABLE_STRIDE, type PairTable } from './pair-table.js';

const closeContact = new Float64Array(2);
import type { ForceReport } from './energy.js';

export function computeTabulatedForces(
  s: MdState,
  list: NeighborList,
  ff: CompiledForceField,
  table: PairTable,
  report: ForceReport,
  withEnergy: boolean,
): void {
  const n = s.n;
  const x = s.x;
  const f = s.f;
  const type = s.type;
  const lx = s.box[0],
    ly = s.box[1],
    lz = s.box[2];
  const hx = lx / 2,
    hy = ly / 2,
    hz = lz / 2;
  const start = list.start;
  const nbr = list.nbr;
  const nt = ff.ntypes;
  const slot = table.slot;
  const C = table.force;
  const E = table.energy;
  const sInner = table.sInner;
  const sCut = table.sCut;
  const invDs = table.invDs;
  const rowsPerSlot = table.intervals * TABLE_STRIDE;
  const typeQ = table.typeCharge;
  const qqrd2e = ff.qqrd2e;

  f.fill(0);
  let energy = 0;
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
    const ti = type[i] * nt;
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    for (let p = start[i], end = start[i + 1]; p < end; p++) {
      const j = nbr[p];
      let dx = xi - x[3 * j];
      let dy = yi - x[3 * j + 1];
      let dz = zi - x[3 * j + 2];
      if (dx > hx) dx -= lx;
      else if (dx < -hx) dx += lx;
      if (dy > hy) dy -= ly;
      else if (dy < -hy) dy += ly;
      if (dz > hz) dz -= lz;
      else if (dz < -hz) dz += lz;
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= sCut) continue;
      const tp = ti + type[j];
      let fpair: number;
      if (rsq >= sInner) {
        const t = (rsq - sInner) * invDs;
        const k = t | 0;
        const u = t - k;
        const b = slot[tp] * rowsPerSlot + k * TABLE_STRIDE;
        fpair = C[b] + u * (C[b + 1] + u * (C[b + 2] + u * (C[b + 3] + u * (C[b + 4] + u * C[b + 5]))));
        if (withEnergy)
          energy += E[b] + u * (E[b + 1] + u * (E[b + 2] + u * (E[b + 3] + u * (E[b + 4] + u * E[b + 5]))));
      } else {
        exactPairInto(ff, tp, qqrd2e * typeQ[type[i]] * typeQ[type[j]], rsq, closeContact);
        fpair = closeContact[1];
        if (withEnergy) energy += closeContact[0];
      }
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
    for (let i = 0; i < n; i++) q2 += s.q[i] * s.q[i];
    // The table holds the total pair energy; it is reported as one pair term.
    report.born = energy;
    report.morse = 0;
    report.coulombPair = 0;
    report.coulombSelf = coulombSelfPerQ2(ff.coulomb) * qqrd2e * q2;
    const v = report.virial;
    v[0] = vxx;
    v[1] = vyy;
    v[2] = vzz;
    v[3] = vxy;
    v[4] = vxz;
    v[5] = vyz;
  }
}
