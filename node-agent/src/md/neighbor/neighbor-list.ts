/**
 * Verlet neighbour list (half: each pair once, j stored under i) built from a cell list, with
 * a skin and a rebuild test: rebuild when any atom has moved more than half the skin since the
 * last build (LAMMPS `neigh_modify check yes`).
 *
 * Each entry packs three things into one Int32, so the pair loop needs one load and no
 * minimum-image branches: `j << 10 | image code << 5 | type-pair slot`. The image code (0–26)
 * names the periodic image of j that is i's neighbour (its shift vector is in `shifts`), fixed
 * at the build: atoms are only wrapped into the box at rebuilds, so it stays valid between them
 * (the idea of LAMMPS's ghost atoms, without the copies).
 */
import type { MdState } from '../state.js';
import { wrapIntoBox } from '../state.js';

export interface NeighborList {
  cutoff: number;
  skin: number;
  ntypes: number;
  /** CSR: packed neighbour entries of i are nbr[start[i] .. start[i+1]) */
  start: Int32Array;
  nbr: Int32Array;
  /** shift vector (x, y, z) of each image code: j's neighbour image is at x_j + shift */
  shifts: Float64Array;
  /** type pair (ti · ntypes + tj) → slot, stored in each entry */
  pairSlot: Int32Array;
  /** positions at the last build (scaled with the box since), for the displacement test */
  x0: Float64Array;
  /** how much the box was scaled since the last build (a barostat; 1 at fixed volume) */
  scale: number;
  builds: number;
}

/** Bits of an entry: j above ENTRY_J_SHIFT, the image code in the next 5 bits, the slot in the low 5. */
export const ENTRY_J_SHIFT = 10;
export const ENTRY_CODE_SHIFT = 5;
export const ENTRY_FIELD_MASK = 31;
/** The most atoms and types the packed entries can address. */
export const MAX_LIST_ATOMS = 1 << 22;
export const MAX_LIST_TYPES = 7;

/** Symmetric numbering of type pairs: (a, b) and (b, a) share a slot; slots 0 … nt(nt+1)/2 − 1. */
export function pairSlots(ntypes: number): Int32Array {
  const slot = new Int32Array(ntypes * ntypes);
  let k = 0;
  for (let a = 0; a < ntypes; a++) for (let b = a; b < ntypes; b++) slot[a * ntypes + b] = slot[b * ntypes + a] = k++;
  return slot;
}

export function createNeighborList(n: number, ntypes: number, cutoff: number, skin: number): NeighborList {
  if (n >= MAX_LIST_ATOMS)
    throw new Error(`the neighbour list addresses at most ${MAX_LIST_ATOMS - 1} atoms, got ${n}`);
  if (ntypes > MAX_LIST_TYPES)
    throw new Error(`the neighbour list supports at most ${MAX_LIST_TYPES} atom types, got ${ntypes}`);
  return {
    cutoff,
    skin,
    ntypes,
    start: new Int32Array(n + 1),
    nbr: new Int32Array(Math.max(16, n * 64)),
    shifts: new Float64Array(27 * 3),
    pairSlot: pairSlots(ntypes),
    x0: new Float64Array(3 * n),
    scale: 1,
    builds: 0,
  };
}

/** Image code of per-axis shifts sx, sy, sz ∈ {−1, 0, 1} (j's neighbour image at x_j + s · L). */
function imageCode(sx: number, sy: number, sz: number): number {
  return sx + 1 + 3 * (sy + 1) + 9 * (sz + 1);
}

export function setShifts(list: NeighborList, box: Float64Array): void {
  for (let c = 0; c < 27; c++) {
    list.shifts[3 * c] = ((c % 3) - 1) * box[0];
    list.shifts[3 * c + 1] = ((((c / 3) | 0) % 3) - 1) * box[1];
    list.shifts[3 * c + 2] = (((c / 9) | 0) - 1) * box[2];
  }
}

/**
 * True when some atom moved more than skin/2 since the last build. Atoms are wrapped into the
 * box only at builds, so x − x0 is the true displacement: no minimum image needed.
 */
export function needsRebuild(list: NeighborList, s: MdState): boolean {
  if (list.builds === 0) return true;
  return movedTooFar(s.x, list.x0, list.cutoff, list.skin, list.scale);
}

/**
 * True when some atom of x moved more than half the skin a list of reach cutoff + skin has left
 * since its positions x0 were taken. A box shrunk by `scale` since then brings every distance
 * closer by that factor: a pair left out at rc + skin is then at scale · (rc + skin), so less of
 * the skin is left for motion.
 */
export function movedTooFar(x: Float64Array, x0: Float64Array, cutoff: number, skin: number, scale: number): boolean {
  const margin = Math.min(skin, scale * (cutoff + skin) - cutoff);
  if (margin <= 0) return true;
  const limit = (margin / 2) ** 2;
  for (let k = 0; k < x.length; k += 3) {
    const dx = x[k] - x0[k];
    const dy = x[k + 1] - x0[k + 1];
    const dz = x[k + 2] - x0[k + 2];
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

/**
 * Fills the rows of a list from cell pairs (the JS builder below, or the WebAssembly one the
 * force engine passes): start[0 … n] and the packed entries, type-pair slots included.
 */
export type RowBuilder = (list: NeighborList, s: MdState, cells: CellPairs, rsqMax: number) => void;

export function buildNeighborList(list: NeighborList, s: MdState, rows: RowBuilder = buildRows): void {
  wrapIntoBox(s);
  const range = list.cutoff + list.skin;
  const { nc, reach } = cellGrid(s.box, range);
  const useCells = nc[0] >= 2 * reach + 1 && nc[1] >= 2 * reach + 1 && nc[2] >= 2 * reach + 1;
  setShifts(list, s.box);
  if (useCells) rows(list, s, cellPairs(s, nc, reach), range * range);
  else buildAllPairs(list, s, range * range);
  list.x0.set(s.x);
  list.scale = 1;
  list.builds++;
}

/** Makes room for `more` entries after `count`, keeping what is there. */
export function reserve(list: NeighborList, count: number, more: number): Int32Array {
  if (count + more > list.nbr.length) {
    const grown = new Int32Array(Math.max(2 * list.nbr.length, count + more));
    grown.set(list.nbr.subarray(0, count));
    list.nbr = grown;
  }
  return list.nbr;
}

/**
 * Atoms binned in cells and, for each cell, its half-stencil cells with j's image code there.
 * Cell pairs instead of minimum images: the stencil cell k of cell c lies across the box edge
 * or not, and that fixes j's periodic image for every atom in it, so the image code and shift
 * are set once per cell pair.
 */
export interface CellPairs {
  cellOf: Int32Array;
  cellStart: Int32Array;
  cellAtoms: Int32Array;
  /** position of each atom inside its own cell's slice, for the j-after-i rule there */
  rank: Int32Array;
  /** stencil cells per cell */
  ns: number;
  /** cell c's k-th stencil cell, and j's image code there */
  around: Int32Array;
  aroundCode: Int32Array;
  /** the most candidates any row can have (its own cell and its stencil cells, full) */
  rowBound: number;
}

export function cellPairs(s: MdState, nc: Int32Array, reach: number): CellPairs {
  const { cellOf, cellStart, cellAtoms } = binAtoms(s, nc);
  const { ns, around, aroundCode } = cellStencil(nc, reach);
  const ncell = cellStart.length - 1;
  let rowBound = 0;
  for (let c = 0; c < ncell; c++) {
    let candidates = cellStart[c + 1] - cellStart[c];
    for (let k = c * ns; k < (c + 1) * ns; k++) candidates += cellStart[around[k] + 1] - cellStart[around[k]];
    rowBound = Math.max(rowBound, candidates);
  }
  const rank = new Int32Array(s.n);
  for (let p = 0; p < s.n; p++) rank[cellAtoms[p]] = p;
  return { cellOf, cellStart, cellAtoms, rank, ns, around, aroundCode, rowBound };
}

/** Each cell's half-stencil cells and j's image code there: fixed by the grid, so kept (read-only) per grid. */
const stencils = new Map<string, Pick<CellPairs, 'ns' | 'around' | 'aroundCode'>>();

function cellStencil(nc: Int32Array, reach: number): Pick<CellPairs, 'ns' | 'around' | 'aroundCode'> {
  const key = `${nc.join(',')}/${reach}`;
  const known = stencils.get(key);
  if (known) return known;
  const [nx, ny, nz] = nc;
  const stencil = halfStencil(reach);
  const ns = stencil.length;
  const ncell = nx * ny * nz;
  const around = new Int32Array(ncell * ns);
  const aroundCode = new Int32Array(ncell * ns);
  const wrap = (v: number, m: number): [number, number] => (v < 0 ? [v + m, -1] : v >= m ? [v - m, 1] : [v, 0]);
  for (let c = 0; c < ncell; c++) {
    const cx = c % nx,
      cy = ((c / nx) | 0) % ny,
      cz = (c / (nx * ny)) | 0;
    stencil.forEach(([ox, oy, oz], k) => {
      const [wx, sx] = wrap(cx + ox, nx);
      const [wy, sy] = wrap(cy + oy, ny);
      const [wz, sz] = wrap(cz + oz, nz);
      around[c * ns + k] = (wz * ny + wy) * nx + wx;
      aroundCode[c * ns + k] = imageCode(sx, sy, sz);
    });
  }
  // a few grids at most in one process (NPT changes the grid rarely); never grows without bound
  if (stencils.size >= 8) stencils.clear();
  const made = { ns, around, aroundCode };
  stencils.set(key, made);
  return made;
}

/**
 * The reference row builder. The inner loop has no branches: each candidate is written, and the
 * count advances only when it is within range (about a third are); the type-pair slots are
 * added in a second pass over the kept entries.
 */
function buildRows(list: NeighborList, s: MdState, cells: CellPairs, rsqMax: number): void {
  const n = s.n;
  const x = s.x;
  const { cellOf, cellStart, cellAtoms, rank, ns, around, aroundCode } = cells;
  const start = list.start;
  const shifts = list.shifts;
  const type = s.type;
  const nt = list.ntypes;
  const pairSlot = list.pairSlot;
  const J_SHIFT = ENTRY_J_SHIFT; // local copies fold into the loop (module bindings are reloaded)
  const CODE_SHIFT = ENTRY_CODE_SHIFT;
  const SAME_IMAGE = imageCode(0, 0, 0);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const nbr = reserve(list, count, n);
    start[i] = count;
    const c = cellOf[i];
    for (let k = -1; k < ns; k++) {
      // k = −1: own cell, atoms after i; otherwise the k-th stencil cell, all atoms
      const cc = k < 0 ? c : around[c * ns + k];
      const code = k < 0 ? SAME_IMAGE : aroundCode[c * ns + k];
      // i relative to j's image: x_i − (x_j + shift) = (x_i − shift) − x_j
      const xi = x[3 * i] - shifts[3 * code],
        yi = x[3 * i + 1] - shifts[3 * code + 1],
        zi = x[3 * i + 2] - shifts[3 * code + 2];
      const codeBits = code << CODE_SHIFT;
      const first = k < 0 ? rank[i] + 1 : cellStart[cc];
      for (let p = first, e = cellStart[cc + 1]; p < e; p++) {
        const j = cellAtoms[p];
        const dx = xi - x[3 * j];
        const dy = yi - x[3 * j + 1];
        const dz = zi - x[3 * j + 2];
        nbr[count] = (j << J_SHIFT) | codeBits;
        // +(bool): the count advances without a branch to mispredict
        count += +(dx * dx + dy * dy + dz * dz < rsqMax);
      }
    }
  }
  start[n] = count;
  // the type-pair slot of the kept entries (a load pair the candidate loop need not do)
  const nbr = list.nbr;
  for (let i = 0; i < n; i++) {
    const ti = type[i] * nt;
    for (let p = start[i], e = start[i + 1]; p < e; p++) nbr[p] |= pairSlot[ti + type[nbr[p] >>> J_SHIFT]];
  }
}

/** Small boxes (fewer than 2·reach + 1 cells a side): every pair by minimum image. */
function buildAllPairs(list: NeighborList, s: MdState, rsqMax: number): void {
  const n = s.n;
  const { x, box, type } = s;
  const nt = list.ntypes;
  const start = list.start;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const nbr = reserve(list, count, n);
    start[i] = count;
    for (let j = i + 1; j < n; j++) {
      const sx = Math.round((x[3 * i] - x[3 * j]) / box[0]);
      const sy = Math.round((x[3 * i + 1] - x[3 * j + 1]) / box[1]);
      const sz = Math.round((x[3 * i + 2] - x[3 * j + 2]) / box[2]);
      const dx = x[3 * i] - x[3 * j] - sx * box[0];
      const dy = x[3 * i + 1] - x[3 * j + 1] - sy * box[1];
      const dz = x[3 * i + 2] - x[3 * j + 2] - sz * box[2];
      if (dx * dx + dy * dy + dz * dz < rsqMax) {
        nbr[count++] =
          (j << ENTRY_J_SHIFT) | (imageCode(sx, sy, sz) << ENTRY_CODE_SHIFT) | list.pairSlot[type[i] * nt + type[j]];
      }
    }
  }
  start[n] = count;
}
