/**
 * What a sweep's stored tasks cost, from their own timing: written beside results.json as
 * cost.json (kept out of results.json, which is the same on every rerun, while timings are not).
 */
import type { SweepSpec, TaskPlacement } from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';

export interface SweepCost {
  tasks: number;
  /** Σ wall seconds × threads over the tasks, each scaled to all of its steps */
  core_hours: number;
  /** tasks resumed from a checkpoint: their cost is their last attempt's, scaled to all their steps */
  resumed: number;
  /** per (composition, temperature): tasks, atoms and core-hours */
  points: { x: number; m: number; temperature: number; tasks: number; atoms: number; core_hours: number }[];
}

/** A task's core-seconds: its last attempt's wall time × threads, scaled to all of its steps. */
export function coreSeconds(r: Pick<TaskResult, 'seconds' | 'threads' | 'steps' | 'resumedFromStep'>): number {
  const ran = r.steps - r.resumedFromStep;
  return ran > 0 ? (r.seconds * r.threads * r.steps) / ran : 0;
}

export function sweepCost(sweep: SweepSpec, placements: TaskPlacement[], results: Map<string, TaskResult>): SweepCost {
  const atomsOf = (p: TaskPlacement) => sweep.points[p.pointIndex].counts.reduce((a, [, n]) => a + n, 0);
  const byPoint = new Map<string, SweepCost['points'][number]>();
  let seconds = 0;
  let resumed = 0;
  let tasks = 0;
  for (const p of placements) {
    const r = results.get(p.taskId);
    if (!r) continue;
    const s = coreSeconds(r);
    seconds += s;
    tasks++;
    if (r.resumedFromStep > 0) resumed++;
    const key = `${p.pointIndex}/${p.temperature}`;
    const point = byPoint.get(key) ?? {
      x: p.x,
      m: p.m,
      temperature: p.temperature,
      tasks: 0,
      atoms: atomsOf(p),
      core_hours: 0,
    };
    point.tasks++;
    point.core_hours += s / 3600;
    byPoint.set(key, point);
  }
  return { tasks, core_hours: seconds / 3600, resumed, points: [...byPoint.values()] };
}
