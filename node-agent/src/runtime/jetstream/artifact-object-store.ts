/**
 * Tasks' artifacts in the JetStream object store (cluster mode): `<task>/<file>` in one bucket,
 * the manifest uploaded last, so an object `<task>/manifest.json` means the set is whole. Agents
 * write them; the coordinator reads them back for `ionsweep results ID --artifacts DIR`.
 */
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/nats-core';
import { errorMessage } from '@ionsweep/shared';
import {
  checkAgainstManifest,
  MANIFEST_FILE,
  type ArtifactEntry,
  type ArtifactStore,
} from '../artifacts/artifact-store.js';

export const ARTIFACT_BUCKET = 'ionsweep-artifacts';

/** The bucket, created when missing (agents and coordinator both may be first). */
export function artifactBucket(nc: NatsConnection, bucket = ARTIFACT_BUCKET): Promise<ObjectStore> {
  return new Objm(nc).create(bucket);
}

export function objectStoreArtifacts(store: ObjectStore): ArtifactStore {
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
          throw new Error(`cannot save artifact ${ARTIFACT_BUCKET}/${name} (${errorMessage(err)})`, { cause: err });
        }
      }
    },
  };
}

/** A task's artifacts from the bucket, checked against its manifest; null when it has none. */
export async function readObjectStoreArtifacts(
  store: ObjectStore,
  taskId: string,
): Promise<Map<string, Uint8Array> | null> {
  const manifest = await store.getBlob(`${taskId}/${MANIFEST_FILE}`);
  if (!manifest) return null;
  const { files: entries } = JSON.parse(Buffer.from(manifest).toString('utf8')) as { files: ArtifactEntry[] };
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    const bytes = await store.getBlob(`${taskId}/${e.name}`);
    if (bytes) files.set(e.name, bytes);
  }
  checkAgainstManifest(`${ARTIFACT_BUCKET}/${taskId}`, entries, files);
  files.set(MANIFEST_FILE, manifest);
  return files;
}
