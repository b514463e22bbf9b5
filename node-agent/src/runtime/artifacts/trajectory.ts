/**
 * A task's production trajectory (`dump_every` in the sweep): frames of unwrapped positions in
 * atom-id order, as float32 (≈ 10⁻⁵ Å at these coordinates, plenty for a trajectory), with
 * each frame's step and box so an NPT production keeps its cell. Kept in memory and in the
 * task's checkpoints (a resumed task has its earlier frames); written as a LAMMPS text dump
 * (`id type xu yu zu`, read by OVITO, VMD, ASE and MDAnalysis) when the task ends. The sweep
 * bounds its size (MAX_TRAJECTORY_BYTES).
 */
import { lammpsDumpFrame } from '@ionsweep/shared';
import type { MdState } from '../../md/index.js';

export class TrajectoryRecorder {
  private positions: Float32Array;
  /** step, Lx, Ly, Lz per frame */
  private frames: Float64Array;
  private count = 0;
  private readonly row = new Map<number, number>();
  private readonly ids: Int32Array;
  /** LAMMPS (1-based) type of each atom, in id order */
  private readonly types: Int32Array;
  private readonly lo: [number, number, number];

  constructor(
    s: MdState,
    readonly every: number,
    maxFrames: number,
    restored?: { positions: Float32Array; frames: Float64Array },
  ) {
    const order = Array.from({ length: s.n }, (_, k) => k).sort((a, b) => s.id[a] - s.id[b]);
    this.ids = Int32Array.from(order, (k) => s.id[k]);
    this.types = Int32Array.from(order, (k) => s.type[k] + 1);
    this.ids.forEach((id, r) => this.row.set(id, r));
    this.lo = [s.lo[0], s.lo[1], s.lo[2]];
    this.positions = new Float32Array(3 * s.n * maxFrames);
    this.frames = new Float64Array(4 * maxFrames);
    if (restored) {
      this.count = restored.frames.length / 4;
      this.positions.set(restored.positions);
      this.frames.set(restored.frames);
    }
  }

  get frameCount(): number {
    return this.count;
  }

  /** A production sample; kept when its step is a multiple of `every`. */
  add(step: number, unwrapped: Float64Array, ids: Int32Array, box: Float64Array): void {
    if (step % this.every !== 0 || 4 * (this.count + 1) > this.frames.length) return;
    const base = 3 * this.ids.length * this.count;
    for (let k = 0; k < ids.length; k++) {
      const r = base + 3 * this.row.get(ids[k])!;
      this.positions[r] = unwrapped[3 * k];
      this.positions[r + 1] = unwrapped[3 * k + 1];
      this.positions[r + 2] = unwrapped[3 * k + 2];
    }
    this.frames.set([step, box[0], box[1], box[2]], 4 * this.count);
    this.count++;
  }

  sections(): { 'trajectory.positions': Float32Array; 'trajectory.frames': Float64Array } {
    return {
      'trajectory.positions': this.positions.slice(0, 3 * this.ids.length * this.count),
      'trajectory.frames': this.frames.slice(0, 4 * this.count),
    };
  }

  /** The frames as a LAMMPS text dump. */
  dump(): string {
    const n = this.ids.length;
    const out: string[] = [];
    for (let f = 0; f < this.count; f++) {
      const [step, lx, ly, lz] = this.frames.subarray(4 * f, 4 * f + 4);
      out.push(
        lammpsDumpFrame(
          {
            lo: this.lo,
            hi: [this.lo[0] + lx, this.lo[1] + ly, this.lo[2] + lz],
            ids: this.ids,
            types: this.types,
            // float32 printed at its own precision, not as the double it widens to
            positions: Float64Array.from(this.positions.subarray(3 * n * f, 3 * n * (f + 1)), (v) =>
              Number(v.toPrecision(8)),
            ),
            images: new Int32Array(3 * n),
            typeElements: [],
          },
          step,
        ),
      );
    }
    return out.join('');
  }
}
