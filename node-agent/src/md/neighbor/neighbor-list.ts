/**
 * Verlet neighbour list (half: each pair once, j stored under i) built from a cell list, with
 * a skin and a rebuild test: rebuild when any atom has moved more than half the skin since the
 * last build (LAMMPS `neigh_modify check yes`). Pairs are found by minimum image, so the
 * list cutoff must stay below half the box.
 */
import type { MdState } from '../state.js';
import { wrapIntoBox } from '../state.js';

export interface NeighborList {
  cutoff: number;
  skin: number;
  /** CSR: neighbours of i are nbr[start[i] .. start[i+1]) */
  start: Int32Array;
  nbr: Int32Array;
  /** positions at the last build, for the displacement test */
  x0: Float64Array;
  builds: number;
}

export function createNeighborList(n: number, cutoff: number, skin: number): NeighborList {
  return {
    cutoff,
    skin,
    start: new Int32Array(n + 1),
    nbr: new Int32Array(Math.max(16, n * 64)),
    x0: new Float64Array(3 * n),
    builds: 0,
  };
}

/** True when some atom moved more than skin/2 since the last build. */
export function needsRebuild(list: NeighborList, s: MdState): boolean {
  if (list.builds === 0) return true;
  const limit = (list.skin / 2) ** 2;
  const { x, box } = s;
  const x0 = list.x0;
  for (let i = 0; i < s.n; i++) {
    let dx = x[3 * i] - x0[3 * i];
    let dy = x[3 * i + 1] - x0[3 * i + 1];
    let dz = x[3 * i + 2] - x0[3 * i + 2];
    dx -= box[0] * Math.round(dx / box[0]);
    dy -= box[1] * Math.round(dy / box[1]);
    dz -= box[2] * Math.round(dz / box[2]);
    if (dx * dx + dy * dy + dz * dz > limit) return true;
  }
  return false;
}

/** Cells per dimension and the stencil reach for cells of about a half list-cutoff. */
export function cellGrid(box: Float64Array, range: number): { nc: Int32Array; reach: number } {
  const reach = 2;
  const nc = new Int32Array(3);
  for (let d = 0; d < 3; d++) nc[d] = Math.max(1, Math.floor((box[d] * reach) / range));
  return { nc, reach };
}

/** Atom indices grouped by cell (counting sort), in ascending atom order within a cell. */
export function binAtoms(
  s: MdState,
  nc: Int32Array,
): { cellOf: Int32Array; cellStart: Int32Array; cellAtoms: Int32Array } {
  const n = s.n;
  const ncell = nc[0] * nc[1] * nc[2];
  const cellOf = new Int32Array(n);
  const cellStart = new Int32Array(ncell + 1);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let d = 2; d >= 0; d--) {
      let k = Math.floor(((s.x[3 * i + d] - s.lo[d]) / s.box[d]) * nc[d]);
      if (k >= nc[d]) k = nc[d] - 1;
      if (k < 0) k = 0;
      c = c * nc[d] + k;
    }
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < ncell; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, ncell);
  const cellAtoms = new Int32Array(n);
  for (let i = 0; i < n; i++) cellAtoms[fill[cellOf[i]]++] = i;
  return { cellOf, cellStart, cellAtoms };
}

/**
 * Offsets of the half stencil: the cell itself (pairs j > i there) and the 62 of the other 124
 * offsets that are lexicographically positive, so each pair of cells is visited once.
 */
function halfStencil(reach: number): number[][] {
  const out: number[][] = [];
  for (let oz = 0; oz <= reach; oz++)
    for (let oy = oz === 0 ? 0 : -reach; oy <= reach; oy++)
      for (let ox = oz === 0 && oy === 0 ? 1 : -reach; ox <= reach; ox++) out.push([ox, oy, oz]);
  return out;
}

export function buildNeighborList(list: NeighborList, s: MdState): void {
  wrapIntoBox(s);
  const range = list.cutoff + list.skin;
  const { nc, reach } = cellGrid(s.box, range);
  const useCells = nc[0] >= 2 * reach + 1 && nc[1] >= 2 * reach + 1 && nc[2] >= 2 * reach + 1;
  if (useCells) buildWithCells(list, s, nc, reach, range * range);
  else buildAllPairs(list, s, range * range);
  list.x0.set(s.x);
  list.builds++;
}

/** Makes room for `more` entries after `count`, keeping what is there. */
function reserve(list: NeighborList, count: number, more: number): Int32Array {
  if (count + more > list.nbr.length) {
    const grown = new Int32Array(Math.max(2 * list.nbr.length, count + more));
    grown.set(list.nbr.subarray(0, count));
    list.nbr = grown;
  }
  return list.nbr;
}

function buildWithCells(list: NeighborList, s: MdState, nc: Int32Array, reach: number, rsqMax: number): void {
  const n = s.n;
  const { x, box } = s;
  const lx = box[0],
    ly = box[1],
    lz = box[2];
  const hx = lx / 2,
    hy = ly / 2,
    hz = lz / 2;
  const nx = nc[0],
    ny = nc[1],
    nz = nc[2];
  const { cellOf, cellStart, cellAtoms } = binAtoms(s, nc);
  // neighbour cells of every cell under the half stencil, flattened
  const stencil = halfStencil(reach);
  const ns = stencil.length;
  const ncell = nx * ny * nz;
  const around = new Int32Array(ncell * ns);
  for (let c = 0; c < ncell; c++) {
    const cx = c % nx,
      cy = ((c / nx) | 0) % ny,
      cz = (c / (nx * ny)) | 0;
    stencil.forEach(([ox, oy, oz], k) => {
      around[c * ns + k] = (((cz + oz + nz) % nz) * ny + ((cy + oy + ny) % ny)) * nx + ((cx + ox + nx) % nx);
    });
  }
  // position of each atom inside its own cell's slice, for the j-after-i rule there
  const rank = new Int32Array(n);
  for (let p = 0; p < n; p++) rank[cellAtoms[p]] = p;
  const start = list.start;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const nbr = reserve(list, count, n);
    start[i] = count;
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const c = cellOf[i];
    for (let k = -1; k < ns; k++) {
      // k = −1: own cell, atoms after i; otherwise the k-th stencil cell, all atoms
      const cc = k < 0 ? c : around[c * ns + k];
      const first = k < 0 ? rank[i] + 1 : cellStart[cc];
      for (let p = first, e = cellStart[cc + 1]; p < e; p++) {
        const j = cellAtoms[p];
        let dx = xi - x[3 * j];
        let dy = yi - x[3 * j + 1];
        let dz = zi - x[3 * j + 2];
        if (dx > hx) dx -= lx;
        else if (dx < -hx) dx += lx;
        if (dy > hy) dy -= ly;
        else if (dy < -hy) dy += ly;
        if (dz > hz) dz -= lz;
        else if (dz < -hz) dz += lz;
        if (dx * dx + dy * dy + dz * dz < rsqMax) nbr[count++] = j;
      }
    }
  }
  start[n] = count;
}

/** Small boxes (fewer than 2·reach + 1 cells a side): every pair by minimum image. */
function buildAllPairs(list: NeighborList, s: MdState, rsqMax: number): void {
  const n = s.n;
  const { x, box } = s;
  const start = list.start;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const nbr = reserve(list, count, n);
    start[i] = count;
    for (let j = i + 1; j < n; j++) {
      let dx = x[3 * i] - x[3 * j];
      let dy = x[3 * i + 1] - x[3 * j + 1];
      let dz = x[3 * i + 2] - x[3 * j + 2];
      dx -= box[0] * Math.round(dx / box[0]);
      dy -= box[1] * Math.round(dy / box[1]);
      dz -= box[2] * Math.round(dz / box[2]);
      if (dx * dx + dy * dy + dz * dz < rsqMax) nbr[count++] = j;
    }
  }
  start[n] = count;
}
