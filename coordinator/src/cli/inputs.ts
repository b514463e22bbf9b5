/** File inputs shared by the CLI commands, with errors that name the flag and the file. */
import { readFileSync } from 'node:fs';
import {
  bundledForceFieldPath,
  InputError,
  parseForceField,
  readLammpsData,
  type AtomConfiguration,
  type ForceFieldDescriptor,
} from '@ionsweep/shared';

export function readTextFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(err);
    throw new InputError(flag, `cannot read '${path}': ${why}`);
  }
}

export function loadForceField(path: string | undefined): ForceFieldDescriptor {
  const file = path ?? bundledForceFieldPath();
  return parseForceField(readTextFile('--forcefield', file), file);
}

export function parseTypes(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const types = text.split(',').map((t) => t.trim());
  const bad = types.find((t) => !/^[A-Z][a-z]?$/.test(t));
  if (bad !== undefined) throw new InputError('--types', `'${bad}' is not an element symbol; expected e.g. Na,Si,S`);
  return types;
}

export function loadData(path: string, types?: string): AtomConfiguration {
  return readLammpsData(readTextFile('--data', path), { fileName: path, types: parseTypes(types) });
}
