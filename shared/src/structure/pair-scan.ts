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
  const { box, element } = frame;
  const n = element.length;
  const half = Math.min(...box) / 2;
  if (s.rmax > half + 1e-9)
    throw new InputError('--rmax', `${s.rmax} Å is beyond half the shortest box length (${half.toFixed(3)} Å)`);
  let maxCut2 = s.rmax * s.rmax;
  for (const c of s.bondCut2) maxCut2 = Math.max(maxCut2, c);
  const reach = Math.sqrt(maxCut2);
  const cells = box.map((L) => Math.max(1, Math.floor(L / reach)));
  // positions wrapped into the box, so a neighbour cell's periodic shift is known in advance
  const x = new Float64Array(3 * n);
  for (let i = 0; i < n; i++)
    for (let d = 0; d < 3; d++) {
      const v = frame.positions[3 * i + d];
      x[3 * i + d] = v - box[d] * Math.floor(v / box[d]);
    }
  bonds.count = 0;
  if (cells.some((c) => c < 3)) {
    // a small box: every pair once by minimum image (a 3-cell stencil would visit pairs twice)
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        let dx = x[3 * j] - x[3 * i];
        let dy = x[3 * j + 1] - x[3 * i + 1];
        let dz = x[3 * j + 2] - x[3 * i + 2];
        dx -= box[0] * Math.round(dx / box[0]);
        dy -= box[1] * Math.round(dy / box[1]);
        dz -= box[2] * Math.round(dz / box[2]);
        tally(frame, s, hist, bonds, i, j, dx, dy, dz, maxCut2);
      }
    return;
  }
  const [cx, cy, cz] = cells;
  const head = new Int32Array(cx * cy * cz).fill(-1);
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.min(cx - 1, Math.floor((x[3 * i] / box[0]) * cx));
    const b = Math.min(cy - 1, Math.floor((x[3 * i + 1] / box[1]) * cy));
    const c = Math.min(cz - 1, Math.floor((x[3 * i + 2] / box[2]) * cz));
    const cell = (a * cy + b) * cz + c;
    next[i] = head[cell];
    head[cell] = i;
  }
  const ne = frame.elements.length;
  const nbins = Math.round(s.rmax / s.dr);
  const invDr = 1 / s.dr;
  const rmax2 = s.rmax * s.rmax;
  const cut2 = s.bondCut2;
  for (let a = 0; a < cx; a++)
    for (let b = 0; b < cy; b++)
      for (let c = 0; c < cz; c++) {
        const home = (a * cy + b) * cz + c;
        for (let da = -1; da <= 1; da++)
          for (let db = -1; db <= 1; db++)
            for (let dc = -1; dc <= 1; dc++) {
              const oa = a + da, ob = b + db, oc = c + dc; // prettier-ignore
              const other = (((oa + cx) % cx) * cy + ((ob + cy) % cy)) * cz + ((oc + cz) % cz);
              if (other < home) continue; // each pair of cells once
              const sx = oa < 0 ? -box[0] : oa >= cx ? box[0] : 0;
              const sy = ob < 0 ? -box[1] : ob >= cy ? box[1] : 0;
              const sz = oc < 0 ? -box[2] : oc >= cz ? box[2] : 0;
              for (let i = head[home]; i >= 0; i = next[i]) {
                const xi = x[3 * i] - sx, yi = x[3 * i + 1] - sy, zi = x[3 * i + 2] - sz; // prettier-ignore
                const ei = element[i];
                for (let j = other === home ? next[i] : head[other]; j >= 0; j = next[j]) {
                  const dx = x[3 * j] - xi;
                  const dy = x[3 * j + 1] - yi;
                  const dz = x[3 * j + 2] - zi;
                  const r2 = dx * dx + dy * dy + dz * dz;
                  if (r2 >= maxCut2) continue;
                  const ej = element[j];
                  const p = ei <= ej ? ei * ne + ej : ej * ne + ei;
                  if (r2 < rmax2) {
                    const bin = (Math.sqrt(r2) * invDr) | 0;
                    if (bin < nbins) hist[p * nbins + bin]++;
                  }
                  if (r2 < cut2[p]) addBond(bonds, i, j, Math.sqrt(r2), dx, dy, dz);
                }
              }
            }
      }
}

/** One pair of the small-box path: bin it and keep it as a bond when close enough. */
function tally(
  frame: StructureFrame,
  s: ScanSettings,
  hist: Float64Array,
  bonds: BondBuffer,
  i: number,
  j: number,
  dx: number,
  dy: number,
  dz: number,
  maxCut2: number,
): void {
  const r2 = dx * dx + dy * dy + dz * dz;
  if (r2 >= maxCut2) return;
  const ne = frame.elements.length;
  const a = frame.element[i];
  const b = frame.element[j];
  const p = a <= b ? a * ne + b : b * ne + a;
  const r = Math.sqrt(r2);
  const nbins = Math.round(s.rmax / s.dr);
  if (r < s.rmax) {
    // as LAMMPS compute rdf: r times the inverse bin width, truncated
    const bin = (r * (1 / s.dr)) | 0;
    if (bin < nbins) hist[p * nbins + bin]++;
  }
  if (r2 < s.bondCut2[p]) addBond(bonds, i, j, r, dx, dy, dz);
}

function addBond(bonds: BondBuffer, i: number, j: number, r: number, dx: number, dy: number, dz: number): void {
  if (bonds.count === bonds.i.length) growBonds(bonds);
  const k = bonds.count++;
  bonds.i[k] = i;
  bonds.j[k] = j;
  bonds.r[k] = r;
  bonds.d[3 * k] = dx;
  bonds.d[3 * k + 1] = dy;
  bonds.d[3 * k + 2] = dz;
}
