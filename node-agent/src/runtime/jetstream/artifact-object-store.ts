/**
 * Tasks' artifacts in the JetStream object store (cluster mode): `<task>/<file>` in one bucket,
 * the manifest uploaded last, so an object `<task>/manifest.json` means the set is whole. Agents
 * write them; the coordinator reads them back for `ionsweep results ID --artifacts DIR`.
 */
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { DEFAULT_STORAGE, objectBucket, readObject, storageError, type JetStreamStorage } from './storage.js';
import {
  checkAgainstManifest,
  MANIFEST_FILE,
  type ArtifactEntry,
  type ArtifactStore,
} from '../artifacts/artifact-store.js';

export const ARTIFACT_BUCKET = 'ionsweep-artifacts';
export const ARTIFACT_BYTES_FLAG = '--artifact-store-bytes';

/** The bucket, created when missing (agents and coordinator both may be first). */
export function artifactBucket(
  nc: NatsConnection,
  storage: JetStreamStorage = DEFAULT_STORAGE,
  bucket = ARTIFACT_BUCKET,
): Promise<ObjectStore> {
  return objectBucket(nc, bucket, storage.replicas, storage.artifactBytes, ARTIFACT_BYTES_FLAG);
}

export function objectStoreArtifacts(store: ObjectStore, storage: JetStreamStorage = DEFAULT_STORAGE): ArtifactStore {
  return {
    async save(taskId, files) {
      const ordered = [
        ...files.filter((f) => f.name !== MANIFEST_FILE),
        ...files.filter((f) => f.name === MANIFEST_FILE),
      ];
      for (const f of ordered) {
        const name = `${taskId}/${f.name}`;
        try {
          await store.putBlob({ name }, f.bytes);
        } catch (err) {
          throw storageError(
            `cannot save artifact ${ARTIFACT_BUCKET}/${name}`,
            ARTIFACT_BYTES_FLAG,
            storage.artifactBytes,
            err,
          );
        }
      }
    },
  };
}

/** A task's artifacts from the bucket, checked against its manifest; null when it has none. */
export async function readObjectStoreArtifacts(
  nc: NatsConnection,
  store: ObjectStore,
  taskId: string,
): Promise<Map<string, Uint8Array> | null> {
  const read = (name: string) => readObject(nc, store, ARTIFACT_BUCKET, `${taskId}/${name}`);
  const manifest = await read(MANIFEST_FILE);
  if (!manifest) return null;
  const { files: entries } = JSON.parse(Buffer.from(manifest).toString('utf8')) as { files: ArtifactEntry[] };
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    const bytes = await read(e.name);
    if (bytes) files.set(e.name, bytes);
  }
  checkAgainstManifest(`${ARTIFACT_BUCKET}/${taskId}`, entries, files);
  files.set(MANIFEST_FILE, manifest);
  return files;
}
