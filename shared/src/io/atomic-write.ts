import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { errorMessage } from '../errors.js';

/** Why a file operation failed, in words a user acts on. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way';
    default:
      return errorMessage(err);
  }
}

/**
 * Writes a file so that readers see either the old content or the whole new one, never a
 * partial write: the data goes to a temporary file in the same directory, then is renamed.
 * The temporary name is random, not only the pid: processes on different nodes writing into one
 * shared directory (array mode on NFS/Lustre) can have the same pid.
 * Failures name the file and the reason (a full disk, permissions).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new Error(`cannot write ${path}: ${describeFsError(err)}`, { cause: err });
  }
}
