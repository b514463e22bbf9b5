/**
 * Helper threads of the WebAssembly pair kernel: each instantiates the same module on the same
 * shared memory and computes its block of rows when the owning thread says so. One step is
 * one round: the owner bumps a generation counter and wakes the helpers (Atomics.notify), then
 * computes its own block. Each helper's block is claimed once per round, by the helper or, if
 * the helper has not claimed it when the owner is done with its own, by the owner (a block
 * gives the same forces whoever computes it, so results do not depend on who did). The owner
 * then waits only for blocks helpers have claimed. So a helper that is slow to start (a worker
 * thread's start-up can wait on its parent's event loop, which the owner blocks) costs speed,
 * never a hang. No messages and no copies per step; both sides poll briefly before sleeping on
 * a futex, since a wake-up costs tens of µs against a few milliseconds of pair work.
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
    innerAt: number,
    endAt: number,
    shiftsAt: number,
    coefAt: number,
    scratchAt: number,
    sInner: number,
    sCut: number,
    sPrune: number,
    invDs: number,
    rowsPerSlot: number,
    intervals: number,
  ): number;
  /** energy, then virial xx yy zz xy xz yz, as seven f64 at scratchAt; returns the close pairs */
  pairEnergyVirial(
    i0: number,
    i1: number,
    xAt: number,
    startAt: number,
    innerAt: number,
    endAt: number,
    shiftsAt: number,
    coefAt: number,
    energyAt: number,
    scratchAt: number,
    sInner: number,
    sCut: number,
    invDs: number,
    rowsPerSlot: number,
    intervals: number,
  ): number;
  scratchBytes(): number;
  /** the first byte after the module's static data (Math's tables), where hosts start their layout */
  heapBase(): number;
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
const ARGS_PER_THREAD = 19;
/** control words: generation, helpers done, stop, a helper failed; then each block's claim */
const GENERATION = 0;
const DONE = 1;
const STOP = 2;
const FAILED = 3;
const CLAIMS = 4;
/**
 * how long a thread polls a control word before sleeping on it. Longer than the owner's serial
 * work between two rounds (integration, the rebuild test: 0.3–1 ms for 3000 atoms), so that a
 * helper is awake when the next round starts: a helper asleep there costs a futex wake-up, and
 * when it wakes past GRACE_MS the owner computes its block too. Measured (3000-atom NS9, 2 threads
 * over one, in one process, median of 8 alternating 500-step pairs, two runs each, interleaved):
 * 20 000 polls (≈ 0.15 ms) 1.30× and 1.70×, 2 ms 1.42× and 1.98× (docs/performance.md).
 */
const SPIN_MS = 2;
/**
 * how long the owner, done with its own block, waits for a helper to claim its block before it
 * computes that block itself: a helper woken late should not cost a whole block twice
 */
const GRACE_MS = 0.5;
/** a round that makes no progress for this long means a helper is gone */
const STALL_MS = 60_000;

interface HelperData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
  /** pairForces's argument count; the slot after them takes the result */
  argc: number;
  /** byte offset of the helpers' arguments in `control` (after the control words) */
  argsAt: number;
  spinMs: number;
}

/**
 * A helper thread's whole program. It runs as an eval'd script (so it needs no file of its own
 * in src/ or dist/) and must not refer to anything outside itself: its modules come as arguments.
 */
function helperMain(wt: typeof import('node:worker_threads')): void {
  const { module, memory, control, index, argc, argsAt, spinMs } = wt.workerData as HelperData;
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as PairForcesExports;
  const ctrl = new Int32Array(control, 0, argsAt / 4);
  const claim = 4 + index; // CLAIMS + index
  const a = new Float64Array(control, argsAt + index * (argc + 1) * 8, argc + 1);
  // one argument array for every round (no allocation per step)
  const args = Array.from({ length: argc }, () => 0) as unknown as Parameters<PairForcesExports['pairForces']>;
  let generation = 0;
  for (;;) {
    // spin a little before sleeping: the next round usually starts within a fraction of a
    // millisecond (the owner integrates), and a futex wake-up costs about as much again
    const until = performance.now() + spinMs;
    while (Atomics.load(ctrl, 0) === generation && performance.now() < until);
    Atomics.wait(ctrl, 0, generation);
    generation = Atomics.load(ctrl, 0);
    if (Atomics.load(ctrl, 2) !== 0) return;
    // the owner may have taken this round's block already
    if (Atomics.compareExchange(ctrl, claim, generation - 1, generation) !== generation - 1) continue;
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
  private generation = 0;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly count: number,
  ) {
    const argsAt = Math.ceil(((CLAIMS + count) * 4) / 8) * 8;
    const control = new SharedArrayBuffer(argsAt + count * ARGS_PER_THREAD * 8);
    this.ctrl = new Int32Array(control, 0, argsAt / 4);
    this.args = new Float64Array(control, argsAt);
    const code = `(${helperMain.toString()})(require('node:worker_threads'))`;
    for (let index = 0; index < count; index++) {
      const data: HelperData = { module, memory, control, index, argc: ARGS_PER_THREAD - 1, argsAt, spinMs: SPIN_MS };
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
    this.generation = Atomics.add(this.ctrl, GENERATION, 1) + 1;
    Atomics.notify(this.ctrl, GENERATION);
  }

  /**
   * After the owner's own block: computes (with `block`) every helper block no helper has
   * claimed, waits for the claimed ones, and returns the sum of all their close-pair counts.
   */
  finish(block: (k: number) => number): number {
    const g = this.generation;
    let close = 0;
    let claimed = 0;
    const mine: boolean[] = [];
    const deadline = performance.now() + GRACE_MS;
    for (let k = 0; k < this.count; k++) {
      while (Atomics.load(this.ctrl, CLAIMS + k) !== g && performance.now() < deadline);
      mine[k] = Atomics.compareExchange(this.ctrl, CLAIMS + k, g - 1, g) === g - 1;
      if (mine[k]) close += block(k);
      else claimed++;
    }
    // the owner blocks here, so its event loop cannot hear of a dead helper: a stall bound instead
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(this.ctrl, DONE) !== claimed && performance.now() < until);
    for (;;) {
      const done = Atomics.load(this.ctrl, DONE);
      if (done === claimed) break;
      if (Atomics.wait(this.ctrl, DONE, done, STALL_MS) === 'timed-out')
        throw new Error(`pair-kernel helper threads: no progress for ${STALL_MS / 1000} s`);
    }
    if (Atomics.load(this.ctrl, FAILED) !== 0) throw new Error('pair-kernel helper thread failed (see stderr)');
    for (let k = 0; k < this.count; k++) if (!mine[k]) close += this.args[k * ARGS_PER_THREAD + ARGS_PER_THREAD - 1];
    return close;
  }

  stop(): void {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
  }
}
