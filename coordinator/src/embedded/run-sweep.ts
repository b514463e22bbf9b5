/**
 * Embedded mode: the planner, the durable store, a piscina worker pool and the aggregator in one
 * process, no servers. Tasks with a stored result are not rerun; unfinished ones resume from
 * their checkpoints (DIR/checkpoints). Writes results.json, results.csv and the plots.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import { Piscina } from 'piscina';
import {
  canonicalJson,
  planSweep,
  writeFileAtomic,
  type ForceFieldDescriptor,
  type SweepSpec,
  type TaskSpec,
} from '@ionsweep/shared';
import { WORKER_FILE, type TaskProgress, type TaskResult, type WorkerTask } from '@ionsweep/node-agent';
import { SqliteStore } from '../store/sqlite-store.js';
import { aggregate, resultsCsv, type SweepResults } from '../aggregator/aggregate.js';
import { activationFigure, conductivityFigure, diffusivityFigure } from '../report/sweep-figures.js';
import { createHash } from 'node:crypto';

export interface SweepProgress {
  tasks: number;
  done: number;
  reused: number;
  running: number;
  /** MD steps done over all tasks of this run, and their total */
  steps: number;
  totalSteps: number;
  nsPerDay: number;
}

export interface EmbeddedOptions {
  out: string;
  /** worker threads (default: the sweep's, capped at the cores) */
  threads?: number;
  onProgress?: (p: SweepProgress) => void;
}

export interface EmbeddedOutcome {
  sweepId: string;
  results: SweepResults;
  ran: number;
  reused: number;
}

export function sweepIdOf(sweep: SweepSpec, taskIds: string[]): string {
  return createHash('sha256')
    .update(canonicalJson({ name: sweep.name, tasks: [...taskIds].sort() }))
    .digest('hex')
    .slice(0, 16);
}

export async function runSweepEmbedded(
  sweep: SweepSpec,
  forcefield: ForceFieldDescriptor,
  options: EmbeddedOptions,
): Promise<EmbeddedOutcome> {
  mkdirSync(options.out, { recursive: true });
  const { specs, placements } = planSweep(sweep, forcefield);
  const sweepId = sweepIdOf(sweep, [...specs.keys()]);
  const store = new SqliteStore(join(options.out, 'ionsweep.db'));
  try {
    store.recordSweep(sweepId, sweep.name, JSON.stringify(sweep), specs, placements);
    const pending = [...specs.entries()].filter(([id]) => !store.hasResult(id));
    const reused = specs.size - pending.length;
    const threads = Math.max(
      1,
      Math.min(options.threads ?? sweep.threads, availableParallelism(), pending.length || 1),
    );
    const stepsOf = (spec: TaskSpec) =>
      spec.protocol.stages.reduce((a, s) => a + (s.kind === 'relax' ? 0 : s.steps), 0);
    const progress = new Map<string, TaskProgress>();
    const report = () =>
      options.onProgress?.({
        tasks: specs.size,
        done: reused + finished,
        reused,
        running: [...progress.values()].filter((p) => p.step < p.totalSteps).length,
        steps: [...progress.values()].reduce((a, p) => a + p.step, 0) + finishedSteps,
        totalSteps: pending.reduce((a, [, s]) => a + stepsOf(s), 0),
        nsPerDay: [...progress.values()].filter((p) => p.step < p.totalSteps).reduce((a, p) => a + p.nsPerDay, 0),
      });
    let finished = 0;
    let finishedSteps = 0;
    if (pending.length > 0) {
      const pool = new Piscina({ filename: WORKER_FILE, maxThreads: threads, minThreads: threads, idleTimeout: 1000 });
      const checkpointDir = join(options.out, 'checkpoints');
      try {
        await Promise.all(
          pending.map(async ([taskId, spec]) => {
            const { port1, port2 } = new MessageChannel();
            port1.on('message', (p: TaskProgress) => {
              progress.set(taskId, p);
              report();
            });
            const task: WorkerTask = { taskId, spec, checkpointDir, progress: port2 };
            try {
              store.setState(taskId, 'running');
              const result = (await pool.run(task, { transferList: [port2] })) as TaskResult;
              store.putResult(taskId, JSON.stringify(result));
              progress.delete(taskId);
              finished++;
              finishedSteps += stepsOf(spec);
              report();
            } catch (err) {
              store.setState(taskId, 'failed', err instanceof Error ? err.message : String(err));
              throw err;
            } finally {
              port1.close();
            }
          }),
        );
      } finally {
        await pool.destroy();
      }
    }
    const results = new Map<string, TaskResult>();
    for (const id of specs.keys()) {
      const r = store.getResult<TaskResult>(id);
      if (r) results.set(id, r);
    }
    const aggregated = aggregate(sweep, placements, results);
    writeOutputs(options.out, aggregated);
    store.setSweepStatus(sweepId, 'done');
    return { sweepId, results: aggregated, ran: pending.length, reused };
  } finally {
    store.close();
  }
}

export function writeOutputs(out: string, r: SweepResults): void {
  writeFileAtomic(join(out, 'results.json'), JSON.stringify(r, null, 2) + '\n');
  writeFileAtomic(join(out, 'results.csv'), resultsCsv(r));
  writeFileAtomic(join(out, 'diffusivity.svg'), diffusivityFigure(r));
  writeFileAtomic(join(out, 'conductivity.svg'), conductivityFigure(r));
  writeFileAtomic(join(out, 'activation.svg'), activationFigure(r));
}
