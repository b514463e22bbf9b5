/** Sweep files derived from examples/sweeps/tiny.yaml, for tests and benchmarks that need a variant. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from './cli-process.js';

/**
 * tiny.yaml renamed, with its force field as an absolute path and each `from → to` edit applied,
 * written to a fresh temporary directory; returns the file. An edit whose `from` is not in the
 * text throws, so a changed tiny.yaml cannot silently turn a variant back into tiny.
 */
export function tinySweep(name: string, edits: Record<string, string> = {}): string {
  let text = readFileSync(join(ROOT_DIR, 'examples/sweeps/tiny.yaml'), 'utf8');
  const all: Record<string, string> = {
    'name: tiny': `name: ${name}`,
    '../forcefields/ns-buck-2026.yaml': join(ROOT_DIR, 'examples/forcefields/ns-buck-2026.yaml'),
    ...edits,
  };
  for (const [from, to] of Object.entries(all)) {
    if (!text.includes(from)) throw new Error(`tinySweep: '${from}' is not in tiny.yaml`);
    text = text.replace(from, to);
  }
  const file = join(mkdtempSync(join(tmpdir(), `ionsweep-${name}-`)), `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}
