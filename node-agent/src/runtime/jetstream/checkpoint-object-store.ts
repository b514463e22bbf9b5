/**
 * Checkpoints in the JetStream object store, readable by any agent: `<task>` holds the newest,
 * `<task>.prev` the one before. Loading falls back to the previous checkpoint when the newest
 * fails its checksum, and to a clean start when both do.
 */
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { CheckpointError, decodeCheckpoint } from '../../md/checkpoint/checkpoint.js';
import type { CheckpointStore } from '../task-handler.js';

export const CHECKPOINT_BUCKET = 'ionsweep-checkpoints';

export async function objectStoreCheckpoints(
  nc: NatsConnection,
  bucket = CHECKPOINT_BUCKET,
  warn: (message: string) => void = () => {},
): Promise<CheckpointStore & { store: ObjectStore }> {
  const store = await new Objm(nc).create(bucket);
  return {
    store,
    async load(taskId) {
      for (const name of [taskId, `${taskId}.prev`]) {
        const bytes = await store.getBlob(name);
        if (!bytes) continue;
        try {
          decodeCheckpoint(bytes);
          return bytes;
        } catch (err) {
          if (!(err instanceof CheckpointError)) throw err;
          warn(`checkpoint ${bucket}/${name} is unusable (${err.message}); trying the one before`);
        }
      }
      return null;
    },
    async save(taskId, bytes) {
      const current = await store.getBlob(taskId);
      if (current) await store.putBlob({ name: `${taskId}.prev` }, current);
      await store.putBlob({ name: taskId }, bytes);
    },
  };
}
