/**
 * Checkpoints in a directory (embedded mode): DIR/<task>.ckpt written atomically, the one before
 * kept as <task>.ckpt.prev. Loading falls back to the previous checkpoint when the newest is
 * unreadable or fails its checksum, and to a clean start when both do. Once a task's result is
 * stored its checkpoints are of no more use: removeDirectoryCheckpoints deletes them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeFsError, writeFileAtomic } from '@ionsweep/shared';
import { CheckpointError, decodeCheckpoint } from '../md/checkpoint/checkpoint.js';
import type { CheckpointStore } from './task-handler.js';

export function directoryCheckpointStore(dir: string, warn: (message: string) => void = () => {}): CheckpointStore {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`cannot create the checkpoint directory ${dir}: ${describeFsError(err)}`, { cause: err });
  }
  const file = (taskId: string) => join(dir, `${taskId}.ckpt`);
  return {
    async load(taskId) {
      for (const path of [file(taskId), `${file(taskId)}.prev`]) {
        if (!existsSync(path)) continue;
        const bytes = readFileSync(path);
        try {
          decodeCheckpoint(bytes);
          return bytes;
        } catch (err) {
          if (!(err instanceof CheckpointError)) throw err;
          warn(`checkpoint ${path} is unusable (${err.message}); trying the one before`);
        }
      }
      return null;
    },
    async save(taskId, bytes) {
      if (existsSync(file(taskId))) renameSync(file(taskId), `${file(taskId)}.prev`);
      writeFileAtomic(file(taskId), bytes);
    },
  };
}

/** Deletes a task's checkpoints (the newest and the one before) from DIR. */
export function removeDirectoryCheckpoints(dir: string, taskId: string): void {
  for (const suffix of ['.ckpt', '.ckpt.prev']) rmSync(join(dir, taskId + suffix), { force: true });
}
