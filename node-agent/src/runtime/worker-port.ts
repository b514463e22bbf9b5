/**
 * What a piscina worker and its host say over the task's MessagePort. The worker reports
 * progress, and — when the host keeps the checkpoints and artifacts (an agent's JetStream
 * object stores, whose connection lives on the main thread) — asks the host to load and save them. The host can ask
 * the worker to stop at its next checkpoint. runTask is sequential, so at most one request is
 * in flight.
 */
import type { MessagePort } from 'node:worker_threads';
import { errorMessage } from '@ionsweep/shared';
import type { TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';
import type { CheckpointStore } from './task-handler.js';
import type { ArtifactFile, ArtifactStore } from './artifacts/artifact-store.js';

type FromWorker =
  | { kind: 'progress'; progress: TaskProgress }
  | { kind: 'load'; taskId: string }
  | { kind: 'save'; taskId: string; bytes: Uint8Array }
  | { kind: 'artifacts'; taskId: string; files: ArtifactFile[] };

type FromHost =
  | { kind: 'loaded'; bytes: Uint8Array | null }
  | { kind: 'saved' }
  | { kind: 'failed'; error: string }
  | { kind: 'stop' };

/** Worker side: checkpoints and artifacts through the host, progress to the host, and a stop signal. */
export interface WorkerSide {
  checkpoints: CheckpointStore;
  artifacts: ArtifactStore;
  signal: AbortSignal;
  progress: (p: TaskProgress) => void;
}

export function workerSide(port: MessagePort): WorkerSide {
  let reply: ((m: FromHost) => void) | null = null;
  const stop = new AbortController();
  port.on('message', (m: FromHost) => {
    if (m.kind === 'stop') stop.abort();
    else reply?.(m);
  });
  const ask = (m: FromWorker, transfer: ArrayBuffer[] = []) =>
    new Promise<FromHost>((resolve, reject) => {
      reply = (r) => {
        reply = null;
        if (r.kind === 'failed') reject(new Error(r.error));
        else resolve(r);
      };
      port.postMessage(m, transfer);
    });
  const checkpoints: CheckpointStore = {
    async load(taskId) {
      const r = await ask({ kind: 'load', taskId });
      return r.kind === 'loaded' ? r.bytes : null;
    },
    async save(taskId, bytes) {
      await ask({ kind: 'save', taskId, bytes });
    },
  };
  const artifacts: ArtifactStore = {
    async save(taskId, files) {
      await ask({ kind: 'artifacts', taskId, files });
    },
  };
  return {
    checkpoints,
    artifacts,
    signal: stop.signal,
    progress: (progress: TaskProgress) => port.postMessage({ kind: 'progress', progress } satisfies FromWorker),
  };
}

/**
 * Host side: serves checkpoint requests from `store`, artifact saves to `artifacts`, and hands
 * progress to `onProgress`.
 */
export function hostSide(
  port: MessagePort,
  store: CheckpointStore | null,
  onProgress: (p: TaskProgress) => void,
  artifacts: ArtifactStore | null = null,
): { stop: () => void; close: () => void } {
  const answer = (m: FromHost) => port.postMessage(m);
  const serve = (m: Exclude<FromWorker, { kind: 'progress' }>): Promise<FromHost> => {
    if (m.kind === 'artifacts')
      return (artifacts?.save(m.taskId, m.files) ?? Promise.resolve()).then(() => ({ kind: 'saved' }));
    if (!store) return Promise.resolve(m.kind === 'load' ? { kind: 'loaded', bytes: null } : { kind: 'saved' });
    return m.kind === 'load'
      ? store.load(m.taskId).then((bytes): FromHost => ({ kind: 'loaded', bytes }))
      : store.save(m.taskId, m.bytes).then((): FromHost => ({ kind: 'saved' }));
  };
  port.on('message', (m: FromWorker) => {
    if (m.kind === 'progress') return onProgress(m.progress);
    serve(m).then(answer, (err: unknown) => answer({ kind: 'failed', error: errorMessage(err) }));
  });
  return { stop: () => answer({ kind: 'stop' }), close: () => port.close() };
}
