/**
 * Artifacts in a directory (embedded and array mode): DIR/<task>/<file>, each file written
 * atomically and the manifest last, so a directory with a manifest is whole. Saving again (a
 * task run twice) replaces the files one by one; the manifest of the last save describes them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@ionsweep/shared';
import { checkAgainstManifest, MANIFEST_FILE, type ArtifactEntry, type ArtifactStore } from './artifact-store.js';

export function directoryArtifactStore(dir: string): ArtifactStore {
  return {
    async save(taskId, files) {
      const ordered = [
        ...files.filter((f) => f.name !== MANIFEST_FILE),
        ...files.filter((f) => f.name === MANIFEST_FILE),
      ];
      for (const f of ordered) writeFileAtomic(join(dir, taskId, f.name), f.bytes);
    },
  };
}

/** A task's artifacts read back from DIR/<task>/, checked against the manifest; null when it has none. */
export function readArtifactDir(dir: string, taskId: string): Map<string, Uint8Array> | null {
  const manifestPath = join(dir, taskId, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return null;
  const { files: entries } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: ArtifactEntry[] };
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    const path = join(dir, taskId, e.name);
    if (existsSync(path)) files.set(e.name, readFileSync(path));
  }
  checkAgainstManifest(join(dir, taskId), entries, files);
  files.set(MANIFEST_FILE, readFileSync(manifestPath));
  return files;
}
