/**
 * Executing a sweep on this machine: the planner, the durable store, a piscina worker pool and
 * the aggregator. `ionsweep run` (embedded mode) and the coordinator's local execution both use
 * `executeSweep`. Tasks with a stored result are not rerun; unfinished ones resume from their
 * checkpoints. Writes results.json, results.csv and the plots.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  errorMessage,
  canonicalJson,
  planSweep,
  totalSteps,
  writeFileAtomic,
  type ForceFieldDescriptor,
  type SweepSpec,
  type TaskPlacement,
  type TaskSpec,
} from '@ionsweep/shared';
import type { TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';
import { removeDirectoryCheckpoints, TaskPool, type TaskResult } from '@ionsweep/node-agent';
import { SqliteStore } from '../store/sqlite-store.js';
import { aggregate, resultsCsv, type SweepResults } from '../aggregator/aggregate.js';
import { grownReplicas } from '../aggregator/grow.js';
import {
  activationFigure,
  arrheniusFigure,
  conductivityFigure,
  diffusivityFigure,
  glassFigure,
} from '../report/sweep-figures.js';
import { sweepCost, type SweepCost } from '../aggregator/cost.js';

export interface SweepProgress {
  tasks: number;
  done: number;
  reused: number;
  running: number;
  /** MD steps done over the tasks run now, and their total */
  steps: number;
  totalSteps: number;
  nsPerDay: number;
  /** the task that just reported, when the report comes from one */
  task?: TaskProgress;
}

export interface ExecuteArgs {
  sweep: SweepSpec;
  /** the sweep's tasks as recorded in the store (recordSweep) */
  plan: SweepPlan;
  store: SqliteStore;
  checkpointDir: string;
  /** each task's files (final structure, thermo log, trajectory) go to DIR/<task>/ */
  artifactDir: string;
  /** where results.json, results.csv and the plots go */
  outDir: string;
  /** worker threads (default: the sweep's, capped at the cores) */
  threads?: number;
  /** aborting stops queued and running tasks (their checkpoints stay) */
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  /** called after each task's result is stored */
  onTaskStored?: (taskId: string) => void;
}

export interface SweepPlan {
  sweepId: string;
  specs: Map<string, TaskSpec>;
  placements: TaskPlacement[];
  /** tasks whose result was already stored when the sweep was recorded */
  reused: number;
}

export interface EmbeddedOutcome {
  sweepId: string;
  results: SweepResults;
  ran: number;
  reused: number;
}

export class SweepCancelled extends Error {
  constructor(readonly sweepId: string) {
    super(`sweep ${sweepId} was cancelled`);
    this.name = 'SweepCancelled';
  }
}

export function sweepIdOf(sweep: SweepSpec, taskIds: string[]): string {
  return createHash('sha256')
    .update(canonicalJson({ name: sweep.name, tasks: [...taskIds].sort() }))
    .digest('hex')
    .slice(0, 16);
}

const stepsOf = (spec: TaskSpec) => totalSteps(spec.protocol);

/** Plans and records a sweep; returns its id and how many tasks already have results. */
export function recordSweep(store: SqliteStore, sweep: SweepSpec, forcefield: ForceFieldDescriptor): SweepPlan {
  const { specs, placements } = planSweep(sweep, forcefield);
  const sweepId = sweepIdOf(sweep, [...specs.keys()]);
  store.recordSweep(sweepId, sweep.name, JSON.stringify(sweep), specs, placements);
  const reused = [...specs.keys()].filter((id) => store.hasResult(id)).length;
  return { sweepId, specs, placements, reused };
}

/**
 * Runs a sweep's tasks that have no stored result, then, for adaptive sweeps, the replicas its
 * points still need, round after round (growAdaptive), and aggregates.
 */
export async function executeSweep(a: ExecuteArgs): Promise<EmbeddedOutcome> {
  mkdirSync(a.outDir, { recursive: true });
  let plan = a.plan;
  let ran = 0;
  for (;;) {
    ran += await runTasks(a, plan);
    const grown = a.sweep.adaptive ? growAdaptive(a.store, plan.sweepId, a.sweep, plan.placements) : null;
    if (!grown) break;
    plan = grown;
  }
  const results = finishSweep(a.store, plan.sweepId, a.sweep, plan.placements, a.outDir);
  return { sweepId: plan.sweepId, results, ran, reused: plan.placements.length - ran };
}

/** Runs the plan's tasks that have no stored result on the worker pool; returns how many ran. */
async function runTasks(a: ExecuteArgs, plan: SweepPlan): Promise<number> {
  const { sweepId, specs, reused } = plan;
  const pending = [...specs.entries()].filter(([id]) => !a.store.hasResult(id));
  // the cores are shared out: threads / threads_per_task tasks at once, each on threads_per_task
  const cores = Math.min(a.threads ?? a.sweep.threads, availableParallelism());
  const perTask = Math.min(a.sweep.threadsPerTask, cores);
  const threads = Math.max(1, Math.min(Math.floor(cores / perTask), pending.length || 1));
  const progress = new Map<string, TaskProgress>();
  let finished = 0;
  let finishedSteps = 0;
  const totalSteps = pending.reduce((acc, [, s]) => acc + stepsOf(s), 0);
  const report = (task?: TaskProgress) =>
    a.onProgress?.({
      tasks: specs.size,
      done: reused + finished,
      reused,
      running: progress.size,
      steps: [...progress.values()].reduce((acc, p) => acc + p.step, 0) + finishedSteps,
      totalSteps,
      nsPerDay: [...progress.values()].reduce((acc, p) => acc + p.ns_per_day, 0),
      task,
    });
  if (pending.length === 0) return 0;
  const pool = new TaskPool(threads);
  try {
    await Promise.all(
      pending.map(async ([taskId, spec]) => {
        try {
          a.store.setState(taskId, 'running');
          const result = await pool.run(taskId, spec, {
            checkpointDir: a.checkpointDir,
            artifactDir: a.artifactDir,
            signal: a.signal,
            threads: perTask,
            onProgress: (p) => {
              progress.set(taskId, p);
              report(p);
            },
          }).result;
          a.store.putResult(taskId, JSON.stringify(result));
          // stored: its checkpoints are of no more use
          removeDirectoryCheckpoints(a.checkpointDir, taskId);
          a.onTaskStored?.(taskId);
          progress.delete(taskId);
          finished++;
          finishedSteps += stepsOf(spec);
          report();
        } catch (err) {
          progress.delete(taskId);
          if (a.signal?.aborted) a.store.setState(taskId, 'queued');
          else a.store.setState(taskId, 'failed', errorMessage(err));
          throw err;
        }
      }),
    );
  } catch (err) {
    if (a.signal?.aborted) {
      a.store.setSweepStatus(sweepId, 'cancelled');
      throw new SweepCancelled(sweepId);
    }
    a.store.setSweepStatus(sweepId, 'failed');
    throw err;
  } finally {
    await pool.destroy();
  }
  return pending.length;
}

/** The stored results of the placements' tasks. */
function storedResults(store: SqliteStore, placements: TaskPlacement[]): Map<string, TaskResult> {
  const results = new Map<string, TaskResult>();
  for (const p of placements) {
    const r = store.getResult<TaskResult>(p.taskId);
    if (r) results.set(p.taskId, r);
  }
  return results;
}

/**
 * An adaptive sweep whose tasks are all done: the replicas its points still need (moreReplicas),
 * recorded as new tasks of the same sweep, and the grown plan; null when every point has stopped.
 * Decisions depend only on stored results, so a rerun replays them and runs nothing new.
 */
export function growAdaptive(
  store: SqliteStore,
  sweepId: string,
  sweep: SweepSpec,
  placements: TaskPlacement[],
): SweepPlan | null {
  const replicasAt = grownReplicas(sweep, placements, storedResults(store, placements));
  if (!replicasAt) return null;
  // the force field as the sweep's tasks carry it (its cutoff already applied: withCutoff is idempotent)
  const forcefield = (JSON.parse(store.sweepTasks(sweepId)[0].specJson) as TaskSpec).forcefield;
  const { specs, placements: all } = planSweep(sweep, forcefield, replicasAt);
  store.recordSweep(sweepId, sweep.name, JSON.stringify(sweep), specs, all);
  return { sweepId, specs, placements: all, reused: [...specs.keys()].filter((id) => store.hasResult(id)).length };
}

/** Aggregates a sweep whose tasks all have results, writes its outputs and marks it done. */
export function finishSweep(
  store: SqliteStore,
  sweepId: string,
  sweep: SweepSpec,
  placements: TaskPlacement[],
  outDir: string,
): SweepResults {
  const stored = storedResults(store, placements);
  const aggregated = aggregate(sweep, placements, stored);
  mkdirSync(outDir, { recursive: true });
  writeOutputs(outDir, aggregated, sweepCost(sweep, placements, stored));
  store.setSweepStatus(sweepId, 'done');
  return aggregated;
}

/** Embedded mode: one directory holds the store, the checkpoints, the tasks' artifacts and the outputs. */
export async function runSweepEmbedded(
  sweep: SweepSpec,
  forcefield: ForceFieldDescriptor,
  options: { out: string; threads?: number; onProgress?: (p: SweepProgress) => void },
): Promise<EmbeddedOutcome> {
  mkdirSync(options.out, { recursive: true });
  const store = new SqliteStore(join(options.out, 'ionsweep.db'));
  try {
    return await executeSweep({
      ...options,
      sweep,
      plan: recordSweep(store, sweep, forcefield),
      store,
      checkpointDir: join(options.out, 'checkpoints'),
      artifactDir: join(options.out, 'artifacts'),
      outDir: options.out,
    });
  } finally {
    store.close();
  }
}

export function writeOutputs(out: string, r: SweepResults, cost: SweepCost): void {
  writeFileAtomic(join(out, 'results.json'), JSON.stringify(r, null, 2) + '\n');
  writeFileAtomic(join(out, 'cost.json'), JSON.stringify(cost, null, 2) + '\n');
  writeFileAtomic(join(out, 'results.csv'), resultsCsv(r));
  writeFileAtomic(join(out, 'diffusivity.svg'), diffusivityFigure(r));
  writeFileAtomic(join(out, 'conductivity.svg'), conductivityFigure(r));
  writeFileAtomic(join(out, 'activation.svg'), activationFigure(r));
  const arrhenius = arrheniusFigure(r);
  if (arrhenius) writeFileAtomic(join(out, 'arrhenius.svg'), arrhenius);
  const glass = glassFigure(r);
  if (glass) writeFileAtomic(join(out, 'glass.svg'), glass);
}
