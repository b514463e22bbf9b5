/**
 * One pass over all atom pairs closer than `rmax` (minimum image, cell list): every pair is
 * binned into its element pair's distance histogram, and pairs closer than their element
 * pair's bond cutoff are kept as bonds (i, j, r and the vector from i to j). Flat typed arrays,
 * grown only when a frame has more bonds than any before.
 */
import { InputError } from '../errors.js';
import type { StructureFrame } from './frame.js';

export interface BondBuffer {
  count: number;
  i: Int32Array;
  j: Int32Array;
  r: Float64Array;
  /** dx dy dz from i to j (minimum image) */
  d: Float64Array;
}

export function createBondBuffer(capacity = 1024): BondBuffer {
  return {
    count: 0,
    i: new Int32Array(capacity),
    j: new Int32Array(capacity),
    r: new Float64Array(capacity),
    d: new Float64Array(3 * capacity),
  };
}

function growBonds(b: BondBuffer): void {
  const cap = b.i.length * 2;
  const grow = <T extends Int32Array | Float64Array>(a: T, n: number): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    out.set(a);
    return out;
  };
  b.i = grow(b.i, cap);
  b.j = grow(b.j, cap);
  b.r = grow(b.r, cap);
  b.d = grow(b.d, 3 * cap);
}

export interface ScanSettings {
  /** histogram range, Å (at most half the shortest box length) */
  rmax: number;
  /** histogram bin width, Å */
  dr: number;
  /** bond cutoff² per element pair (a · ne + b, symmetric); 0 for pairs that do not bond */
  bondCut2: Float64Array;
}

/**
 * Adds the frame's pair counts to `hist` (element pair a · ne + b with a ≤ b, then bin) and
 * replaces the contents of `bonds`.
 */
export function scanPairs(frame: StructureFrame, s: ScanSettings, hist: Float64Array, bonds: BondBuffer): void {
  const { box, positions: x, element } = frame;
  const n = element.length;
  const half = Math.min(...box) / 2;
  if (s.rmax > half + 1e-9)
    throw new InputError('--rmax', `${s.rmax} Å is beyond half the shortest box length (${half.toFixed(3)} Å)`);
  const ne = frame.elements.length;
  const nbins = Math.round(s.rmax / s.dr);
  let maxCut2 = s.rmax * s.rmax;
  for (const c of s.bondCut2) maxCut2 = Math.max(maxCut2, c);
  const reach = Math.sqrt(maxCut2);
  const cells = box.map((L) => Math.max(1, Math.floor(L / reach)));
  bonds.count = 0;
  const visit = (i: number, j: number) => {
    let dx = x[3 * j] - x[3 * i];
    let dy = x[3 * j + 1] - x[3 * i + 1];
    let dz = x[3 * j + 2] - x[3 * i + 2];
    dx -= box[0] * Math.round(dx / box[0]);
    dy -= box[1] * Math.round(dy / box[1]);
    dz -= box[2] * Math.round(dz / box[2]);
    const r2 = dx * dx + dy * dy + dz * dz;
    if (r2 >= maxCut2) return;
    const a = element[i];
    const b = element[j];
    const p = a <= b ? a * ne + b : b * ne + a;
    const r = Math.sqrt(r2);
    if (r < s.rmax) {
      const bin = Math.floor(r / s.dr);
      if (bin < nbins) hist[p * nbins + bin]++;
    }
    if (r2 < s.bondCut2[p]) {
      if (bonds.count === bonds.i.length) growBonds(bonds);
      const k = bonds.count++;
      bonds.i[k] = i;
      bonds.j[k] = j;
      bonds.r[k] = r;
      bonds.d[3 * k] = dx;
      bonds.d[3 * k + 1] = dy;
      bonds.d[3 * k + 2] = dz;
    }
  };
  if (cells.some((c) => c < 3)) {
    // a small box: every pair once (the cell stencil would visit some pairs twice)
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) visit(i, j);
    return;
  }
  const [cx, cy, cz] = cells;
  const ncell = cx * cy * cz;
  const head = new Int32Array(ncell).fill(-1);
  const next = new Int32Array(n);
  const cellOf = (v: number, d: number) => {
    const c = Math.floor((v / box[d] - Math.floor(v / box[d])) * cells[d]);
    return c >= cells[d] ? cells[d] - 1 : c;
  };
  for (let i = 0; i < n; i++) {
    const c = (cellOf(x[3 * i], 0) * cy + cellOf(x[3 * i + 1], 1)) * cz + cellOf(x[3 * i + 2], 2);
    next[i] = head[c];
    head[c] = i;
  }
  for (let a = 0; a < cx; a++)
    for (let b = 0; b < cy; b++)
      for (let c = 0; c < cz; c++) {
        const home = (a * cy + b) * cz + c;
        for (let da = -1; da <= 1; da++)
          for (let db = -1; db <= 1; db++)
            for (let dc = -1; dc <= 1; dc++) {
              const other = (((a + da + cx) % cx) * cy + ((b + db + cy) % cy)) * cz + ((c + dc + cz) % cz);
              if (other < home) continue; // each pair of cells once
              for (let i = head[home]; i >= 0; i = next[i])
                for (let j = other === home ? next[i] : head[other]; j >= 0; j = next[j]) visit(i, j);
            }
      }
}
