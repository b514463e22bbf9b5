/**
 * Parsers for command-line and file values. Each throws an InputError naming the field, so the
 * CLI can print one line and exit 2.
 */
import { InputError } from '../errors.js';

/** Strict number: rejects '', '1e', '0x10', 'NaN'; accepts 'inf'/'-inf' only when allowed. */
export function parseNumber(field: string, text: string, options: { allowInfinity?: boolean } = {}): number {
  const t = text.trim();
  if (options.allowInfinity && /^[+]?inf(inity)?$/i.test(t)) return Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new InputError(field, `'${text}' is not a number`);
  }
  const v = Number(t);
  if (!Number.isFinite(v)) throw new InputError(field, `'${text}' is not a finite number`);
  return v;
}

/** Rounds away binary noise (0.30000000000000004 → 0.3) so grid values print as typed. */
function tidy(v: number): number {
  return Number(v.toPrecision(12));
}

/** Most points a range may expand to; larger grids are almost always a typo in the step. */
export const MAX_RANGE_POINTS = 100_000;

/**
 * A value list: `0.1`, `2,3,4` or `start:stop:step` (stop included when the steps land on it to
 * within 1e-9 of a step).
 */
export function parseNumberList(field: string, text: string): number[] {
  const t = text.trim();
  if (t.includes(':')) return parseRange(field, t);
  if (t === '') throw new InputError(field, 'expected a number, a comma list or start:stop:step; got nothing');
  return t.split(',').map((part) => parseNumber(field, part));
}

function parseRange(field: string, text: string): number[] {
  const parts = text.split(':');
  if (parts.length !== 3) {
    throw new InputError(field, `malformed range '${text}': expected start:stop:step`);
  }
  const [start, stop, step] = parts.map((p) => parseNumber(field, p));
  if (step <= 0) throw new InputError(field, `range step must be > 0, got ${step}`);
  if (stop < start) throw new InputError(field, `range stop ${stop} is below its start ${start}`);
  const n = Math.floor((stop - start) / step + 1e-9);
  if (n + 1 > MAX_RANGE_POINTS) {
    throw new InputError(field, `range '${text}' has ${n + 1} points; at most ${MAX_RANGE_POINTS} are allowed`);
  }
  return Array.from({ length: n + 1 }, (_, i) => tidy(start + i * step));
}

/** A choice among fixed words. */
export function parseChoice<T extends string>(field: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new InputError(field, `must be one of ${allowed.join(', ')}; got '${text}'`);
  }
  return text as T;
}

/** An integer in lo … hi (both included). */
export function parseIntegerIn(field: string, text: string, lo: number, hi: number): number {
  const v = parseNumber(field, text);
  if (!Number.isInteger(v) || v < lo || v > hi)
    throw new InputError(field, `must be an integer in ${lo}..${hi}, got ${text}`);
  return v;
}

const BYTE_UNITS: Record<string, number> = { '': 1, B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/** A size in bytes: `1073741824`, `512MiB`, `8GiB` (binary units), at least `min`. */
export function parseBytes(field: string, text: string, min = 1): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB)?\s*$/.exec(text);
  const bytes = m ? Math.round(Number(m[1]) * BYTE_UNITS[m[2] ?? '']) : NaN;
  if (!(bytes >= min))
    throw new InputError(field, `must be a size of at least ${min} bytes, e.g. 512MiB or 8GiB; got '${text}'`);
  return bytes;
}
