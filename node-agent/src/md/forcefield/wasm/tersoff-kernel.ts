/**
 * Host of the WebAssembly Tersoff kernel (tersoff-forces.as.ts, in the same module as the pair
 * kernel). Its own instance and memory: the parameter table and type map once, the term's short
 * list at each rebuild, positions every step (n · 24 bytes); the forces come back added to s.f.
 * computeTersoff (../tersoff.ts) stays the reference and the path of the JS kernels.
 */
import type { MdState } from '../../state.js';
import type { CompiledTersoff, TersoffList } from '../tersoff.js';
import { align16, growKernelMemory, kernelInstance } from './wasm-kernel.js';

interface TersoffExports {
  heapBase(): number;
  tersoffForces(
    n: number,
    xAt: number,
    fAt: number,
    typeAt: number,
    teAt: number,
    nel: number,
    paramsAt: number,
    startAt: number,
    nbrAt: number,
    shiftAt: number,
    sjAt: number,
    sdAt: number,
    sr2At: number,
    cutSq: number,
    withEnergy: number,
    virialAt: number,
  ): number;
}

export class WasmTersoffKernel {
  private readonly memory: WebAssembly.Memory;
  private readonly exports: TersoffExports;
  private readonly paramsAt: number;
  private readonly teAt: number;
  private readonly typeAt: number;
  private readonly xAt: number;
  private readonly fAt: number;
  private readonly virialAt: number;
  private readonly startAt: number;
  /** where the list's entries, their shifts and the per-atom scratch start (after each load) */
  private readonly listAt: number;
  private nbrAt = 0;
  private shiftAt = 0;
  private sjAt = 0;
  private sdAt = 0;
  private sr2At = 0;
  private f64: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private i32: Int32Array<ArrayBufferLike> = new Int32Array(0);
  /** the list build whose copy is in memory */
  private loaded = -1;

  constructor(
    private readonly n: number,
    private readonly t: CompiledTersoff,
  ) {
    const { memory, exports, take, at } = kernelInstance<TersoffExports>();
    this.memory = memory;
    this.exports = exports;
    this.paramsAt = take(t.params.byteLength);
    this.teAt = take(t.typeElement.byteLength);
    this.typeAt = take(n * 4);
    this.xAt = take(n * 24);
    this.fAt = take(n * 24);
    this.virialAt = take(6 * 8);
    this.startAt = take((n + 1) * 4);
    this.listAt = at();
    this.ensureBytes(this.listAt);
    this.f64.set(t.params, this.paramsAt / 8);
    this.i32.set(t.typeElement, this.teAt / 4);
  }

  private ensureBytes(bytes: number): void {
    if (
      growKernelMemory(this.memory, bytes, 'WebAssembly Tersoff kernel: needs more than 2 GiB') ||
      this.f64.length === 0
    ) {
      this.f64 = new Float64Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
  }

  /** Copies a new build of the list in (types too: atoms are re-sorted only at rebuilds). */
  private load(s: MdState, tl: TersoffList): void {
    const entries = tl.start[this.n];
    const most = Math.max(1, tl.maxNeighbors);
    this.nbrAt = this.listAt;
    this.shiftAt = align16(this.nbrAt + entries * 4);
    this.sjAt = align16(this.shiftAt + entries * 24);
    this.sdAt = align16(this.sjAt + most * 4);
    this.sr2At = align16(this.sdAt + most * 24);
    this.ensureBytes(this.sr2At + most * 8);
    this.i32.set(s.type, this.typeAt / 4);
    this.i32.set(tl.start.subarray(0, this.n + 1), this.startAt / 4);
    this.i32.set(tl.nbr.subarray(0, entries), this.nbrAt / 4);
    this.f64.set(tl.shift.subarray(0, 3 * entries), this.shiftAt / 8);
    this.loaded = tl.builds;
  }

  /** The box was scaled: the copy of the list's shifts follows (the same products as the list's). */
  scaleShifts(tl: TersoffList, factor: number): void {
    if (this.loaded !== tl.builds) return;
    const o = this.shiftAt / 8;
    for (let k = 0; k < 3 * tl.start[this.n]; k++) this.f64[o + k] *= factor;
  }

  /** Adds the term's forces to s.f; returns its energy and adds its virial when withEnergy. */
  forces(s: MdState, tl: TersoffList, virial: Float64Array, withEnergy: boolean): number {
    if (this.loaded !== tl.builds) this.load(s, tl);
    const f64 = this.f64;
    f64.set(s.x, this.xAt / 8);
    const t = this.t;
    const energy = this.exports.tersoffForces(this.n, this.xAt, this.fAt, this.typeAt, this.teAt, t.nel,
      this.paramsAt, this.startAt, this.nbrAt, this.shiftAt, this.sjAt, this.sdAt, this.sr2At, t.cutoff * t.cutoff,
      withEnergy ? 1 : 0, this.virialAt); // prettier-ignore
    const f = s.f;
    const o = this.fAt / 8;
    for (let k = 0; k < 3 * this.n; k++) f[k] += f64[o + k];
    if (withEnergy) for (let k = 0; k < 6; k++) virial[k] += f64[this.virialAt / 8 + k];
    return energy;
  }

  /** Bytes of the kernel's memory. */
  get bytes(): number {
    return this.memory.buffer.byteLength;
  }
}
