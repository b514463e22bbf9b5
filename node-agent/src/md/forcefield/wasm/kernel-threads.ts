/**
 * Helper threads of the WebAssembly kernels: each instantiates the same module on the same
 * shared memory and runs its block of a kernel function (the pair forces every step, the
 * neighbour list's rows at a rebuild, the energy and virial on thermo steps) when the owning
 * thread says so. One call is one round: the owner writes each helper's job and arguments,
 * bumps a generation counter and wakes the helpers (Atomics.notify), then runs its own block.
 * Each helper's block is claimed once per round, by the helper or, if the helper has not
 * claimed it when the owner is done with its own, by the owner (a block gives the same result
 * whoever runs it, so results do not depend on who did). The owner then waits only for blocks
 * helpers have claimed. So a helper that is slow to start (a worker thread's start-up can wait
 * on its parent's event loop, which the owner blocks) costs speed, never a hang. No messages
 * and no copies per round; both sides poll briefly before sleeping on a futex, since a wake-up
 * costs tens of µs against a few milliseconds of pair work.
 */
import { Worker } from 'node:worker_threads';

export interface KernelExports {
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
  /** rows i0 … i1−1 from entry `base` on; returns where they end, or −1 past `limit` */
  buildRows(
    i0: number,
    i1: number,
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
    base: number,
    limit: number,
    rowBound: number,
    rsqMax: number,
  ): number;
}

/** The kernel functions a round can run; helpers get the job's index in shared memory. */
export const KERNEL_JOBS = ['pairForces', 'buildRows', 'pairEnergyVirial'] as const;
export type KernelJob = (typeof KERNEL_JOBS)[number];
/** the most arguments a job takes (buildRows) */
const MAX_ARGS = 20;
/** each helper's slot in shared memory: the job, its arguments, then the result */
const SLOT = MAX_ARGS + 2;
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
  jobs: readonly string[];
  slot: number;
  /** byte offset of the helpers' slots in `control` (after the control words) */
  slotsAt: number;
  spinMs: number;
}

/**
 * A helper thread's whole program. It runs as an eval'd script (so it needs no file of its own
 * in src/ or dist/) and must not refer to anything outside itself: its modules come as arguments.
 */
function helperMain(wt: typeof import('node:worker_threads')): void {
  const { module, memory, control, index, jobs, slot, slotsAt, spinMs } = wt.workerData as HelperData;
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Record<
    string,
    (...args: number[]) => number
  >;
  const ctrl = new Int32Array(control, 0, slotsAt / 4);
  const claim = 4 + index; // CLAIMS + index
  const a = new Float64Array(control, slotsAt + index * slot * 8, slot);
  // one argument array per job, of its function's arity, for every round (no allocation per step)
  const fns = jobs.map((name) => kernel[name]);
  const argv = fns.map((fn) => Array.from({ length: fn.length }, () => 0));
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
      const job = a[0];
      const args = argv[job];
      for (let k = 0; k < args.length; k++) args[k] = a[1 + k];
      a[slot - 1] = fns[job](...args);
    } catch (e) {
      // count as done, so the owner wakes, sees the flag and throws
      Atomics.store(ctrl, 3, 1);
      console.error(`kernel helper thread ${index}: ${(e as Error).message}`);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}

export class KernelThreads {
  private readonly workers: Worker[] = [];
  private readonly ctrl: Int32Array;
  private readonly slots: Float64Array;
  private readonly mine: boolean[];

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    /** helper threads (blocks 1 … count of a round) */
    private readonly count: number,
    /** the owner's instance, for its own block and for unclaimed ones */
    private readonly owner: KernelExports,
  ) {
    const slotsAt = Math.ceil(((CLAIMS + count) * 4) / 8) * 8;
    const control = new SharedArrayBuffer(slotsAt + count * SLOT * 8);
    this.ctrl = new Int32Array(control, 0, slotsAt / 4);
    this.slots = new Float64Array(control, slotsAt);
    this.mine = Array.from({ length: count }, () => false);
    const code = `(${helperMain.toString()})(require('node:worker_threads'))`;
    for (let index = 0; index < count; index++) {
      const data: HelperData = {
        module,
        memory,
        control,
        index,
        jobs: KERNEL_JOBS,
        slot: SLOT,
        slotsAt,
        spinMs: SPIN_MS,
      };
      const w = new Worker(code, { eval: true, workerData: data });
      // a helper never keeps the process alive; dispose() ends it when the simulation does
      w.unref();
      this.workers.push(w);
    }
  }

  /**
   * One round of `job`: block 0 (args[0]) on this thread, block k on helper k − 1 or here when
   * that helper has not claimed it in time. results[k] is block k's return value.
   */
  round<J extends KernelJob>(job: J, args: readonly Parameters<KernelExports[J]>[], results: Float64Array): void {
    const fn = this.owner[job] as (...a: number[]) => number;
    const j = KERNEL_JOBS.indexOf(job);
    for (let k = 1; k <= this.count; k++) {
      this.slots[(k - 1) * SLOT] = j;
      this.slots.set(args[k], (k - 1) * SLOT + 1);
    }
    Atomics.store(this.ctrl, DONE, 0);
    const g = Atomics.add(this.ctrl, GENERATION, 1) + 1;
    Atomics.notify(this.ctrl, GENERATION);
    results[0] = fn(...args[0]);
    let claimed = 0;
    const deadline = performance.now() + GRACE_MS;
    for (let k = 0; k < this.count; k++) {
      while (Atomics.load(this.ctrl, CLAIMS + k) !== g && performance.now() < deadline);
      this.mine[k] = Atomics.compareExchange(this.ctrl, CLAIMS + k, g - 1, g) === g - 1;
      if (this.mine[k]) results[k + 1] = fn(...args[k + 1]);
      else claimed++;
    }
    this.waitForHelpers(claimed);
    for (let k = 0; k < this.count; k++) if (!this.mine[k]) results[k + 1] = this.slots[k * SLOT + SLOT - 1];
  }

  /** Until `claimed` helpers are done (the owner blocks here, so a stall bound, not its event loop, hears of a dead helper). */
  private waitForHelpers(claimed: number): void {
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(this.ctrl, DONE) !== claimed && performance.now() < until);
    for (;;) {
      const done = Atomics.load(this.ctrl, DONE);
      if (done === claimed) break;
      if (Atomics.wait(this.ctrl, DONE, done, STALL_MS) === 'timed-out')
        throw new Error(`kernel helper threads: no progress for ${STALL_MS / 1000} s`);
    }
    if (Atomics.load(this.ctrl, FAILED) !== 0) throw new Error('kernel helper thread failed (see stderr)');
  }

  stop(): void {
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.add(this.ctrl, GENERATION, 1);
    Atomics.notify(this.ctrl, GENERATION);
  }
}
