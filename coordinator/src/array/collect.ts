/**
 * `collect`: the stored results of an array-mode plan aggregated exactly as the embedded run
 * aggregates them (same aggregate, same outputs), or, when tasks are missing, an error that names
 * them and why (their failure, or not run yet). With `partial` the outputs are written anyway and
 * results.json says which tasks they lack.
 */
import type { SweepSpec } from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';
import { aggregate, type SweepResults } from '../aggregator/aggregate.js';
import { writeOutputs } from '../embedded/run-sweep.js';
import type { ArrayPlan, ArrayTask } from './array-plan.js';
import type { TaskFileStore } from './task-files.js';
import { sweepCost } from '../aggregator/cost.js';

export class IncompleteSweep extends Error {
  constructor(
    readonly missing: ArrayTask[],
    message: string,
  ) {
    super(message);
    this.name = 'IncompleteSweep';
  }
}

/** "2 (failed on node7: …), 5, 6 (not run)" — at most `limit` tasks named. */
export function describeMissing(store: TaskFileStore, missing: ArrayTask[], limit = 20): string {
  const named = missing.slice(0, limit).map((t) => {
    const f = store.failure(t.taskId);
    return f ? `${t.index} (failed on ${f.host}: ${f.message.split('\n')[0]})` : `${t.index}`;
  });
  return named.join(', ') + (missing.length > limit ? `, … (${missing.length - limit} more)` : '');
}

export function collectArray(
  store: TaskFileStore,
  plan: ArrayPlan,
  sweep: SweepSpec,
  outDir: string,
  partial: boolean,
): { results: SweepResults; missing: ArrayTask[] } {
  const results = new Map<string, TaskResult>();
  const missing: ArrayTask[] = [];
  for (const t of plan.tasks) {
    const r = store.getResult(t.taskId);
    if (r) results.set(t.taskId, r);
    else missing.push(t);
  }
  if (missing.length > 0 && !partial) {
    const grown = missing.some((t) => t.round > 0) && missing.every((t) => t.round === missing[0].round);
    throw new IncompleteSweep(
      missing,
      `${missing.length} of ${plan.tasks.length} tasks have no result: ${describeMissing(store, missing)}. ` +
        (grown
          ? `The adaptive sweep asks for more replicas; submit them (ionsweep slurm … prints an array of just these) and collect again`
          : `Run them (ionsweep run SWEEP --out DIR --task I, or resubmit the array: stored tasks are skipped)`) +
        `, or collect --partial to aggregate what is stored.`,
    );
  }
  if (results.size === 0)
    throw new IncompleteSweep(missing, 'no task of this sweep has a result yet: nothing to collect');
  const placements = plan.tasks.map((t) => t.placement);
  const aggregated = aggregate(sweep, placements, results);
  if (missing.length > 0) aggregated.partial = { tasks: plan.tasks.length, missing: missing.map((t) => t.index) };
  writeOutputs(outDir, aggregated, sweepCost(sweep, placements, results));
  return { results: aggregated, missing };
}
