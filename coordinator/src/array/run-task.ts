/**
 * Runs one task of an array-mode plan into the shared directory: skipped when its result is
 * stored, resumed from its checkpoint when one is there, its failure written down when it fails.
 */
import { errorMessage } from '@ionsweep/shared';
import type { TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';
import { TaskPool } from '@ionsweep/node-agent';
import type { ArrayTask } from './array-plan.js';
import type { TaskFileStore } from './task-files.js';

export interface ArrayTaskOptions {
  /** pair-force threads of the simulation */
  threads: number;
  onProgress?: (p: TaskProgress) => void;
  /** resolves when the task should stop at its next checkpoint (Slurm's warning signal, SIGTERM) */
  stopWhen?: Promise<unknown>;
}

export type ArrayTaskOutcome = 'stored' | 'skipped' | 'stopped';

export async function runArrayTask(
  store: TaskFileStore,
  task: ArrayTask,
  o: ArrayTaskOptions,
): Promise<ArrayTaskOutcome> {
  if (store.hasResult(task.taskId)) return 'skipped';
  const pool = new TaskPool(1);
  let stopped = false;
  try {
    const run = pool.run(task.taskId, task.spec, {
      checkpointDir: store.checkpointDir,
      artifactDir: store.artifactDir,
      threads: o.threads,
      onProgress: o.onProgress,
    });
    void o.stopWhen?.then(() => {
      stopped = true;
      run.stop();
    });
    const result = await run.result;
    store.putResult(task.taskId, result);
    return 'stored';
  } catch (err) {
    if (stopped) return 'stopped';
    store.putFailure({ taskId: task.taskId, index: task.index, message: errorMessage(err) });
    throw err;
  } finally {
    await pool.destroy();
  }
}
