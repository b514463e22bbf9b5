/**
 * Bond-angle distributions A–B–C (B the vertex) from the bond graph, by element triple with the
 * outer elements in a fixed order (A ≤ C), so S–Si–S, Si–S–Si, S–S–S and Si–S–S each collect
 * every matching angle once.
 */
import type { BondBuffer } from './pair-scan.js';
import type { BondGraph } from './bonds.js';
import type { StructureFrame } from './frame.js';

/** Histogram counts per triple (a · ne + b) · ne + c, a ≤ c, `bins` bins over 0–180°. */
export function addAngles(
  frame: StructureFrame,
  g: BondGraph,
  bonds: BondBuffer,
  bins: number,
  hist: Float64Array,
): void {
  const ne = frame.elements.length;
  const el = frame.element;
  const d = bonds.d;
  for (let b = 0; b < el.length; b++) {
    for (let p = g.start[b]; p < g.start[b + 1]; p++) {
      // vector from the vertex b to its neighbour: bond vectors run from bonds.i to bonds.j
      const kp = g.bond[p];
      const sp = bonds.i[kp] === b ? 1 : -1;
      const ax = sp * d[3 * kp];
      const ay = sp * d[3 * kp + 1];
      const az = sp * d[3 * kp + 2];
      for (let q = p + 1; q < g.start[b + 1]; q++) {
        const kq = g.bond[q];
        const sq = bonds.i[kq] === b ? 1 : -1;
        const cx = sq * d[3 * kq];
        const cy = sq * d[3 * kq + 1];
        const cz = sq * d[3 * kq + 2];
        const cos = (ax * cx + ay * cy + az * cz) / (bonds.r[kp] * bonds.r[kq]);
        const theta = (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
        const ea = el[g.nbr[p]];
        const ec = el[g.nbr[q]];
        const t = ((Math.min(ea, ec) * ne + el[b]) * ne + Math.max(ea, ec)) * bins;
        hist[t + Math.min(bins - 1, Math.floor((theta / 180) * bins))]++;
      }
    }
  }
}
