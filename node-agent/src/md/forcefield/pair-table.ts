/**
 * Tabulated pair interactions: for each type pair, the total short-range + real-space Coulomb
 * force (as F/r) and energy as piecewise quintic polynomials in s = r², fitted by Chebyshev
 * interpolation of the exact functions on each interval. Charges are folded in, so every atom
 * of a type must carry the same charge (true for systems built by ionsweep). Pairs closer than
 * `rInner` fall back to the exact formulas.
 */
import type { MdState } from '../state.js';
import type { CompiledForceField } from './compile.js';
import { bornEnergyForce } from './born.js';
import { morseEnergyForce } from './morse.js';
import { coulombEnergyForce } from './coulomb-dsf.js';
import { chebyshevNodes, interpolantFromValues } from './erfc.js';
import { pairSlots } from '../neighbor/neighbor-list.js';

export const TABLE_DEGREE = 5;
export const TABLE_STRIDE = TABLE_DEGREE + 1;

export interface PairTableOptions {
  /** interval width in r², Å² */
  ds: number;
  /** the table starts here; closer pairs use the exact formulas, Å */
  rInner: number;
}

export const DEFAULT_TABLE: PairTableOptions = { ds: 0.125, rInner: 1.2 };

export interface PairTable {
  sInner: number;
  sCut: number;
  invDs: number;
  intervals: number;
  /** type pair (ti · ntypes + tj) → table slot, numbered as the neighbour list's (pairSlots) */
  slot: Int32Array;
  /** F/r coefficients: slot, interval, degree */
  force: Float64Array;
  energy: Float64Array;
  /** charge of each type, folded into the tables */
  typeCharge: Float64Array;
  /** largest relative error of F/r against the exact function, sampled between the nodes */
  maxRelativeError: number;
}

/** Why a system cannot be tabulated, or null when it can. */
export function tabulationObstacle(ff: CompiledForceField, s: MdState): string | null {
  const q = new Float64Array(ff.ntypes).fill(NaN);
  for (let i = 0; i < s.n; i++) {
    const t = s.type[i];
    if (Number.isNaN(q[t])) q[t] = s.q[i];
    else if (Math.abs(q[t] - s.q[i]) > 1e-12 * Math.max(1, Math.abs(q[t]))) {
      return `atoms of type ${ff.typeElements[t]} carry different charges`;
    }
  }
  if (ff.terms.flat().some((t) => t.cutoff !== ff.cutoff) || ff.coulomb.cutoff !== ff.cutoff) {
    return 'pair terms have different cutoffs';
  }
  return null;
}

/** The charge of each type (tabulationObstacle checks that a type's atoms share it). */
export function typeCharges(ff: CompiledForceField, s: MdState): Float64Array {
  const q = new Float64Array(ff.ntypes);
  for (let i = 0; i < s.n; i++) q[s.type[i]] = s.q[i];
  return q;
}

/** Exact F/r and energy of a type pair at distance r (charges folded in). */
export function exactPair(ff: CompiledForceField, tp: number, qq: number, r: number): [number, number] {
  let e = 0;
  let fr = 0;
  for (const t of ff.terms[tp]) {
    const [te, tf] = t.kind === 'born' ? bornEnergyForce(t, r) : morseEnergyForce(t, r);
    e += te;
    fr += tf;
  }
  const [ce, cf] = coulombEnergyForce(ff.coulomb, r);
  return [e + qq * ce, fr + qq * cf];
}

export function buildPairTable(
  ff: CompiledForceField,
  s: MdState,
  options: PairTableOptions = DEFAULT_TABLE,
): PairTable {
  const obstacle = tabulationObstacle(ff, s);
  if (obstacle) throw new Error(`cannot tabulate: ${obstacle}`);
  const nt = ff.ntypes;
  const typeCharge = typeCharges(ff, s);
  const sInner = options.rInner * options.rInner;
  const sCut = ff.cutoff * ff.cutoff;
  const intervals = Math.ceil((sCut - sInner) / options.ds);
  const ds = (sCut - sInner) / intervals;
  const slot = pairSlots(nt);
  const pairs: [number, number][] = [];
  for (let a = 0; a < nt; a++) for (let b = a; b < nt; b++) pairs.push([a, b]); // in slot order
  const force = new Float64Array(pairs.length * intervals * TABLE_STRIDE);
  const energy = new Float64Array(pairs.length * intervals * TABLE_STRIDE);
  let maxRelativeError = 0;
  const nodes = chebyshevNodes(TABLE_DEGREE);
  pairs.forEach(([a, b], p) => {
    const tp = a * nt + b;
    const qq = ff.qqrd2e * typeCharge[a] * typeCharge[b];
    for (let k = 0; k < intervals; k++) {
      const s0 = sInner + k * ds;
      const at = (u: number) => exactPair(ff, tp, qq, Math.sqrt(s0 + u * ds));
      const base = (p * intervals + k) * TABLE_STRIDE;
      // both fits from one evaluation per node (the start-up of every run builds these tables)
      const values = nodes.map(at);
      force.set(
        interpolantFromValues(
          values.map((v) => v[1]),
          TABLE_DEGREE,
        ),
        base,
      );
      energy.set(
        interpolantFromValues(
          values.map((v) => v[0]),
          TABLE_DEGREE,
        ),
        base,
      );
      // error check between the nodes, relative to the Coulomb scale of the pair (F/r crosses zero)
      const scale = Math.abs(qq) / (s0 * Math.sqrt(s0)) + Math.abs(at(0.5)[1]);
      for (const u of [0.03, 0.27, 0.61, 0.93]) {
        let v = 0;
        for (let d = TABLE_DEGREE; d >= 0; d--) v = v * u + force[base + d];
        maxRelativeError = Math.max(maxRelativeError, Math.abs(v - at(u)[1]) / (scale || 1));
      }
    }
  });
  return { sInner, sCut, invDs: 1 / ds, intervals, slot, force, energy, typeCharge, maxRelativeError };
}
