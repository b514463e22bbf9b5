/**
 * Bonds of one frame as a graph: per-atom neighbour lists (CSR) built from the bond buffer, and
 * per element pair the bond count, the mean coordination of each side and the histogram of how
 * many neighbours of the other element each atom has.
 */
import type { BondBuffer } from './pair-scan.js';
import type { StructureFrame } from './frame.js';

export interface BondGraph {
  /** neighbours of atom i are nbr[start[i] .. start[i + 1]) */
  start: Int32Array;
  nbr: Int32Array;
  /** index into the bond buffer of each neighbour entry (for the bond vector) */
  bond: Int32Array;
}

export function bondGraph(n: number, bonds: BondBuffer): BondGraph {
  const start = new Int32Array(n + 1);
  for (let k = 0; k < bonds.count; k++) {
    start[bonds.i[k] + 1]++;
    start[bonds.j[k] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * bonds.count);
  const bond = new Int32Array(2 * bonds.count);
  for (let k = 0; k < bonds.count; k++) {
    const a = fill[bonds.i[k]]++;
    nbr[a] = bonds.j[k];
    bond[a] = k;
    const b = fill[bonds.j[k]]++;
    nbr[b] = bonds.i[k];
    bond[b] = k;
  }
  return { start, nbr, bond };
}

/** Coordination of one element pair in one frame. */
export interface PairCoordination {
  bonds: number;
  /** mean number of b neighbours of an a atom, and of a neighbours of a b atom */
  cnA: number;
  cnB: number;
  /** fraction of a atoms with 0, 1, 2, … b neighbours; and the reverse */
  histA: number[];
  histB: number[];
}

/** Neighbours of element `e` of atom i. */
export function neighboursOf(g: BondGraph, frame: StructureFrame, i: number, e: number): number {
  let c = 0;
  for (let q = g.start[i]; q < g.start[i + 1]; q++) if (frame.element[g.nbr[q]] === e) c++;
  return c;
}

function histogramOf(g: BondGraph, frame: StructureFrame, a: number, b: number): { mean: number; hist: number[] } {
  const counts: number[] = [];
  let atoms = 0;
  let sum = 0;
  for (let i = 0; i < frame.element.length; i++) {
    if (frame.element[i] !== a) continue;
    const c = neighboursOf(g, frame, i, b);
    while (counts.length <= c) counts.push(0);
    counts[c]++;
    atoms++;
    sum += c;
  }
  return { mean: atoms ? sum / atoms : 0, hist: counts.map((c) => (atoms ? c / atoms : 0)) };
}

export function pairCoordination(
  g: BondGraph,
  frame: StructureFrame,
  bonds: BondBuffer,
  a: number,
  b: number,
): PairCoordination {
  let count = 0;
  for (let k = 0; k < bonds.count; k++) {
    const ea = frame.element[bonds.i[k]];
    const eb = frame.element[bonds.j[k]];
    if ((ea === a && eb === b) || (ea === b && eb === a)) count++;
  }
  const A = histogramOf(g, frame, a, b);
  const B = histogramOf(g, frame, b, a);
  return { bonds: count, cnA: A.mean, cnB: B.mean, histA: A.hist, histB: B.hist };
}
