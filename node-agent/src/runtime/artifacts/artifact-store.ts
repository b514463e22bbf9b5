/**
 * What a task leaves besides its result (final structure, thermo log, trajectory) and where it
 * goes: a directory (embedded and array mode) or the JetStream object store (cluster mode), as
 * checkpoints do. A task's files are saved once, when it ends, before its result is handed in:
 * a stored result means its artifacts are there. The manifest, written last, lists every file
 * with its size and SHA-256, so a reader knows the set is whole and each file intact.
 */
import { createHash } from 'node:crypto';

export interface ArtifactFile {
  name: string;
  bytes: Uint8Array;
}

export interface ArtifactStore {
  save(taskId: string, files: ArtifactFile[]): Promise<void>;
}

export interface ArtifactEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export const MANIFEST_FILE = 'manifest.json';

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function manifestOf(files: ArtifactFile[]): ArtifactEntry[] {
  return files.map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha256Hex(f.bytes) }));
}

/** The manifest as a file of its own (the last one a store writes). */
export function manifestFile(taskId: string, entries: ArtifactEntry[]): ArtifactFile {
  return { name: MANIFEST_FILE, bytes: Buffer.from(JSON.stringify({ task: taskId, files: entries }, null, 2) + '\n') };
}

/** Checks files read back against their manifest; throws naming the first that differs. */
export function checkAgainstManifest(where: string, entries: ArtifactEntry[], files: Map<string, Uint8Array>): void {
  for (const e of entries) {
    const bytes = files.get(e.name);
    if (!bytes) throw new Error(`${where}: ${e.name} is missing`);
    if (bytes.length !== e.bytes || sha256Hex(bytes) !== e.sha256)
      throw new Error(`${where}: ${e.name} does not match its manifest (${bytes.length} of ${e.bytes} bytes)`);
  }
}
