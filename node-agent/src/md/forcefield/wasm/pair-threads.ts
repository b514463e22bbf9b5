/**
 * Helper threads of the WebAssembly pair kernel: each instantiates the same module on the same
 * shared memory and computes its block of rows when the owning thread says so. One step is
 * one round: the owner bumps a generation counter and wakes the helpers (Atomics.notify),
 * computes its own block, then waits until every helper has counted itself done. No messages
 * and no copies per step. Both sides poll briefly before sleeping on a futex, since a wake-up
 * costs tens of µs against a few milliseconds of pair work.
 */
import { Worker } from 'node:worker_threads';

export interface PairForcesExports {
  pairForces(
    n: number,
    i0: number,
    i1: number,
    xAt: number,
    fAt: number,
    startAt: number,
    nbrAt: number,
    shiftsAt: number,
    coefAt: number,
    scratchAt: number,
    sInner: number,
    sCut: number,
    invDs: number,
    rowsPerSlot: number,
    intervals: number,
  ): number;
  scratchBytes(): number;
  buildRows(
    n: number,
    xAt: number,
    typeAt: number,
    slotAt: number,
    ntypes: number,
    cellOfAt: number,
    cellStartAt: number,
    cellAtomsAt: number,
    rankAt: number,
    aroundAt: number,
    codeAt: number,
    ns: number,
    shiftsAt: number,
    startAt: number,
    nbrAt: number,
    capacity: number,
    rowBound: number,
    rsqMax: number,
  ): number;
}

/** pairForces's argument count, plus one slot for the helper's result */
const ARGS_PER_THREAD = 16;
/** control words: generation, helpers done, stop, a helper failed */
const GENERATION = 0;
const DONE = 1;
const STOP = 2;
const FAILED = 3;
/**
 * polls of a control word before sleeping on it (tens of µs): enough to catch a round that
 * follows at once, little enough not to starve the other thread when cores are oversubscribed
 */
const SPINS = 20_000;
/** a round that makes no progress for this long means a helper is gone */
const STALL_MS = 60_000;

interface HelperData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
  /** pairForces's argument count; the slot after them takes the result */
  argc: number;
  spins: number;
}

/**
 * A helper thread's whole program. It runs as an eval'd script (so it needs no file of its own
 * in src/ or dist/) and must not refer to anything outside itself: its modules come as arguments.
 */
function helperMain(wt: typeof import('node:worker_threads')): void {
  const { module, memory, control, index, argc, spins } = wt.workerData as HelperData;
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as PairForcesExports;
  const ctrl = new Int32Array(control, 0, 4);
  const a = new Float64Array(control, 16 + index * (argc + 1) * 8, argc + 1);
  // one argument array for every round (no allocation per step)
  const args = Array.from({ length: argc }, () => 0) as unknown as Parameters<PairForcesExports['pairForces']>;
  let generation = 0;
  for (;;) {
    // spin a little before sleeping: the next round usually starts within a fraction of a
    // millisecond (the owner integrates), and a futex wake-up costs about as much again
    for (let spin = 0; spin < spins && Atomics.load(ctrl, 0) === generation; spin++);
    Atomics.wait(ctrl, 0, generation);
    generation = Atomics.load(ctrl, 0);
    if (Atomics.load(ctrl, 2) !== 0) return;
    try {
      for (let k = 0; k < argc; k++) args[k] = a[k];
      a[argc] = kernel.pairForces(...args);
    } catch (e) {
      // count as done, so the owner wakes, sees the flag and throws
      Atomics.store(ctrl, 3, 1);
      console.error(`pair-kernel helper thread ${index}: ${(e as Error).message}`);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}

export class PairThreads {
  private readonly workers: Worker[] = [];
  private readonly ctrl: Int32Array;
  private readonly args: Float64Array;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly count: number,
  ) {
    const control = new SharedArrayBuffer(16 + count * ARGS_PER_THREAD * 8);
    this.ctrl = new Int32Array(control, 0, 4);
    this.args = new Float64Array(control, 16);
    const code = `(${helperMain.toString()})(require('node:worker_threads'))`;
    for (let index = 0; index < count; index++) {
      const data: HelperData = { module, memory, control, index, argc: ARGS_PER_THREAD - 1, spins: SPINS };
      const w = new Worker(code, { eval: true, workerData: data });
      // a helper never keeps the process alive; dispose() ends it when the simulation does
      w.unref();
      this.workers.push(w);
    }
  }

  /** Helper k's kernel arguments (pairForces's order). */
  setArgs(k: number, args: readonly number[]): void {
    this.args.set(args, k * ARGS_PER_THREAD);
  }

  /** Wakes the helpers for one round. */
  start(): void {
    Atomics.store(this.ctrl, DONE, 0);
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
  }

  /** Waits for every helper's block; returns the sum of their close-pair counts. */
  finish(): number {
    // the owner blocks here, so its event loop cannot hear of a dead helper: a stall bound instead
    for (let spin = 0; spin < SPINS && Atomics.load(this.ctrl, DONE) !== this.count; spin++);
    for (;;) {
      const done = Atomics.load(this.ctrl, DONE);
      if (done === this.count) break;
      if (Atomics.wait(this.ctrl, DONE, done, STALL_MS) === 'timed-out')
        throw new Error(`pair-kernel helper threads: no progress for ${STALL_MS / 1000} s`);
    }
    if (Atomics.load(this.ctrl, FAILED) !== 0) throw new Error('pair-kernel helper thread failed (see stderr)');
    let close = 0;
    for (let k = 0; k < this.count; k++) close += this.args[k * ARGS_PER_THREAD + ARGS_PER_THREAD - 1];
    return close;
  }

  stop(): void {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
  }
}
