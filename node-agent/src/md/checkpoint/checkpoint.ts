/**
 * Checkpoints: the complete state of a run in a versioned binary format with a CRC-32.
 *
 *   bytes 0–7   magic "IONSWCK\0"
 *   8–11        format version (u32 LE)
 *   12–15       header length H (u32 LE)
 *   16…         header: UTF-8 JSON {meta, sections: [{name, type, length}]}
 *   …           sections, each 8-byte aligned, little-endian typed arrays
 *   last 4      CRC-32 of everything before it
 *
 * `meta` is free-form JSON (step, stage, thermostat and RNG state, analysis accumulators …);
 * sections hold the per-atom arrays. Decoding checks magic, version, sizes and checksum and
 * says which failed.
 */
import { crc32 } from '@ionsweep/shared';

export const CHECKPOINT_VERSION = 1;
const MAGIC = new TextEncoder().encode('IONSWCK\0');

export type SectionArray = Float64Array | Int32Array | Float32Array;
type SectionType = 'f64' | 'i32' | 'f32';

const typeOf = (a: SectionArray): SectionType =>
  a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : 'i32';

export interface CheckpointContent {
  meta: unknown;
  sections: Record<string, SectionArray>;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeCheckpoint(content: CheckpointContent): Uint8Array {
  const names = Object.keys(content.sections).sort();
  const table = names.map((name) => {
    const a = content.sections[name];
    return { name, type: typeOf(a), length: a.length };
  });
  const header = new TextEncoder().encode(JSON.stringify({ meta: content.meta, sections: table }));
  let size = align8(16 + header.length);
  const offsets = names.map((name) => {
    const at = size;
    size = align8(size + content.sections[name].byteLength);
    return at;
  });
  const out = new Uint8Array(size + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, header.length, true);
  out.set(header, 16);
  names.forEach((name, k) => {
    const a = content.sections[name];
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offsets[k]);
  });
  view.setUint32(size, crc32(out.subarray(0, size)), true);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): CheckpointContent {
  if (bytes.length < 20) throw new CheckpointError(`checkpoint is truncated (${bytes.length} bytes)`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new CheckpointError('not an ionsweep checkpoint (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = bytes.length - 4;
  const stored = view.getUint32(body, true);
  if (crc32(bytes.subarray(0, body)) !== stored)
    throw new CheckpointError('checkpoint is corrupted (checksum mismatch)');
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION)
    throw new CheckpointError(
      `checkpoint format version ${version} is not supported (this build reads ${CHECKPOINT_VERSION})`,
    );
  const hlen = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + hlen))) as {
    meta: unknown;
    sections: { name: string; type: SectionType; length: number }[];
  };
  let at = align8(16 + hlen);
  const sections: Record<string, SectionArray> = {};
  for (const sec of header.sections) {
    const width = sec.type === 'f64' ? 8 : 4;
    if (at + sec.length * width > body) throw new CheckpointError(`checkpoint section '${sec.name}' runs past the end`);
    // a real, aligned copy: Buffer.slice would return a view into Node's shared pool
    const copy = new Uint8Array(sec.length * width);
    copy.set(bytes.subarray(at, at + sec.length * width));
    sections[sec.name] =
      sec.type === 'f64'
        ? new Float64Array(copy.buffer)
        : sec.type === 'f32'
          ? new Float32Array(copy.buffer)
          : new Int32Array(copy.buffer);
    at = align8(at + sec.length * width);
  }
  return { meta: header.meta, sections };
}
