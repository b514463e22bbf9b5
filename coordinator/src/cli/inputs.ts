/** File inputs shared by the CLI commands, with errors that name the flag and the file. */
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  bundledForceFieldPath,
  describeFsError,
  errorMessage,
  InputError,
  isSpeciesName,
  parseForceField,
  parseNumber,
  parseSweep,
  readLammpsData,
  type AtomConfiguration,
  type ForceFieldDescriptor,
  type SweepSpec,
} from '@ionsweep/shared';
import { lammpsHasCsvr } from '@ionsweep/node-agent/lammps-engine';

export function readTextFile(flag: string, path: string, gunzip = false): string {
  try {
    const bytes = readFileSync(path);
    // gzip's magic bytes: LAMMPS writes dump.gz with `dump … custom/gz` or users compress dumps
    if (gunzip && bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes).toString('utf8');
    return bytes.toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR'
              ? `not readable as gzip (${(err as Error).message})`
              : String(err);
    throw new InputError(flag, `cannot read '${path}': ${why}`);
  }
}

/** Creates an output directory (or checks an existing one) before any work, naming the flag on failure. */
export function writableDir(flag: string, dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch (err) {
    const why = describeFsError(err);
    throw new InputError(flag, `cannot create or write '${dir}': ${why}`);
  }
}

export function loadForceField(path: string | undefined): ForceFieldDescriptor {
  const file = path ?? bundledForceFieldPath();
  return parseForceField(readTextFile('--forcefield', file), file);
}

export function parseTypes(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const types = text.split(',').map((t) => t.trim());
  const bad = types.find((t) => !isSpeciesName(t));
  if (bad !== undefined)
    throw new InputError('--types', `'${bad}' is not an element symbol or a species of one; expected e.g. Na,Si,S,S0`);
  return types;
}

export function loadData(path: string, types?: string): AtomConfiguration {
  return readLammpsData(readTextFile('--data', path), { fileName: path, types: parseTypes(types) });
}

/** `--fit-window t0:t1` in ps (0 <= t0 < t1), or undefined for the automatic choice. */
export function parseFitWindow(text: string | undefined): { t0: number; t1: number } | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(':');
  if (parts.length !== 2) throw new InputError('--fit-window', `expected t0:t1 in ps, got '${text}'`);
  const [t0, t1] = parts.map((p) => parseNumber('--fit-window', p));
  if (!(t0 >= 0 && t1 > t0)) throw new InputError('--fit-window', `need 0 <= t0 < t1, got ${t0}:${t1}`);
  return { t0, t1 };
}

/**
 * A sweep file and the force field it names (relative to the sweep file). With `runsHere`, a
 * sweep whose engine is LAMMPS also needs its binary on this machine: checked before anything runs.
 */
export function loadSweepFile(file: string, runsHere = false): { sweep: SweepSpec; forcefield: ForceFieldDescriptor } {
  const sweep = parseSweep(readTextFile('SWEEP', file), file);
  const forcefield = loadForceField(resolve(dirname(file), sweep.forcefield));
  if (runsHere && sweep.engine === 'lammps') {
    try {
      lammpsHasCsvr(sweep.lammps.binary);
    } catch (err) {
      throw new InputError(`${file}: lammps.binary`, errorMessage(err));
    }
  }
  return { sweep, forcefield };
}
