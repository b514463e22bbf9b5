/**
 * Forces for the integrators: owns the neighbour list, rebuilds it when needed (re-sorting
 * atoms for locality every few builds), and runs the selected kernel plus Ewald's k-space part.
 */
import type { MdState } from '../state.js';
import {
  buildNeighborList,
  createNeighborList,
  needsRebuild,
  setShifts,
  type NeighborList,
} from '../neighbor/neighbor-list.js';
import { spatialSort } from '../neighbor/spatial-sort.js';
import type { CompiledForceField } from './compile.js';
import { computePairForces } from './pair-kernel.js';
import { addEwaldReciprocal } from './ewald.js';
import { buildPairTable, DEFAULT_TABLE, tabulationObstacle, type PairTable } from './pair-table.js';
import {
  closeContactEnergyVirial,
  closeContactForces,
  setPairEnergy,
  tabulatedEnergyVirial,
  tabulatedForces,
} from './tabulated-kernel.js';
import { createReport, type ForceReport } from './energy.js';
import { buildTersoffList, computeTersoff, createTersoffList, type TersoffList } from './tersoff.js';
import { DEFAULT_PRUNE_REACH, WasmPairKernel, wasmKernelObstacle } from './wasm/wasm-kernel.js';
import { WasmTersoffKernel } from './wasm/tersoff-kernel.js';

/** The pair kernels, fastest first: each falls back to the next when it cannot run. */
export const KERNELS = ['wasm', 'tabulated', 'exact'] as const;
export type KernelChoice = (typeof KERNELS)[number];
/** More threads than this per simulation would each get too few rows to pay for a round. */
export const MAX_KERNEL_THREADS = 64;
/**
 * Fewer atoms per thread than this and a round's synchronisation costs more than it saves
 * (measured: 600 atoms ran 1.5× slower on 2 threads than on 1), so the engine uses fewer.
 */
export const MIN_ATOMS_PER_THREAD = 1000;

export interface ForceEngineOptions {
  /** neighbour-list skin, Å */
  skin: number;
  /** re-sort atoms in memory every this many list builds (0: never) */
  sortEvery: number;
  /**
   * `wasm` (default): the tables in a WebAssembly SIMD kernel, two pairs per instruction;
   * `tabulated`: the same tables in JS (the reference of the fast path), quintics in r², ≈1e-10
   * relative force error; `exact`: the analytic formulas, as LAMMPS. A kernel that cannot run
   * (system not tabulable, no WebAssembly SIMD) falls back to the next one, saying why.
   */
  kernel: KernelChoice;
  /** table interval in r², Å² */
  tableSpacing: number;
  /** threads computing the pair forces (the wasm kernel; the JS kernels run on one) */
  threads: number;
  /**
   * the wasm kernel's pruned rows reach this far past the cutoff, Å (wasm-kernel.ts); at or
   * above the skin, the rows are the list's own
   */
  pruneReach: number;
}

export const DEFAULT_FORCE_ENGINE_OPTIONS: ForceEngineOptions = {
  skin: 2,
  sortEvery: 10,
  kernel: 'wasm',
  tableSpacing: DEFAULT_TABLE.ds,
  threads: 1,
  pruneReach: DEFAULT_PRUNE_REACH,
};

export class ForceEngine {
  readonly list: NeighborList;
  readonly report: ForceReport = createReport();
  readonly options: ForceEngineOptions;
  /** the table in use, or null on the exact path */
  readonly table: PairTable | null;
  /** why a slower kernel runs than the one asked for */
  readonly fallbackReason: string | null;
  /** the WebAssembly kernel, or null when the JS paths run */
  readonly wasm: WasmPairKernel | null;
  /** the Tersoff term's short full list (rebuilt with the main list) */
  readonly tersoffList: TersoffList | null;
  /** the Tersoff term in WebAssembly (with the wasm pair kernel), or null: computeTersoff in JS */
  readonly tersoffWasm: WasmTersoffKernel | null;
  /** the WebAssembly energy pass's results: energy, then the virial */
  private readonly energyOut = new Float64Array(7);

  constructor(
    readonly ff: CompiledForceField,
    state: MdState,
    options: Partial<ForceEngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_FORCE_ENGINE_OPTIONS, ...options };
    this.list = createNeighborList(state.n, ff.ntypes, ff.cutoff, this.options.skin);
    this.tersoffList = ff.tersoff ? createTersoffList(state.n) : null;
    const wanted = this.options.kernel;
    const tableObstacle = wanted === 'exact' ? null : tabulationObstacle(ff, state);
    const wasmObstacle = wanted === 'wasm' && !tableObstacle ? wasmKernelObstacle() : null;
    this.fallbackReason = tableObstacle ?? wasmObstacle;
    this.table =
      wanted !== 'exact' && !tableObstacle
        ? buildPairTable(ff, state, { ds: this.options.tableSpacing, rInner: DEFAULT_TABLE.rInner })
        : null;
    this.wasm =
      this.table && wanted === 'wasm' && !wasmObstacle
        ? new WasmPairKernel(state.n, this.table, kernelThreads(state.n, this.options.threads), this.options.pruneReach)
        : null;
    this.tersoffWasm = this.wasm && ff.tersoff ? new WasmTersoffKernel(state.n, ff.tersoff) : null;
  }

  /** threads computing the pair forces (1 on the JS kernels) */
  get threads(): number {
    return this.wasm?.threads ?? 1;
  }

  get kernel(): KernelChoice {
    return this.wasm ? 'wasm' : this.table ? 'tabulated' : 'exact';
  }

  /** Rebuilds the list (and maybe re-sorts) now, whatever the displacement test says. */
  rebuild(s: MdState): void {
    if (this.options.sortEvery > 0 && this.list.builds % this.options.sortEvery === 0)
      spatialSort(s, this.ff.cutoff + this.options.skin);
    buildNeighborList(this.list, s, this.wasm?.buildRows);
    if (this.tersoffList) buildTersoffList(this.tersoffList, this.list, s, this.ff.tersoff!, this.options.skin);
  }

  /**
   * Scales the box and the positions by `factor` about the box's lower corner (an isotropic
   * barostat step) and keeps the neighbour list: its image shifts follow the box, its reference
   * positions are scaled alike (so the displacement test sees motion, not the scaling), and the
   * test accounts for the distances shrunk since the build (NeighborList.scale).
   */
  rescaleBox(s: MdState, factor: number): void {
    if (this.ff.ewald) throw new Error('a changing box needs the Ewald k-vectors rebuilt: use a DSF Coulomb with NPT');
    const { x, lo, box } = s;
    for (let i = 0; i < s.n; i++) for (let d = 0; d < 3; d++) x[3 * i + d] = lo[d] + factor * (x[3 * i + d] - lo[d]);
    for (let d = 0; d < 3; d++) box[d] *= factor;
    const l = this.list;
    for (let i = 0; i < s.n; i++)
      for (let d = 0; d < 3; d++) l.x0[3 * i + d] = lo[d] + factor * (l.x0[3 * i + d] - lo[d]);
    l.scale *= factor;
    setShifts(l, box);
    this.wasm?.boxScaled(l.shifts, lo, factor);
    if (this.tersoffList) {
      for (let k = 0; k < this.tersoffList.shift.length; k++) this.tersoffList.shift[k] *= factor;
      this.tersoffWasm?.scaleShifts(this.tersoffList, factor);
    }
  }

  /** Ends the kernel's helper threads, if any (call when the simulation is done with the engine). */
  dispose(): void {
    this.wasm?.dispose();
  }

  /** The tables' energy and virial by the WebAssembly kernel, close contacts by the formulas. */
  private wasmEnergyVirial(s: MdState, table: PairTable): void {
    const out = this.energyOut;
    const close = this.wasm!.energyVirial(s, this.list, out);
    const v = this.report.virial;
    v.set(out.subarray(1, 7));
    const e = close > 0 ? closeContactEnergyVirial(s, this.list, this.ff, table, v) : 0;
    setPairEnergy(s, this.ff, this.report, out[0] + e);
  }

  /** Forces into s.f; energies and virial into `report` when withEnergy. */
  compute(s: MdState, withEnergy: boolean): void {
    if (needsRebuild(this.list, s)) this.rebuild(s);
    if (this.table) {
      const close = this.wasm ? this.wasm.forces(s, this.list) : tabulatedForces(s, this.list, this.table);
      if (close > 0) closeContactForces(s, this.list, this.ff, this.table);
      if (withEnergy) {
        if (this.wasm) this.wasmEnergyVirial(s, this.table);
        else tabulatedEnergyVirial(s, this.list, this.ff, this.table, this.report);
      }
    } else computePairForces(s, this.list, this.ff, this.report, withEnergy);
    // few-body terms add to the pair forces (exact formulas on every path, in WebAssembly with its kernel)
    if (this.tersoffList) {
      const e = this.tersoffWasm
        ? this.tersoffWasm.forces(s, this.tersoffList, this.report.virial, withEnergy)
        : computeTersoff(s, this.tersoffList, this.ff.tersoff!, this.report.virial, withEnergy);
      if (withEnergy) this.report.manybody = e;
    }
    if (this.ff.ewald) addEwaldReciprocal(s, this.ff.ewald, this.ff.qqrd2e, this.report, withEnergy);
  }
}

/** The threads a simulation of n atoms gets when `wanted` are asked for. */
export function kernelThreads(n: number, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(n / MIN_ATOMS_PER_THREAD)));
}

/** Bytes held in typed arrays by a state and its force engine, by part (deterministic, unlike heap readings). */
export function engineMemory(
  s: MdState,
  engine: ForceEngine,
): { state: number; neighborList: number; tables: number; kernel: number; total: number } {
  const state = [s.x, s.v, s.f, s.image, s.type, s.q, s.id, s.mass].reduce((a, b) => a + b.byteLength, 0);
  const l = engine.list;
  const neighborList = l.start.byteLength + l.nbr.byteLength + l.x0.byteLength + l.shifts.byteLength;
  const t = engine.table;
  const tables = t ? t.force.byteLength + t.energy.byteLength : 0;
  // the WebAssembly kernel's own copies of positions, forces, list and table
  const kernel = (engine.wasm?.bytes ?? 0) + (engine.tersoffWasm?.bytes ?? 0);
  const tl = engine.tersoffList;
  const manybody = tl ? tl.start.byteLength + tl.nbr.byteLength + tl.shift.byteLength : 0;
  const total = state + neighborList + manybody + tables + kernel;
  return { state, neighborList: neighborList + manybody, tables, kernel, total };
}
