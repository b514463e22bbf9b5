/**
 * Checkpoints in the JetStream object store, readable by any agent. Each task has two slots,
 * `<task>.a` and `<task>.b`, written in turn: a save is one upload that leaves the previous
 * checkpoint in the other slot (a copy to `.prev` would cost a download and a second upload per
 * save). Loading takes the newest slot that passes its checksum, so a corrupted newest
 * checkpoint falls back to the one before, and to a clean start when both fail.
 */
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { errorMessage } from '@ionsweep/shared';
import { CheckpointError, decodeCheckpoint } from '../../md/checkpoint/checkpoint.js';
import type { CheckpointStore } from '../task-handler.js';

export const CHECKPOINT_BUCKET = 'ionsweep-checkpoints';
const SLOTS = ['a', 'b'] as const;
type Slot = (typeof SLOTS)[number];

export async function objectStoreCheckpoints(
  nc: NatsConnection,
  bucket = CHECKPOINT_BUCKET,
  warn: (message: string) => void = () => {},
): Promise<CheckpointStore & { store: ObjectStore }> {
  const store = await new Objm(nc).create(bucket);
  /** the slot that holds the checkpoint a task resumed from or last saved: the next save goes to the other */
  const current = new Map<string, Slot>();
  return {
    store,
    async load(taskId) {
      const written = await Promise.all(
        SLOTS.map(async (slot) => ({ slot, info: await store.info(`${taskId}.${slot}`) })),
      );
      const newestFirst = written
        .filter((w) => w.info !== null)
        .sort((p, q) => Date.parse(q.info!.mtime) - Date.parse(p.info!.mtime));
      for (const { slot } of newestFirst) {
        const name = `${taskId}.${slot}`;
        const bytes = await store.getBlob(name);
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
        // the bare client error ("timeout") does not say what timed out
        throw new Error(`cannot save checkpoint ${bucket}/${name} (${errorMessage(err)})`, {
          cause: err,
        });
      }
      current.set(taskId, slot);
    },
  };
}
