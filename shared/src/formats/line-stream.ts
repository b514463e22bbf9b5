/**
 * A file read line by line in fixed chunks (synchronous, so frame parsers stay plain loops):
 * a dump of a thousand frames is never held in memory at once.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { LineSource } from './lammps-dump.js';

export interface FileLines extends LineSource {
  /** bytes read so far, for progress */
  readonly bytesRead: number;
  close(): void;
}

export function fileLines(path: string, chunkBytes = 1 << 22): FileLines {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(chunkBytes);
  let lines: string[] = [];
  let at = 0;
  let index = 0;
  let rest = '';
  let eof = false;
  let bytesRead = 0;
  const fill = () => {
    while (at >= lines.length && !eof) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      bytesRead += n;
      if (n === 0) {
        eof = true;
        lines = rest === '' ? [] : [rest];
        rest = '';
      } else {
        // a multi-byte character split between chunks stays whole: cut at the last newline byte
        const cut = buf.lastIndexOf(10, n - 1);
        const head = cut >= 0 ? rest + buf.toString('utf8', 0, cut) : '';
        rest = cut >= 0 ? buf.toString('utf8', cut + 1, n) : rest + buf.toString('utf8', 0, n);
        lines = cut >= 0 ? head.split(/\r?\n/) : [];
      }
      at = 0;
    }
  };
  return {
    peek() {
      fill();
      return at < lines.length ? lines[at] : undefined;
    },
    advance() {
      fill();
      if (at < lines.length) {
        at++;
        index++;
      }
    },
    get index() {
      return index;
    },
    get bytesRead() {
      return bytesRead;
    },
    close: () => closeSync(fd),
  };
}
