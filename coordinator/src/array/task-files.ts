/**
 * Array mode's store: one directory on a shared filesystem, one file per stored result, written by
 * many processes on many nodes at once with no server and no locks.
 *
 *   DIR/sweep.json                the sweep this directory belongs to (created once, atomically)
 *   DIR/results/<task>.json       a task's result; written to a random temporary name, then renamed
 *   DIR/failures/<task>.json      why a task's last attempt failed (removed when it succeeds)
 *   DIR/checkpoints/<task>.ckpt   a running task's checkpoint (+ .prev); removed with its result
 *   DIR/artifacts/<task>/         a finished task's files (final structure, thermo log, trajectory), manifest last
 *
 * Why this is safe on NFS/Lustre: rename within a directory and link(2) are atomic there; nothing
 * is appended to or rewritten in place, so a reader sees a whole file or none; task ids are
 * content hashes, so two processes that run the same task write the same result and the second
 * rename is harmless. SQLite is not used: its locks are unreliable across NFS clients.
 */
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError, writeFileAtomic, type SweepSpec } from '@ionsweep/shared';
import { removeDirectoryCheckpoints, type TaskResult } from '@ionsweep/node-agent';

export const ARRAY_LAYOUT = 1;

export interface ArrayManifest {
  layout: number;
  sweepId: string;
  name: string;
  sweep: SweepSpec;
  created: string;
}

export interface TaskFailure {
  taskId: string;
  index: number;
  message: string;
  host: string;
  at: string;
}

export class TaskFileStore {
  readonly checkpointDir: string;
  /** each task's files: DIR/artifacts/<task>/ */
  readonly artifactDir: string;

  constructor(readonly dir: string) {
    this.checkpointDir = join(dir, 'checkpoints');
    this.artifactDir = join(dir, 'artifacts');
  }

  private resultFile = (taskId: string) => join(this.dir, 'results', `${taskId}.json`);
  private failureFile = (taskId: string) => join(this.dir, 'failures', `${taskId}.json`);

  /** The manifest, or null when the directory holds no array-mode sweep yet. */
  manifest(): ArrayManifest | null {
    const path = join(this.dir, 'sweep.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ArrayManifest) : null;
  }

  /**
   * Makes this directory the sweep's, or checks that it already is. The first of many concurrent
   * callers wins: the manifest is linked into place, which fails if it exists (atomic on NFS too).
   */
  claim(sweepId: string, sweep: SweepSpec): void {
    const path = join(this.dir, 'sweep.json');
    if (!existsSync(path)) {
      const manifest: ArrayManifest = {
        layout: ARRAY_LAYOUT,
        sweepId,
        name: sweep.name,
        sweep,
        created: new Date().toISOString(),
      };
      const tmp = join(this.dir, `.sweep.json.${hostname()}.${process.pid}.tmp`);
      writeFileAtomic(tmp, JSON.stringify(manifest, null, 2) + '\n');
      try {
        linkSync(tmp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        rmSync(tmp, { force: true });
      }
    }
    const m = this.manifest()!;
    if (m.layout !== ARRAY_LAYOUT)
      throw new InputError('--out', `${this.dir} has array layout ${m.layout}; this build reads ${ARRAY_LAYOUT}`);
    if (m.sweepId !== sweepId)
      throw new InputError(
        '--out',
        `${this.dir} holds the results of another sweep ('${m.name}', id ${m.sweepId}); this sweep ('${sweep.name}') is ${sweepId}: use another directory`,
      );
  }

  hasResult(taskId: string): boolean {
    return existsSync(this.resultFile(taskId));
  }

  getResult(taskId: string): TaskResult | null {
    const path = this.resultFile(taskId);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as TaskResult) : null;
  }

  /** Stores a result, then clears the task's failure and checkpoints (they are no longer needed). */
  putResult(taskId: string, result: TaskResult): void {
    writeFileAtomic(this.resultFile(taskId), JSON.stringify(result) + '\n');
    rmSync(this.failureFile(taskId), { force: true });
    removeDirectoryCheckpoints(this.checkpointDir, taskId);
  }

  putFailure(f: Omit<TaskFailure, 'host' | 'at'>): void {
    const full: TaskFailure = { ...f, host: hostname(), at: new Date().toISOString() };
    writeFileAtomic(this.failureFile(f.taskId), JSON.stringify(full, null, 2) + '\n');
  }

  failure(taskId: string): TaskFailure | null {
    const path = this.failureFile(taskId);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as TaskFailure) : null;
  }

  ensure(): void {
    mkdirSync(join(this.dir, 'results'), { recursive: true });
  }
}
