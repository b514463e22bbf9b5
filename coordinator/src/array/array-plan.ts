/**
 * The array-mode plan: every task of a sweep in a stable order, so that task I means the same
 * task on every node and in every resubmission. The sweep's own plan comes first in planSweep's
 * order; an adaptive sweep whose tasks are all stored grows (grownReplicas, as the embedded run
 * grows) and its new tasks are appended round by round, so earlier indices never move.
 */
import {
  LAMMPS_ENGINE,
  planSweep,
  totalSteps,
  type ForceFieldDescriptor,
  type SweepSpec,
  type TaskPlacement,
  type TaskSpec,
} from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';
import { grownReplicas } from '../aggregator/grow.js';
import { sweepIdOf } from '../embedded/run-sweep.js';
import type { TaskFileStore } from './task-files.js';

export interface ArrayTask {
  index: number;
  taskId: string;
  spec: TaskSpec;
  placement: TaskPlacement;
  /** adaptive round that added it (0: the sweep's own replicas) */
  round: number;
}

export interface ArrayPlan {
  sweepId: string;
  tasks: ArrayTask[];
  /** adaptive sweeps: true when every point has met its target or its maximum */
  settled: boolean;
}

/** Seconds per atom per MD step on one core (bench:md, 3000-atom NS9 melt, pair terms, wasm kernel). */
const SECONDS_PER_ATOM_STEP = 1.8e-6;
/**
 * A Tersoff term costs about this much more per atom-step: ns-ss-2026 tasks of the paper's NS9
 * study (1500 atoms, m = 2.67–3.67, two tasks at once on 2 cores) ran 1.7–2.2 µs per atom-step,
 * its m = 2 task (no S0, no term) 1.56 (the term in WebAssembly; 2.5 when it was in JS).
 */
const MANYBODY_FACTOR = 1.2;

/** LAMMPS born/coul/dsf on one core takes this much longer (the quick sweep: 9 min 49 s vs 2 min 09 s). */
const LAMMPS_FACTOR = 4.5;

/** A rough cost of a task in core-seconds, for planning (±50 %, machine-dependent). */
export function estimatedCoreSeconds(spec: TaskSpec): number {
  const atoms = spec.system.counts.reduce((a, [, n]) => a + n, 0);
  const steps = totalSteps(spec.protocol);
  const engine = spec.engine === LAMMPS_ENGINE ? LAMMPS_FACTOR : 1;
  return atoms * steps * SECONDS_PER_ATOM_STEP * engine * (spec.forcefield.manybody?.length ? MANYBODY_FACTOR : 1);
}

export function arrayPlan(sweep: SweepSpec, forcefield: ForceFieldDescriptor, store: TaskFileStore | null): ArrayPlan {
  const first = planSweep(sweep, forcefield);
  const sweepId = sweepIdOf(sweep, [...first.specs.keys()]);
  const tasks: ArrayTask[] = [];
  const add = (plan: ReturnType<typeof planSweep>, round: number) => {
    const known = new Set(tasks.map((t) => t.taskId));
    for (const placement of plan.placements)
      if (!known.has(placement.taskId))
        tasks.push({
          index: tasks.length,
          taskId: placement.taskId,
          spec: plan.specs.get(placement.taskId)!,
          placement,
          round,
        });
  };
  add(first, 0);
  if (!sweep.adaptive) return { sweepId, tasks, settled: true };
  for (let round = 1; store; round++) {
    const results = new Map<string, TaskResult>();
    for (const t of tasks) {
      const r = store.getResult(t.taskId);
      if (!r) return { sweepId, tasks, settled: false };
      results.set(t.taskId, r);
    }
    const grown = grownReplicas(
      sweep,
      tasks.map((t) => t.placement),
      results,
    );
    if (!grown) return { sweepId, tasks, settled: true };
    add(planSweep(sweep, forcefield, grown), round);
  }
  return { sweepId, tasks, settled: false };
}

/** Slurm's --array syntax for a set of indices: "0-7,9,12-15". */
export function arrayRanges(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < sorted.length;) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === k ? `${sorted[k]}` : `${sorted[k]}-${sorted[j]}`);
    k = j + 1;
  }
  return parts.join(',');
}
