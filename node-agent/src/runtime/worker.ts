/**
 * Entry point of a piscina worker thread: runs one task with checkpoints in a directory and
 * progress posted on the port the pool handed over.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TaskSpec } from '@ionsweep/shared';
import { runTask, type TaskResult } from './task-handler.js';
import { directoryCheckpointStore } from './checkpoint-dir.js';

export interface WorkerTask {
  taskId: string;
  spec: TaskSpec;
  checkpointDir: string | null;
  progress: MessagePort | null;
}

export default async function work(task: WorkerTask): Promise<TaskResult> {
  const checkpoints = task.checkpointDir ? directoryCheckpointStore(task.checkpointDir) : null;
  try {
    return await runTask(task.spec, {
      taskId: task.taskId,
      checkpoints,
      onProgress: (p) => task.progress?.postMessage(p),
    });
  } finally {
    task.progress?.close();
  }
}
