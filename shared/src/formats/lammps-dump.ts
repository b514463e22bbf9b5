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

export function readLammpsDump(text: string, fileName = 'dump'): DumpTrajectory {
  const lines = text.split(/\r?\n/);
  const frames: DumpFrame[] = [];
  let coordinates: DumpCoordinates | null = null;
  let i = 0;
  const fail = (line: number, detail: string): never => {
    throw new InputError(`${fileName}:${line + 1}`, detail);
  };
  /** the text of line i, or a clear error at the end of the file */
  const at = (k: number): string => {
    if (k >= lines.length) fail(lines.length - 1, 'the file ends in the middle of a frame');
    return lines[k];
  };
  const expect = (prefix: string) => {
    if (!lines[i]?.startsWith(prefix)) fail(i, `expected '${prefix}', got '${(lines[i] ?? '').slice(0, 60)}'`);
    i++;
  };
  const number = (line: number, token: string | undefined, what: string) => {
    const v = Number(token);
    if (token === undefined || token === '' || !Number.isFinite(v))
      fail(line, `${what}: expected a number, got '${token ?? ''}'`);
    return v;
  };
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    expect('ITEM: TIMESTEP');
    const timestep = number(i, at(i).trim(), 'timestep');
    i++;
    expect('ITEM: NUMBER OF ATOMS');
    const n = number(i, at(i).trim(), 'number of atoms');
    if (!Number.isInteger(n) || n < 1 || n > 50_000_000) fail(i, `number of atoms: ${n} is outside 1..50000000`);
    i++;
    if (!lines[i]?.startsWith('ITEM: BOX BOUNDS')) fail(i, `expected 'ITEM: BOX BOUNDS'`);
    if (/xy|xz|yz/.test(lines[i])) fail(i, 'triclinic boxes are not supported');
    i++;
    const lo: [number, number, number] = [0, 0, 0];
    const hi: [number, number, number] = [0, 0, 0];
    for (let d = 0; d < 3; d++, i++) {
      const [a, b] = (lines[i] ?? '').trim().split(/\s+/);
      lo[d] = number(i, a, 'box bound');
      hi[d] = number(i, b, 'box bound');
    }
    if (!lines[i]?.startsWith('ITEM: ATOMS')) fail(i, `expected 'ITEM: ATOMS id type …'`);
    const cols = lines[i].slice('ITEM: ATOMS'.length).trim().split(/\s+/);
    const col = (name: string) => cols.indexOf(name);
    const mode: DumpCoordinates =
      col('xu') >= 0 && col('yu') >= 0 && col('zu') >= 0
        ? 'unwrapped'
        : col('x') >= 0 && col('ix') >= 0
          ? 'image-flags'
          : col('x') >= 0
            ? 'wrapped'
            : fail(i, `no coordinates: need xu yu zu, or x y z [ix iy iz] (columns: ${cols.join(' ')})`);
    if (col('id') < 0 || col('type') < 0) fail(i, `the dump needs id and type columns (columns: ${cols.join(' ')})`);
    if (coordinates && coordinates !== mode)
      fail(i, `coordinate columns changed between frames (${coordinates} → ${mode})`);
    coordinates = mode;
    const pos = mode === 'unwrapped' ? ['xu', 'yu', 'zu'].map(col) : ['x', 'y', 'z'].map(col);
    const img = ['ix', 'iy', 'iz'].map(col);
    i++;
    const rows: { id: number; type: number; r: number[] }[] = [];
    for (let k = 0; k < n; k++, i++) {
      const f = (lines[i] ?? '').trim().split(/\s+/);
      if (f.length !== cols.length) fail(i, `atom line has ${f.length} fields, the header names ${cols.length}`);
      const r = pos.map((c) => number(i, f[c], 'coordinate'));
      if (mode === 'image-flags') img.forEach((c, d) => (r[d] += number(i, f[c], 'image flag') * (hi[d] - lo[d])));
      rows.push({ id: number(i, f[col('id')], 'id'), type: number(i, f[col('type')], 'type'), r });
    }
    rows.sort((a, b) => a.id - b.id);
    const frame: DumpFrame = {
      timestep,
      lo,
      hi,
      ids: Int32Array.from(rows, (r) => r.id),
      types: Int32Array.from(rows, (r) => r.type),
      positions: Float64Array.from(rows.flatMap((r) => r.r)),
    };
    const prev = frames[frames.length - 1];
    if (prev) {
      if (prev.ids.length !== frame.ids.length || prev.ids.some((id, k) => id !== frame.ids[k]))
        fail(i - 1, 'the atoms differ from the previous frame');
      if (mode === 'wrapped') unwrapAgainst(prev, frame);
    }
    frames.push(frame);
  }
  if (frames.length === 0) throw new InputError(fileName, 'no frames');
  return { frames, coordinates: coordinates! };
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
