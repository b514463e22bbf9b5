/**
 * Checkpoints in the JetStream object store, readable by any agent. Each task has two slots,
 * `<task>.a` and `<task>.b`, written in turn: a save is one upload that leaves the previous
 * checkpoint in the other slot (a copy to `.prev` would cost a download and a second upload per
 * save). Loading takes the newest slot that passes its checksum, so a corrupted newest
 * checkpoint falls back to the one before, and to a clean start when both fail. A task's slots
 * are deleted once its result is stored (`remove`), so the bucket holds only running tasks'.
 */
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { CheckpointError, decodeCheckpoint } from '../../md/checkpoint/checkpoint.js';
import type { CheckpointStore } from '../task-handler.js';
import {
  DEFAULT_STORAGE,
  objectBucket,
  readObject,
  retryRead,
  storageError,
  type JetStreamStorage,
} from './storage.js';

export const CHECKPOINT_BUCKET = 'ionsweep-checkpoints';
const SLOTS = ['a', 'b'] as const;
type Slot = (typeof SLOTS)[number];

export const CHECKPOINT_BYTES_FLAG = '--checkpoint-store-bytes';

export async function objectStoreCheckpoints(
  nc: NatsConnection,
  bucket = CHECKPOINT_BUCKET,
  warn: (message: string) => void = () => {},
  storage: JetStreamStorage = DEFAULT_STORAGE,
): Promise<CheckpointStore & { store: ObjectStore; remove(taskId: string): Promise<void> }> {
  const store = await objectBucket(nc, bucket, storage.replicas, storage.checkpointBytes, CHECKPOINT_BYTES_FLAG);
  /** the slot that holds the checkpoint a task resumed from or last saved: the next save goes to the other */
  const current = new Map<string, Slot>();
  return {
    store,
    async load(taskId) {
      const written = await Promise.all(
        SLOTS.map(async (slot) => ({ slot, info: await retryRead(() => store.info(`${taskId}.${slot}`)) })),
      );
      const newestFirst = written
        .filter((w) => w.info !== null)
        .sort((p, q) => Date.parse(q.info!.mtime) - Date.parse(p.info!.mtime));
      for (const { slot } of newestFirst) {
        const name = `${taskId}.${slot}`;
        const bytes = await readObject(nc, store, bucket, name);
        if (!bytes) continue;
        try {
          decodeCheckpoint(bytes);
          current.set(taskId, slot);
          return bytes;
        } catch (err) {
          if (!(err instanceof CheckpointError)) throw err;
          warn(`checkpoint ${bucket}/${name} is unusable (${err.message}); trying the one before`);
        }
      }
      current.set(taskId, 'b'); // nothing usable: start writing at a
      return null;
    },
    async save(taskId, bytes) {
      const slot: Slot = current.get(taskId) === 'a' ? 'b' : 'a';
      const name = `${taskId}.${slot}`;
      try {
        await store.putBlob({ name }, bytes);
      } catch (err) {
        // the bare client error ("timeout", "maximum bytes exceeded") does not say what failed
        throw storageError(
          `cannot save checkpoint ${bucket}/${name}`,
          CHECKPOINT_BYTES_FLAG,
          storage.checkpointBytes,
          err,
        );
      }
      current.set(taskId, slot);
    },
    /** Both slots of a task whose result is stored: its checkpoints are of no more use. */
    async remove(taskId) {
      for (const slot of SLOTS) await store.delete(`${taskId}.${slot}`).catch(() => {});
      current.delete(taskId);
    },
  };
}
