/**
 * Adaptive growth as a pure function of a plan and its results: the replica count each
 * (composition, temperature) should reach next, or null when every point has stopped. The
 * embedded runner, the coordinator and array mode all grow a sweep with it, so they agree.
 */
import { pointKey, type SweepSpec, type TaskPlacement } from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';
import { aggregate } from './aggregate.js';
import { moreReplicas } from './adaptive.js';

export function grownReplicas(
  sweep: SweepSpec,
  placements: TaskPlacement[],
  results: Map<string, TaskResult>,
): Map<string, number> | null {
  const a = sweep.adaptive;
  if (!a) return null;
  const replicasAt = new Map<string, number>();
  for (const p of placements) {
    const key = pointKey(p.pointIndex, p.temperature);
    replicasAt.set(key, Math.max(replicasAt.get(key) ?? 0, p.replica + 1));
  }
  let grew = false;
  for (const p of aggregate(sweep, placements, results).points) {
    const more = p.adaptive ? moreReplicas(a, p, p.adaptive) : 0;
    if (more > 0) {
      replicasAt.set(pointKey(p.point, p.temperature), p.replicas + more);
      grew = true;
    }
  }
  return grew ? replicasAt : null;
}
