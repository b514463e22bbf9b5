import { describe, expect, it } from 'vitest';
import type { Protocol } from '@ionsweep/shared';
import {
  CheckpointError,
  cloneState,
  compileForceField,
  decodeCheckpoint,
  ProtocolRun,
  type MdState,
} from '@ionsweep/node-agent';
import { smallSystem } from '../helpers/systems.js';

const protocol: Protocol = {
  timestepFs: 1,
  thermoEvery: 25,
  checkpointEvery: 40,
  stages: [
    { kind: 'melt', steps: 100, tStart: 2500, tEnd: 2500, thermostat: 'csvr', tdampPs: 0.05, sampleEvery: 0 },
    { kind: 'quench', steps: 60, tStart: 2500, tEnd: 2000, thermostat: 'nvt', tdampPs: 0.1, sampleEvery: 0 },
    { kind: 'production', steps: 100, tStart: 2000, tEnd: 2000, thermostat: 'nvt', tdampPs: 0.1, sampleEvery: 20 },
  ],
};

describe('checkpoint / restart', () => {
  const { state, ff } = smallSystem(240, 9, 6);
  const compile = (s: MdState) => compileForceField(ff, s);

  function uninterrupted() {
    const run = new ProtocolRun(cloneState(state), compile(state), protocol, 77);
    const checkpoints = new Map<number, Uint8Array>();
    const thermo: string[] = [];
    const samples: string[] = [];
    run.run({
      onCheckpoint: (bytes, step) => checkpoints.set(step, bytes),
      onThermo: (t) => thermo.push(JSON.stringify(t)),
      onSample: (step, u) => samples.push(`${step}:${Array.from(u.subarray(0, 6)).join(',')}`),
    });
    return { run, checkpoints, thermo, samples };
  }

  const a = uninterrupted();

  for (const at of [40, 120, 200]) {
    it(`a run restored at step ${at} continues bit-for-bit`, () => {
      const bytes = a.checkpoints.get(at)!;
      expect(bytes).toBeDefined();
      const b = ProtocolRun.restore(bytes, compile, protocol, 77);
      expect(b.sim.step).toBe(at);
      const thermo: string[] = [];
      const samples: string[] = [];
      expect(
        b.run({
          onThermo: (t) => thermo.push(JSON.stringify(t)),
          onSample: (s, u) => samples.push(`${s}:${Array.from(u.subarray(0, 6)).join(',')}`),
        }),
      ).toBe(true);
      expect(b.sim.step).toBe(a.run.sim.step);
      // identical to the last bit: positions, velocities, images, thermostat and RNG state
      expect(Array.from(b.state.x)).toEqual(Array.from(a.run.state.x));
      expect(Array.from(b.state.v)).toEqual(Array.from(a.run.state.v));
      expect(Array.from(b.state.image)).toEqual(Array.from(a.run.state.image));
      expect(Array.from(b.state.id)).toEqual(Array.from(a.run.state.id));
      expect(b.sim.snapshot()).toEqual(a.run.sim.snapshot());
      expect(thermo).toEqual(a.thermo.slice(a.thermo.length - thermo.length));
      expect(samples).toEqual(a.samples.filter((s) => Number(s.split(':')[0]) > at));
    });
  }

  it('decodes from a Node Buffer at an unaligned offset (as readFileSync returns)', () => {
    const bytes = a.checkpoints.get(120)!;
    const pool = Buffer.alloc(bytes.length + 3);
    pool.set(bytes, 3);
    const { sections } = decodeCheckpoint(pool.subarray(3));
    expect(Array.from(sections.x)).toEqual(Array.from(decodeCheckpoint(bytes).sections.x));
  });

  it('detects corruption, truncation and foreign files', () => {
    const bytes = a.checkpoints.get(120)!.slice();
    expect(() => decodeCheckpoint(bytes)).not.toThrow();
    bytes[bytes.length >> 1] ^= 0x40;
    expect(() => decodeCheckpoint(bytes)).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(bytes)).toThrow(/checksum mismatch/);
    expect(() => decodeCheckpoint(a.checkpoints.get(120)!.subarray(0, 10))).toThrow(/truncated/);
    expect(() => decodeCheckpoint(new TextEncoder().encode('LAMMPS data file, not a checkpoint'))).toThrow(/bad magic/);
  });

  it('stores the complete state: sections and integrator', () => {
    const { meta, sections } = decodeCheckpoint(a.checkpoints.get(120)!);
    expect(Object.keys(sections).sort()).toEqual(['id', 'image', 'mass', 'q', 'type', 'v', 'x']);
    expect(meta).toMatchObject({ kind: 'ionsweep-md', relaxed: true, integrator: { step: 120 } });
  });
});
