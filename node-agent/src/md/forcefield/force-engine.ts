/**
 * Forces for the integrators: owns the neighbour list, rebuilds it when needed (re-sorting
 * atoms for locality every few builds), and runs the selected kernel plus Ewald's k-space part.
 */
import type { MdState } from '../state.js';
import { buildNeighborList, createNeighborList, needsRebuild, type NeighborList } from '../neighbor/neighbor-list.js';
import { spatialSort } from '../neighbor/spatial-sort.js';
import type { CompiledForceField } from './compile.js';
import { computePairForces } from './pair-kernel.js';
import { addEwaldReciprocal } from './ewald.js';
import { buildPairTable, DEFAULT_TABLE, tabulationObstacle, type PairTable } from './pair-table.js';
import { closeContactForces, tabulatedEnergyVirial, tabulatedForces } from './tabulated-kernel.js';
import { createReport, type ForceReport } from './energy.js';
import { buildTersoffList, computeTersoff, createTersoffList, type TersoffList } from './tersoff.js';

export type KernelChoice = 'tabulated' | 'exact';

export interface ForceEngineOptions {
  /** neighbour-list skin, Å */
  skin: number;
  /** re-sort atoms in memory every this many list builds (0: never) */
  sortEvery: number;
  /**
   * `tabulated` (default): quintic tables in r², ≈1e-10 relative force error, falls back to
   * exact when the system cannot be tabulated; `exact`: the analytic formulas, as LAMMPS.
   */
  kernel: KernelChoice;
  /** table interval in r², Å² */
  tableSpacing: number;
}

export const DEFAULT_FORCE_ENGINE_OPTIONS: ForceEngineOptions = {
  skin: 2,
  sortEvery: 10,
  kernel: 'tabulated',
  tableSpacing: DEFAULT_TABLE.ds,
};

export class ForceEngine {
  readonly list: NeighborList;
  readonly report: ForceReport = createReport();
  readonly options: ForceEngineOptions;
  /** the table in use, or null on the exact path */
  readonly table: PairTable | null;
  /** why the exact path is used although the tabulated one was asked for */
  readonly fallbackReason: string | null;
  /** the Tersoff term's short full list (rebuilt with the main list) */
  readonly tersoffList: TersoffList | null;

  constructor(
    readonly ff: CompiledForceField,
    state: MdState,
    options: Partial<ForceEngineOptions> = {},
  ) {
    this.options = { ...DEFAULT_FORCE_ENGINE_OPTIONS, ...options };
    this.list = createNeighborList(state.n, ff.ntypes, ff.cutoff, this.options.skin);
    this.tersoffList = ff.tersoff ? createTersoffList(state.n) : null;
    const obstacle = this.options.kernel === 'tabulated' ? tabulationObstacle(ff, state) : null;
    this.fallbackReason = obstacle;
    this.table =
      this.options.kernel === 'tabulated' && !obstacle
        ? buildPairTable(ff, state, { ds: this.options.tableSpacing, rInner: DEFAULT_TABLE.rInner })
        : null;
  }

  get kernel(): KernelChoice {
    return this.table ? 'tabulated' : 'exact';
  }

  /** Rebuilds the list (and maybe re-sorts) now, whatever the displacement test says. */
  rebuild(s: MdState): void {
    if (this.options.sortEvery > 0 && this.list.builds % this.options.sortEvery === 0)
      spatialSort(s, this.ff.cutoff + this.options.skin);
    buildNeighborList(this.list, s);
    if (this.tersoffList) buildTersoffList(this.tersoffList, this.list, s, this.ff.tersoff!, this.options.skin);
  }

  /** Forces into s.f; energies and virial into `report` when withEnergy. */
  compute(s: MdState, withEnergy: boolean): void {
    if (needsRebuild(this.list, s)) this.rebuild(s);
    if (this.table) {
      if (tabulatedForces(s, this.list, this.table) > 0) closeContactForces(s, this.list, this.ff, this.table);
      if (withEnergy) tabulatedEnergyVirial(s, this.list, this.ff, this.table, this.report);
    } else computePairForces(s, this.list, this.ff, this.report, withEnergy);
    // few-body terms add to the pair forces (exact on both paths: they are a small part of a step)
    if (this.tersoffList) {
      const e = computeTersoff(s, this.tersoffList, this.ff.tersoff!, this.report.virial, withEnergy);
      if (withEnergy) this.report.manybody = e;
    }
    if (this.ff.ewald) addEwaldReciprocal(s, this.ff.ewald, this.ff.qqrd2e, this.report, withEnergy);
  }
}

/** Bytes held in typed arrays by a state and its force engine, by part (deterministic, unlike heap readings). */
export function engineMemory(
  s: MdState,
  engine: ForceEngine,
): { state: number; neighborList: number; tables: number; total: number } {
  const state = [s.x, s.v, s.f, s.image, s.type, s.q, s.id, s.mass].reduce((a, b) => a + b.byteLength, 0);
  const l = engine.list;
  const neighborList = l.start.byteLength + l.nbr.byteLength + l.x0.byteLength + l.shifts.byteLength;
  const t = engine.table;
  const tables = t ? t.force.byteLength + t.energy.byteLength : 0;
  const tl = engine.tersoffList;
  const manybody = tl ? tl.start.byteLength + tl.nbr.byteLength + tl.shift.byteLength : 0;
  return { state, neighborList: neighborList + manybody, tables, total: state + neighborList + manybody + tables };
}
