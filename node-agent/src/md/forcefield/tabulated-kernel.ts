/**
 * The fast pair kernel: one quintic in r² per pair from the type pair's table (no sqrt, exp,
 * erfc or division). Same contract as the exact kernel, in three passes:
 *
 * - `tabulatedForces`, the hot loop, run every step: forces only. It stays free of calls and
 *   of energy bookkeeping (each costs ≈ 8 % here) and merely counts pairs closer than the
 *   table's inner radius;
 * - `closeContactForces`, only when that count is non-zero: those pairs by the exact formulas;
 * - `tabulatedEnergyVirial`, on thermo steps only: energy and virial.
 */
import type { MdState } from '../state.js';
import { ENTRY_CODE_SHIFT, ENTRY_FIELD_MASK, ENTRY_J_SHIFT, type NeighborList } from '../neighbor/neighbor-list.js';
import type { CompiledForceField } from './compile.js';
import { coulombSelfPerQ2 } from './coulomb-dsf.js';
import { exactPair, TABLE_STRIDE, type PairTable } from './pair-table.js';
import type { ForceReport } from './energy.js';

/**
 * The hot loop spells the entry layout and the table stride as literals: imported constants
 * are module bindings V8 reloads on every use (≈ 12 % of this kernel), and even local copies
 * cost registers the loop needs (≈ 10 %). This check keeps the literals honest.
 */
const HOT_LOOP_LAYOUT = { ENTRY_J_SHIFT: 10, ENTRY_CODE_SHIFT: 5, ENTRY_FIELD_MASK: 31, TABLE_STRIDE: 6 };
if (
  ENTRY_J_SHIFT !== HOT_LOOP_LAYOUT.ENTRY_J_SHIFT ||
  ENTRY_CODE_SHIFT !== HOT_LOOP_LAYOUT.ENTRY_CODE_SHIFT ||
  ENTRY_FIELD_MASK !== HOT_LOOP_LAYOUT.ENTRY_FIELD_MASK ||
  TABLE_STRIDE !== HOT_LOOP_LAYOUT.TABLE_STRIDE
) {
  throw new Error(
    'tabulated kernel: neighbour-entry layout or table stride changed; update the literals in tabulatedForces',
  );
}

/** Forces into s.f from the tables; returns how many pairs were too close for them (not applied). */
export function tabulatedForces(s: MdState, list: NeighborList, table: PairTable): number {
  const n = s.n;
  const x = s.x;
  const f = s.f;
  const start = list.start;
  const nbr = list.nbr;
  const shifts = list.shifts;
  const C = table.force;
  const sInner = table.sInner;
  const sCut = table.sCut;
  const invDs = table.invDs;
  const rowsPerSlot = table.intervals * TABLE_STRIDE;
  let close = 0;
  f.fill(0);
  for (let i = 0; i < n; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    for (let p = start[i], end = start[i + 1]; p < end; p++) {
      const entry = nbr[p];
      // literals, not the named constants: see HOT_LOOP_LAYOUT below
      const j = entry >>> 10;
      const c3 = ((entry >>> 5) & 31) * 3;
      const dx = xi - x[3 * j] - shifts[c3];
      const dy = yi - x[3 * j + 1] - shifts[c3 + 1];
      const dz = zi - x[3 * j + 2] - shifts[c3 + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= sCut) continue;
      if (rsq < sInner) {
        close++;
        continue;
      }
      const t = (rsq - sInner) * invDs;
      const k = t | 0;
      const u = t - k;
      const b = (entry & 31) * rowsPerSlot + k * 6;
      const fpair = C[b] + u * (C[b + 1] + u * (C[b + 2] + u * (C[b + 3] + u * (C[b + 4] + u * C[b + 5]))));
      const fx = dx * fpair,
        fy = dy * fpair,
        fz = dz * fpair;
      fxi += fx;
      fyi += fy;
      fzi += fz;
      f[3 * j] -= fx;
      f[3 * j + 1] -= fy;
      f[3 * j + 2] -= fz;
    }
    f[3 * i] += fxi;
    f[3 * i + 1] += fyi;
    f[3 * i + 2] += fzi;
  }
  return close;
}

/** Visits every listed pair within the cutoff: (i, j, dx, dy, dz, rsq, slot). Not for hot loops. */
function forEachPair(
  s: MdState,
  list: NeighborList,
  sCut: number,
  visit: (i: number, j: number, dx: number, dy: number, dz: number, rsq: number) => void,
): void {
  const { x } = s;
  const shifts = list.shifts;
  for (let i = 0; i < s.n; i++) {
    for (let p = list.start[i]; p < list.start[i + 1]; p++) {
      const entry = list.nbr[p];
      const j = entry >>> ENTRY_J_SHIFT;
      const c3 = ((entry >>> ENTRY_CODE_SHIFT) & ENTRY_FIELD_MASK) * 3;
      const dx = x[3 * i] - x[3 * j] - shifts[c3];
      const dy = x[3 * i + 1] - x[3 * j + 1] - shifts[c3 + 1];
      const dz = x[3 * i + 2] - x[3 * j + 2] - shifts[c3 + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < sCut) visit(i, j, dx, dy, dz, rsq);
    }
  }
}

/** Exact F/r and energy of the pair (i, j) at distance² rsq, charges from the table's types. */
function exactFor(
  s: MdState,
  ff: CompiledForceField,
  table: PairTable,
  i: number,
  j: number,
  rsq: number,
): [number, number] {
  const ti = s.type[i];
  const tj = s.type[j];
  return exactPair(ff, ti * ff.ntypes + tj, ff.qqrd2e * table.typeCharge[ti] * table.typeCharge[tj], Math.sqrt(rsq));
}

/** Adds the exact forces of the pairs closer than the table's inner radius. */
export function closeContactForces(s: MdState, list: NeighborList, ff: CompiledForceField, table: PairTable): void {
  const f = s.f;
  forEachPair(s, list, table.sInner, (i, j, dx, dy, dz, rsq) => {
    const fpair = exactFor(s, ff, table, i, j, rsq)[1];
    f[3 * i] += dx * fpair;
    f[3 * i + 1] += dy * fpair;
    f[3 * i + 2] += dz * fpair;
    f[3 * j] -= dx * fpair;
    f[3 * j + 1] -= dy * fpair;
    f[3 * j + 2] -= dz * fpair;
  });
}

/** Energy and virial (thermo steps); the table holds the total pair energy, reported as one term. */
export function tabulatedEnergyVirial(
  s: MdState,
  list: NeighborList,
  ff: CompiledForceField,
  table: PairTable,
  report: ForceReport,
): void {
  const E = table.energy;
  const C = table.force;
  const rowsPerSlot = table.intervals * TABLE_STRIDE;
  const slot = table.slot;
  let energy = 0;
  const v = report.virial;
  v.fill(0);
  // one walk: close contacts by the formulas where they come, the rest from the tables
  forEachPair(s, list, table.sCut, (i, j, dx, dy, dz, rsq) => {
    if (rsq < table.sInner) {
      energy += closeContact(s, ff, table, v, i, j, dx, dy, dz, rsq);
      return;
    }
    const t = (rsq - table.sInner) * table.invDs;
    const k = t | 0;
    const u = t - k;
    const b = slot[s.type[i] * ff.ntypes + s.type[j]] * rowsPerSlot + k * TABLE_STRIDE;
    energy += E[b] + u * (E[b + 1] + u * (E[b + 2] + u * (E[b + 3] + u * (E[b + 4] + u * E[b + 5]))));
    addVirial(v, dx, dy, dz, C[b] + u * (C[b + 1] + u * (C[b + 2] + u * (C[b + 3] + u * (C[b + 4] + u * C[b + 5])))));
  });
  setPairEnergy(s, ff, report, energy);
}

function addVirial(v: Float64Array, dx: number, dy: number, dz: number, fpair: number): void {
  v[0] += dx * dx * fpair;
  v[1] += dy * dy * fpair;
  v[2] += dz * dz * fpair;
  v[3] += dx * dy * fpair;
  v[4] += dx * dz * fpair;
  v[5] += dy * dz * fpair;
}

/**
 * Adds the exact virial of the pairs closer than the table's inner radius to v and returns
 * their exact energy (the tables' energy pass leaves them out, as the force pass does).
 */
export function closeContactEnergyVirial(
  s: MdState,
  list: NeighborList,
  ff: CompiledForceField,
  table: PairTable,
  v: Float64Array,
): number {
  let energy = 0;
  forEachPair(s, list, table.sInner, (i, j, dx, dy, dz, rsq) => {
    energy += closeContact(s, ff, table, v, i, j, dx, dy, dz, rsq);
  });
  return energy;
}

/** A close contact's exact virial, added to v; returns its exact energy. */
function closeContact(
  s: MdState,
  ff: CompiledForceField,
  table: PairTable,
  v: Float64Array,
  i: number,
  j: number,
  dx: number,
  dy: number,
  dz: number,
  rsq: number,
): number {
  const [e, fpair] = exactFor(s, ff, table, i, j, rsq);
  addVirial(v, dx, dy, dz, fpair);
  return e;
}

/** The report's energies from the tables' total pair energy (one term) and the DSF self term. */
export function setPairEnergy(s: MdState, ff: CompiledForceField, report: ForceReport, energy: number): void {
  let q2 = 0;
  for (let i = 0; i < s.n; i++) q2 += s.q[i] * s.q[i];
  report.born = energy;
  report.morse = 0;
  report.coulombPair = 0;
  report.coulombSelf = coulombSelfPerQ2(ff.coulomb) * ff.qqrd2e * q2;
}
