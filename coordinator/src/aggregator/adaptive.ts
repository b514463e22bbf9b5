/**
 * Adaptive replicas: whether a point's interval meets the sweep's target, and how many more
 * replicas to ask for when it does not. Pure functions of the aggregated results, so that a
 * rerun over stored results takes the same decisions and reruns nothing.
 */
import type { AdaptiveReplicas } from '@ionsweep/shared';
import type { PointResult } from './aggregate.js';

export interface AdaptiveState {
  quantity: AdaptiveReplicas['quantity'];
  /** the target: 95 % interval half-width over the mean */
  target_rel_ci95: number;
  /** this point's, (hi − lo) / 2 / mean; null while it has no interval */
  rel_ci95: number | null;
  /** why the point has as many replicas as it has: met the target, reached max, or still growing */
  stopped: 'target met' | 'max replicas' | null;
}

/** Mean, standard error and interval of the target quantity at a point. */
function target(a: AdaptiveReplicas, p: PointResult) {
  if (a.quantity === 'D_Na') {
    const na = p.species.Na;
    return na ? { mean: na.D, err: na.D_err, ci: na.D_ci95 } : null;
  }
  if (a.quantity === 'sigma_self') return { mean: p.sigma_self, err: p.sigma_self_err, ci: p.sigma_self_ci95 };
  return { mean: p.sigma_full, err: p.sigma_full_err, ci: p.sigma_full_ci95 };
}

export function adaptiveState(a: AdaptiveReplicas, p: PointResult): AdaptiveState {
  const t = target(a, p);
  const rel = t?.ci && t.mean > 0 ? (t.ci[1] - t.ci[0]) / 2 / t.mean : null;
  const stopped = rel !== null && rel <= a.relCi95 ? 'target met' : p.replicas >= a.max ? 'max replicas' : null;
  return { quantity: a.quantity, target_rel_ci95: a.relCi95, rel_ci95: rel, stopped };
}

/**
 * Replicas to add at a point that has not stopped: the count at which the relative standard
 * error times 2 would meet the target (the t quantile shrinks too, so this errs low and the
 * next round adds again), at least one, at most up to max.
 */
export function moreReplicas(a: AdaptiveReplicas, p: PointResult, s: AdaptiveState): number {
  if (s.stopped) return 0;
  const t = target(a, p);
  const relErr = t && t.err !== null && t.mean > 0 ? t.err / t.mean : null;
  const wanted = relErr === null ? p.replicas + 1 : Math.ceil(p.replicas * ((2 * relErr) / a.relCi95) ** 2);
  return Math.min(a.max - p.replicas, Math.max(1, wanted - p.replicas));
}
