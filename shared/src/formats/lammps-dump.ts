/**
 * LAMMPS text dumps (`dump custom`): per frame the timestep, box and atoms with `id type` and
 * unwrapped `xu yu zu`, or wrapped `x y z` with image flags `ix iy iz`, or wrapped `x y z`
 * alone — then unwrapped by minimum image between consecutive frames (correct while no atom
 * moves more than half a box between frames). Frames come out in atom-id order.
 */
import { InputError } from '../errors.js';

export interface DumpFrame {
  timestep: number;
  lo: [number, number, number];
  hi: [number, number, number];
  /** atom ids, ascending */
  ids: Int32Array;
  types: Int32Array;
  /** unwrapped positions, Å, in id order */
  positions: Float64Array;
}

export type DumpCoordinates = 'unwrapped' | 'image-flags' | 'wrapped';

export interface DumpTrajectory {
  frames: DumpFrame[];
  coordinates: DumpCoordinates;
}

/** Lines of a dump, one at a time: from a string in memory or streamed from a file. */
export interface LineSource {
  /** the current line (undefined at the end) */
  peek(): string | undefined;
  /** moves to the next line */
  advance(): void;
  /** 0-based number of the current line */
  readonly index: number;
}

export function stringLines(text: string): LineSource {
  const lines = text.split(/\r?\n/);
  let i = 0;
  return {
    peek: () => lines[i],
    advance: () => void i++,
    get index() {
      return i;
    },
  };
}

export function readLammpsDump(text: string, fileName = 'dump'): DumpTrajectory {
  const src = stringLines(text);
  const frames: DumpFrame[] = [];
  let coordinates: DumpCoordinates | null = null;
  for (;;) {
    const next = readDumpFrame(src, fileName, coordinates);
    if (!next) break;
    coordinates = next.coordinates;
    const frame = next.frame;
    const prev = frames[frames.length - 1];
    if (prev) {
      if (prev.ids.length !== frame.ids.length || prev.ids.some((id, k) => id !== frame.ids[k]))
        throw new InputError(`${fileName}:${src.index}`, 'the atoms differ from the previous frame');
      if (coordinates === 'wrapped') unwrapAgainst(prev, frame);
    }
    frames.push(frame);
  }
  if (frames.length === 0) throw new InputError(fileName, 'no frames');
  return { frames, coordinates: coordinates! };
}

/**
 * The next frame of `src` (null at the end of the file), positions in id order: unwrapped when
 * the dump has xu yu zu or image flags, as written otherwise. `previous` is the coordinate kind of
 * the frames before, which must not change.
 */
export function readDumpFrame(
  src: LineSource,
  fileName: string,
  previous: DumpCoordinates | null,
): { frame: DumpFrame; coordinates: DumpCoordinates } | null {
  const fail = (detail: string): never => {
    throw new InputError(`${fileName}:${src.index + 1}`, detail);
  };
  /** the current line, or a clear error at the end of the file */
  const line = (): string => src.peek() ?? fail('the file ends in the middle of a frame');
  const expect = (prefix: string) => {
    if (!src.peek()?.startsWith(prefix)) fail(`expected '${prefix}', got '${(src.peek() ?? '').slice(0, 60)}'`);
    src.advance();
  };
  const number = (token: string | undefined, what: string) => {
    const v = Number(token);
    if (token === undefined || token === '' || !Number.isFinite(v))
      fail(`${what}: expected a number, got '${token ?? ''}'`);
    return v;
  };
  while (src.peek() !== undefined && src.peek()!.trim() === '') src.advance();
  if (src.peek() === undefined) return null;
  if (src.peek()!.charCodeAt(0) === 0x1f) fail('this looks like a gzip-compressed dump; decompress it first (gunzip)');
  expect('ITEM: TIMESTEP');
  const timestep = number(line().trim(), 'timestep');
  src.advance();
  expect('ITEM: NUMBER OF ATOMS');
  const n = number(line().trim(), 'number of atoms');
  if (!Number.isInteger(n) || n < 1 || n > 50_000_000) fail(`number of atoms: ${n} is outside 1..50000000`);
  src.advance();
  if (!src.peek()?.startsWith('ITEM: BOX BOUNDS')) fail(`expected 'ITEM: BOX BOUNDS'`);
  if (/xy|xz|yz/.test(line())) fail('triclinic boxes are not supported');
  src.advance();
  const lo: [number, number, number] = [0, 0, 0];
  const hi: [number, number, number] = [0, 0, 0];
  for (let d = 0; d < 3; d++, src.advance()) {
    const [a, b] = line().trim().split(/\s+/);
    lo[d] = number(a, 'box bound');
    hi[d] = number(b, 'box bound');
  }
  if (!src.peek()?.startsWith('ITEM: ATOMS')) fail(`expected 'ITEM: ATOMS id type …'`);
  const cols = line().slice('ITEM: ATOMS'.length).trim().split(/\s+/);
  const col = (name: string) => cols.indexOf(name);
  const mode: DumpCoordinates =
    col('xu') >= 0 && col('yu') >= 0 && col('zu') >= 0
      ? 'unwrapped'
      : col('x') >= 0 && col('ix') >= 0
        ? 'image-flags'
        : col('x') >= 0
          ? 'wrapped'
          : fail(`no coordinates: need xu yu zu, or x y z [ix iy iz] (columns: ${cols.join(' ')})`);
  if (col('id') < 0 || col('type') < 0) fail(`the dump needs id and type columns (columns: ${cols.join(' ')})`);
  if (previous && previous !== mode) fail(`coordinate columns changed between frames (${previous} → ${mode})`);
  const pos = mode === 'unwrapped' ? ['xu', 'yu', 'zu'].map(col) : ['x', 'y', 'z'].map(col);
  const img = ['ix', 'iy', 'iz'].map(col);
  src.advance();
  const ids = new Int32Array(n);
  const types = new Int32Array(n);
  const r = new Float64Array(3 * n);
  for (let k = 0; k < n; k++, src.advance()) {
    const f = (src.peek() ?? '').trim().split(/\s+/);
    if (f.length !== cols.length) fail(`atom line has ${f.length} fields, the header names ${cols.length}`);
    for (let d = 0; d < 3; d++) r[3 * k + d] = number(f[pos[d]], 'coordinate');
    if (mode === 'image-flags')
      for (let d = 0; d < 3; d++) r[3 * k + d] += number(f[img[d]], 'image flag') * (hi[d] - lo[d]);
    ids[k] = number(f[col('id')], 'id');
    types[k] = number(f[col('type')], 'type');
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => ids[a] - ids[b]);
  const frame: DumpFrame = {
    timestep,
    lo,
    hi,
    ids: Int32Array.from(order, (k) => ids[k]),
    types: Int32Array.from(order, (k) => types[k]),
    positions: Float64Array.from({ length: 3 * n }, (_, q) => r[3 * order[Math.floor(q / 3)] + (q % 3)]),
  };
  return { frame, coordinates: mode };
}

/** Shifts each atom of `frame` by whole boxes to the image nearest its previous position. */
function unwrapAgainst(prev: DumpFrame, frame: DumpFrame): void {
  for (let k = 0; k < frame.ids.length; k++) {
    for (let d = 0; d < 3; d++) {
      const L = frame.hi[d] - frame.lo[d];
      const delta = frame.positions[3 * k + d] - prev.positions[3 * k + d];
      frame.positions[3 * k + d] -= L * Math.round(delta / L);
    }
  }
}
