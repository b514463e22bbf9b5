/**
 * Host of the WebAssembly kernels: the SIMD pair forces (pair-forces.as.ts) and the neighbour
 * list's row builder (neighbor/wasm/build-rows.as.ts). Loads the module built by `npm ci`
 * (`npm run build:wasm`), lays out its memory and copies the state in and out.
 *
 * The kernel reads its own copies: positions every step (n · 24 bytes, a memcpy) and the table
 * once. The list is built in its memory (and copied out for the JS passes: energies, few-body
 * terms), or copied in when the JS builder made it. Forces come back into s.f; pairs closer
 * than the table's start are left to the caller, as with the JS kernel.
 *
 * The kernel reads a pruned copy of the list's rows (pairForces): the pairs within the cutoff
 * plus `pruneReach`, pruned again whenever an atom has moved half that reach since the last
 * pruning (the list's own rebuild test, on a shorter skin), and at every build.
 *
 * With threads > 1 the rows are split into contiguous blocks of about equal pair counts, one
 * per thread (this one and helpers, kernel-threads.ts); each block writes its own force array in
 * the shared memory (whichever thread computes it) and this thread sums them in block order, so
 * a given thread count always gives the same forces. The list's rows are built in blocks too,
 * each in its own stretch of the list's room, then moved together: the same list as one thread
 * builds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { volume, type MdState } from '../../state.js';
import {
  movedTooFar,
  reserve,
  type CellPairs,
  type NeighborList,
  type RowBuilder,
} from '../../neighbor/neighbor-list.js';
import { TABLE_STRIDE, type PairTable } from '../pair-table.js';
import { KernelThreads, type KernelExports, type KernelJob } from './kernel-threads.js';

/** node-agent/dist/wasm/, reached from src/md/forcefield/wasm/ and dist/md/forcefield/wasm/ alike */
const WASM_FILE = fileURLToPath(new URL('../../../../dist/wasm/md-kernels.wasm', import.meta.url));
const PAGE = 65536;
/** the module declares a shared memory of at most this many pages (2 GiB: ≈ 10⁶ atoms) */
const MAX_PAGES = 32768;

let compiled: WebAssembly.Module | string | undefined;

/**
 * How far past the cutoff the pruned rows reach by default, Å. Shorter rows make each step's
 * first pass cheaper but are pruned again more often. Measured on the 3000-atom NS9 melt at
 * 2000 K, skin 2 Å, one process, alternating 500-step segments (`npm run bench:prune`,
 * docs/performance.md): unpruned 178–222 steps/s, 0.4 Å 261–269 (re-pruned every 6 steps);
 * 0.2–0.8 Å within the noise of each other.
 */
export const DEFAULT_PRUNE_REACH = 0.4;
/** pairForces's sPrune argument (0: read the pruned rows; > 0: prune to that reach² first) */
const PRUNE_ARG = 14;
/** buildRows's base argument (where a block's entries start) */
const BASE_ARG = 16;

/** The compiled module, or why there is none (file missing, SIMD not supported). Cached. */
function wasmKernelModule(): WebAssembly.Module | string {
  if (compiled === undefined) {
    if (!existsSync(WASM_FILE)) compiled = `${WASM_FILE} is missing (built by npm run build:wasm)`;
    else {
      try {
        compiled = new WebAssembly.Module(readFileSync(WASM_FILE));
      } catch (e) {
        compiled = `this runtime cannot compile the SIMD kernel (${(e as Error).message})`;
      }
    }
  }
  return compiled;
}

/** Why the WebAssembly kernel cannot run here, or null when it can. */
export function wasmKernelObstacle(): string | null {
  const m = wasmKernelModule();
  return typeof m === 'string' ? m : null;
}

export const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * A new instance of the kernels' module on a shared memory of its own, and a bump allocator for
 * its fixed layout, which starts after the module's static data (Math's tables: every instance
 * writes them at the start of memory). `at()` is the first byte after what was taken.
 */
export function kernelInstance<E extends { heapBase(): number }>(): {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  exports: E;
  take: (bytes: number) => number;
  at: () => number;
} {
  const module = wasmKernelModule();
  if (typeof module === 'string') throw new Error(`WebAssembly kernel unavailable: ${module}`);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as E;
  let at = align16(exports.heapBase());
  const take = (bytes: number): number => {
    const start = at;
    at = align16(at + bytes);
    return start;
  };
  return { module, memory, exports, take, at: () => at };
}

/** Grows `memory` to reach `bytes`; true when it grew (views on it must be renewed). */
export function growKernelMemory(memory: WebAssembly.Memory, bytes: number, tooLarge: string): boolean {
  const pages = Math.ceil(bytes / PAGE);
  if (pages > MAX_PAGES) throw new Error(tooLarge);
  const have = memory.buffer.byteLength / PAGE;
  if (pages <= have) return false;
  memory.grow(pages - have);
  return true;
}

/** One simulation's kernel instance: its memory holds the table, positions, forces and list. */
export class WasmPairKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly exports: KernelExports;
  private readonly coefAt: number;
  private readonly energyAt: number;
  private readonly shiftsAt: number;
  private readonly xAt: number;
  /** each thread's force array and scratch */
  private readonly fAt: number[] = [];
  private readonly scratchAt: number[] = [];
  private readonly startAt: number;
  private readonly nbrAt: number;
  /** each row's end in the pruned copy (which sits after the list's room, at innerAt()) */
  private readonly endAt: number;
  /** thread k computes rows rows[k] … rows[k+1]−1 */
  private readonly rows: Int32Array;
  private readonly helpers: KernelThreads | null;
  /** each block's result in a round (close pairs, or where a block's rows end) */
  private readonly results: Float64Array;
  private nbrCapacity = 0;
  private f64: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private i32: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** the list build whose entries are in memory, and the build the row builder is making */
  private listBuild = -1;
  private builtHere = -1;
  /** positions at the last pruning, the list's box scale then, and the reach² pruned to */
  private readonly pruneX: Float64Array;
  private pruneScale = 1;
  private sPrune = 0;
  /** whether the next forces() call prunes (the value of its sPrune argument) */
  private pruneArg = -1;
  /** prunings so far (at builds and between them) */
  prunings = 0;
  /** each thread's kernel arguments for the forces and for the energy pass (they change with the list only) */
  private blockArgs: Parameters<KernelExports['pairForces']>[] = [];
  private energyArgs: Parameters<KernelExports['pairEnergyVirial']>[] = [];

  constructor(
    private readonly n: number,
    private readonly table: PairTable,
    readonly threads = 1,
    /** how far past the cutoff the pruned rows reach, Å (at most the list's skin) */
    private readonly pruneReach = DEFAULT_PRUNE_REACH,
  ) {
    const { module, memory, exports, take, at } = kernelInstance<KernelExports>();
    this.memory = memory;
    this.exports = exports;
    this.coefAt = take(table.force.byteLength);
    this.energyAt = take(table.energy.byteLength);
    this.shiftsAt = take(27 * 24);
    this.xAt = take(n * 24);
    for (let k = 0; k < threads; k++) {
      this.fAt.push(take(n * 24));
      this.scratchAt.push(take(this.exports.scratchBytes()));
    }
    this.startAt = take((n + 1) * 4);
    this.endAt = take(n * 4);
    this.nbrAt = at();
    this.pruneX = new Float64Array(3 * n);
    this.ensureBytes(this.nbrAt);
    this.views();
    this.f64.set(table.force, this.coefAt / 8);
    this.f64.set(table.energy, this.energyAt / 8);
    this.rows = new Int32Array(threads + 1);
    this.results = new Float64Array(threads);
    this.helpers = threads > 1 ? new KernelThreads(module, this.memory, threads - 1, exports) : null;
  }

  private views(): void {
    this.f64 = new Float64Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Makes memory reach `bytes` (shared memory grows in place: views are renewed). */
  private ensureBytes(bytes: number): void {
    if (growKernelMemory(this.memory, bytes, 'WebAssembly kernel: needs more than 2 GiB (the neighbour list)'))
      this.views();
  }

  /** Where the pruned rows go: after the list's room (each row at the list row's start). */
  private innerAt(): number {
    return align16(this.nbrAt + this.nbrCapacity * 4);
  }

  /** The first free byte: after the pruned rows' room. */
  private endOfLists(): number {
    return align16(this.innerAt() + this.nbrCapacity * 4);
  }

  /** Room for `entries` list entries (and as many pruned); grown by half again, as the list itself, so rarely. */
  private ensureCapacity(entries: number): void {
    if (entries <= this.nbrCapacity) return;
    this.nbrCapacity = Math.ceil(entries * 1.5);
    this.ensureBytes(this.endOfLists());
  }

  /** New image shifts for the list in use (the box was scaled). */
  private setShifts(shifts: Float64Array): void {
    this.f64.set(shifts, this.shiftsAt / 8);
  }

  /** Takes up the list after a rebuild: copies it in unless the row builder made it here. */
  private loadList(list: NeighborList): void {
    if (this.builtHere !== list.builds) {
      const used = list.start[this.n];
      this.ensureCapacity(used);
      this.i32.set(list.start.subarray(0, this.n + 1), this.startAt / 4);
      this.i32.set(list.nbr.subarray(0, used), this.nbrAt / 4);
      this.f64.set(list.shifts, this.shiftsAt / 8);
    }
    this.splitRows(list.start);
    this.listBuild = list.builds;
    this.sPrune = (list.cutoff + Math.min(this.pruneReach, list.skin)) ** 2;
    this.pruneArg = -1;
    this.blockArgs = Array.from({ length: this.threads }, (_, k) => this.args(k));
    this.energyArgs = Array.from({ length: this.threads }, (_, k) => this.energyPassArgs(k));
  }

  /** Contiguous row blocks of about equal pair counts, one per thread. */
  private splitRows(start: Int32Array): void {
    const total = start[this.n];
    let i = 0;
    for (let k = 1; k < this.threads; k++) {
      const goal = (total * k) / this.threads;
      while (i < this.n && start[i] < goal) i++;
      this.rows[k] = i;
    }
    this.rows[this.threads] = this.n;
  }

  /** The kernel's arguments for thread k, in pairForces's order. */
  private args(k: number): Parameters<KernelExports['pairForces']> {
    const t = this.table;
    return [
      this.n,
      this.rows[k],
      this.rows[k + 1],
      this.xAt,
      this.fAt[k],
      this.startAt,
      this.nbrAt,
      this.innerAt(),
      this.endAt,
      this.shiftsAt,
      this.coefAt,
      this.scratchAt[k],
      t.sInner,
      t.sCut,
      0,
      t.invDs,
      t.intervals * TABLE_STRIDE,
      t.intervals,
    ];
  }

  /** pairEnergyVirial's arguments for thread k: the same rows, its own scratch for the sums. */
  private energyPassArgs(k: number): Parameters<KernelExports['pairEnergyVirial']> {
    const t = this.table;
    return [
      this.rows[k], this.rows[k + 1], this.xAt, this.startAt, this.innerAt(), this.endAt, this.shiftsAt, this.coefAt,
      this.energyAt, this.scratchAt[k], t.sInner, t.sCut, t.invDs, t.intervals * TABLE_STRIDE, t.intervals,
    ]; // prettier-ignore
  }

  /** One round of `job` over the blocks (args[k] is block k's), on the helpers too when there are some; results in this.results. */
  private runBlocks<J extends KernelJob>(job: J, args: readonly Parameters<KernelExports[J]>[]): void {
    if (this.helpers) this.helpers.round(job, args, this.results);
    else this.results[0] = (this.exports[job] as (...a: number[]) => number)(...args[0]);
  }

  /**
   * The row builder for buildNeighborList: the JS builder's rows, made in this memory (where the
   * pair kernel reads them) and copied out into the list for the JS passes. With threads, each
   * thread builds a block of rows in its own stretch of the list's room (blocks as the last
   * list's, or equal atom counts at the first build), and the stretches are then moved together.
   */
  readonly buildRows: RowBuilder = (list: NeighborList, s: MdState, cells: CellPairs, rsqMax: number): void => {
    const n = this.n;
    // a first room for the pairs a uniform density gives (½ n · ρ · 4π/3 r³), so that the first
    // build need not outgrow it and start again
    const uniform = (n * n * (2 * Math.PI) * rsqMax ** 1.5) / (3 * volume(s));
    this.ensureCapacity(Math.max(this.nbrCapacity, Math.ceil(1.2 * uniform), cells.rowBound * this.threads));
    if (this.rows[this.threads] !== n)
      for (let k = 1; k <= this.threads; k++) this.rows[k] = Math.floor((n * k) / this.threads);
    for (;;) {
      const fixed = this.builderInputs(list, s, cells);
      const args = Array.from({ length: this.threads }, (_, k) => {
        const [i0, i1] = [this.rows[k], this.rows[k + 1]];
        // block k's stretch of the room, in proportion to its atoms
        const base = Math.floor((this.nbrCapacity * i0) / n);
        const limit = k + 1 < this.threads ? Math.floor((this.nbrCapacity * i1) / n) : this.nbrCapacity;
        return [i0, i1, ...fixed, base, limit, cells.rowBound, rsqMax] as Parameters<KernelExports['buildRows']>;
      });
      this.runBlocks('buildRows', args);
      if (this.results.every((end) => end >= 0)) {
        const count = this.joinBlocks(args.map((a) => a[BASE_ARG]));
        list.start.set(this.i32.subarray(this.startAt / 4, this.startAt / 4 + n + 1));
        reserve(list, 0, count).set(this.i32.subarray(this.nbrAt / 4, this.nbrAt / 4 + count));
        // buildNeighborList counts the build after this returns
        this.builtHere = list.builds + 1;
        return;
      }
      this.ensureCapacity(Math.ceil(this.nbrCapacity * 1.5) + cells.rowBound * this.threads);
    }
  };

  /**
   * The row builder's inputs, copied after the list's room (they live for one build); returns
   * buildRows's arguments from xAt to nbrAt.
   */
  private builderInputs(list: NeighborList, s: MdState, cells: CellPairs): number[] {
    const inputs = [s.type, list.pairSlot, cells.cellOf, cells.cellStart, cells.cellAtoms, cells.rank, cells.around, cells.aroundCode]; // prettier-ignore
    let at = this.endOfLists();
    this.ensureBytes(at + inputs.reduce((sum, a) => sum + align16(a.byteLength), 0));
    const [typeAt, slotAt, cellOfAt, cellStartAt, cellAtomsAt, rankAt, aroundAt, codeAt] = inputs.map((a) => {
      const where = at;
      this.i32.set(a, where / 4);
      at = align16(at + a.byteLength);
      return where;
    });
    this.f64.set(s.x, this.xAt / 8);
    this.f64.set(list.shifts, this.shiftsAt / 8);
    return [this.xAt, typeAt, slotAt, list.ntypes, cellOfAt, cellStartAt, cellAtomsAt, rankAt, aroundAt, codeAt,
      cells.ns, this.shiftsAt, this.startAt, this.nbrAt]; // prettier-ignore
  }

  /**
   * Moves each block's entries (from its base, up to where it ended: this.results) next to the
   * previous block's and shifts its rows' starts to match; returns the entry count.
   */
  private joinBlocks(bases: number[]): number {
    const nbr = this.nbrAt / 4;
    const start = this.startAt / 4;
    let end = this.results[0];
    for (let k = 1; k < this.threads; k++) {
      const gap = bases[k] - end;
      if (gap > 0) {
        this.i32.copyWithin(nbr + end, nbr + bases[k], nbr + this.results[k]);
        for (let i = this.rows[k]; i < this.rows[k + 1]; i++) this.i32[start + i] -= gap;
      }
      end += this.results[k] - bases[k];
    }
    this.i32[start + this.n] = end;
    return end;
  }

  /** Forces into s.f from the tables; returns how many pairs were too close for them (not applied). */
  forces(s: MdState, list: NeighborList): number {
    if (list.builds !== this.listBuild) this.loadList(list);
    this.setPruning(this.pruningDue(s, list) ? this.sPrune : 0);
    this.f64.set(s.x, this.xAt / 8);
    this.runBlocks('pairForces', this.blockArgs);
    this.sumForces(s.f);
    let close = 0;
    for (let k = 0; k < this.threads; k++) close += this.results[k];
    return close;
  }

  /**
   * Whether this step prunes: at a new list, or when an atom has moved half the pruned reach
   * since the last pruning (whose positions and box scale it then records).
   */
  private pruningDue(s: MdState, list: NeighborList): boolean {
    const reach = Math.sqrt(this.sPrune) - list.cutoff;
    const prune = this.pruneArg < 0 || movedTooFar(s.x, this.pruneX, list.cutoff, reach, list.scale / this.pruneScale);
    if (prune) {
      this.prunings++;
      this.pruneX.set(s.x);
      this.pruneScale = list.scale;
    }
    return prune;
  }

  /** Sets every thread's sPrune argument. */
  private setPruning(sPrune: number): void {
    if (sPrune === this.pruneArg) return;
    this.pruneArg = sPrune;
    for (let k = 0; k < this.threads; k++) this.blockArgs[k][PRUNE_ARG] = sPrune;
  }

  /** The box was scaled by `factor` about lo: new image shifts, and the pruning's positions follow. */
  boxScaled(shifts: Float64Array, lo: Float64Array, factor: number): void {
    this.setShifts(shifts);
    const x = this.pruneX;
    for (let k = 0; k < x.length; k++) x[k] = lo[k % 3] + factor * (x[k] - lo[k % 3]);
  }

  /**
   * Energy and virial of the listed pairs from the tables (thermo steps), in the force pass's
   * blocks, summed in block order: out[0] the energy, out[1 … 6] the virial xx yy zz xy xz yz.
   * Returns how many pairs were too close for the tables (left out, as by forces()).
   */
  energyVirial(s: MdState, list: NeighborList, out: Float64Array): number {
    // the pruned rows it reads are made by forces()
    if (list.builds !== this.listBuild) throw new Error('WebAssembly kernel: energyVirial before forces on this list');
    this.f64.set(s.x, this.xAt / 8);
    this.runBlocks('pairEnergyVirial', this.energyArgs);
    out.fill(0);
    let close = 0;
    for (let k = 0; k < this.threads; k++) {
      for (let c = 0; c < 7; c++) out[c] += this.f64[this.scratchAt[k] / 8 + c];
      close += this.results[k];
    }
    return close;
  }

  /** s.f = Σ_k f_k, in thread order (the same sum for the same thread count). */
  private sumForces(f: Float64Array): void {
    const m = 3 * this.n;
    f.set(this.f64.subarray(this.fAt[0] / 8, this.fAt[0] / 8 + m));
    const f64 = this.f64;
    for (let k = 1; k < this.threads; k++) {
      const o = this.fAt[k] / 8;
      for (let i = 0; i < m; i++) f[i] += f64[o + i];
    }
  }

  /** Ends the helper threads (the kernel is unusable afterwards). */
  dispose(): void {
    this.helpers?.stop();
  }

  /** Bytes of the kernel's memory. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }
}
