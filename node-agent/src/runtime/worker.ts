/**
 * Entry point of a piscina worker thread: runs one task. Checkpoints go to a directory
 * (embedded mode) or through the host (an agent's object store); progress is posted on the port
 * the pool handed over, which also carries the host's request to stop at the next checkpoint.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TaskSpec } from '@ionsweep/shared';
import { runTask, type TaskResult } from './task-handler.js';
import { directoryCheckpointStore } from './checkpoint-dir.js';
import { workerSide } from './worker-port.js';
import { directoryArtifactStore } from './artifacts/artifact-dir.js';

export interface WorkerTask {
  taskId: string;
  spec: TaskSpec;
  /** a directory for the checkpoints; null: the host keeps them (asked over the port) */
  checkpointDir: string | null;
  /** where the task's files go: a directory the worker writes, the host (over the port), or nowhere */
  artifacts: { dir: string } | 'host' | null;
  port: MessagePort;
  /** pair-force threads of the task's simulation */
  threads: number;
}

export default async function work(task: WorkerTask): Promise<TaskResult> {
  const side = workerSide(task.port);
  try {
    return await runTask(task.spec, {
      taskId: task.taskId,
      checkpoints: task.checkpointDir ? directoryCheckpointStore(task.checkpointDir) : side.checkpoints,
      onProgress: side.progress,
      signal: side.signal,
      threads: task.threads,
      artifacts:
        task.artifacts === 'host' ? side.artifacts : task.artifacts ? directoryArtifactStore(task.artifacts.dir) : null,
    });
  } finally {
    task.port.close();
  }
}
