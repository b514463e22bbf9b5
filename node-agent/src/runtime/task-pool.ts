/**
 * A piscina pool of MD worker threads, used by both the embedded runner and the node agent.
 * Each task gets its own MessagePort for progress, host-kept checkpoints and a graceful stop.
 */
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TaskSpec } from '@ionsweep/shared';
import type { TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';
import type { CheckpointStore, TaskResult } from './task-handler.js';
import type { ArtifactStore } from './artifacts/artifact-store.js';
import type { WorkerTask } from './worker.js';
import { hostSide } from './worker-port.js';

/** File of the piscina worker entry (the built JavaScript). */
export const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url));

export interface PoolTaskOptions {
  /** checkpoints in this directory (read and written by the worker itself) … */
  checkpointDir?: string;
  /** … or kept by the host: the worker asks for them over its port */
  checkpoints?: CheckpointStore;
  /** the task's files (final structure, thermo log, trajectory) into DIR/<task>/ … */
  artifactDir?: string;
  /** … or handed to the host's store; neither: not kept */
  artifacts?: ArtifactStore;
  onProgress?: (p: TaskProgress) => void;
  /** aborting ends the worker at once; the last saved checkpoint stays */
  signal?: AbortSignal;
  /** pair-force threads of the task's simulation (default 1), besides its worker thread */
  threads?: number;
}

export interface PoolTask {
  result: Promise<TaskResult>;
  /** asks the task to stop after saving its next checkpoint (it then fails with TaskAborted) */
  stop(): void;
}

export class TaskPool {
  private readonly pool: Piscina;

  constructor(readonly threads: number) {
    this.pool = new Piscina({ filename: WORKER_FILE, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  }

  run(taskId: string, spec: TaskSpec, o: PoolTaskOptions = {}): PoolTask {
    const { port1, port2 } = new MessageChannel();
    const host = hostSide(
      port1,
      o.checkpointDir ? null : (o.checkpoints ?? null),
      (p) => o.onProgress?.(p),
      o.artifactDir ? null : (o.artifacts ?? null),
    );
    const task: WorkerTask = {
      taskId,
      spec,
      checkpointDir: o.checkpointDir ?? null,
      artifacts: o.artifactDir ? { dir: o.artifactDir } : o.artifacts ? 'host' : null,
      port: port2,
      threads: o.threads ?? 1,
    };
    const result = (this.pool.run(task, { transferList: [port2], signal: o.signal }) as Promise<TaskResult>).finally(
      () => host.close(),
    );
    return { result, stop: host.stop };
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
