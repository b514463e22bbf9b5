/**
 * Tasks: one composition point × temperature × replica. A task's id is a hash of everything that
 * determines its result (system, force field, protocol, seed, engine version), so a task whose
 * id already has a stored result is reused, by this sweep or any other.
 */
import { createHash } from 'node:crypto';
import type { ForceFieldDescriptor } from '../forcefield/descriptor.js';
import type { Protocol } from '../protocol/protocol.js';
import type { ChargeNeutralityRule, LammpsCommand, StructureSampling, SweepPoint, SweepSpec } from './sweep.js';
import { protocolFor } from './sweep.js';

/** Bumped whenever the engine or analysis could change a result for the same inputs. */
export const ENGINE_VERSION = 'ionsweep-md 0.1.0';
/** The engine of tasks run in LAMMPS (ionsweep writes the input and analyses the trajectory). */
export const LAMMPS_ENGINE = 'lammps, ionsweep-md 0.1.0 input and analysis';

export interface TaskSpec {
  engine: string;
  system: {
    counts: [string, number][];
    box: number | null;
    density: number | null;
    chargeNeutrality: ChargeNeutralityRule;
  };
  forcefield: ForceFieldDescriptor;
  protocol: Protocol;
  temperature: number;
  seed: number;
  analysis: { storedOrigins: number; lagSpacing: 'log' };
  /** structure sampling in production; absent when the sweep asks for none (ids stay as before) */
  structure?: StructureSampling;
  /** the production trajectory, every this many steps, as an artifact; absent: none (ids stay as before) */
  dump?: { every: number };
  /** engine LAMMPS_ENGINE: how to start it (not part of the task's identity, like a thread count) */
  lammps?: LammpsCommand;
}

/** Where a task sits in its sweep (not part of its identity). */
export interface TaskPlacement {
  taskId: string;
  pointIndex: number;
  x: number;
  m: number;
  temperature: number;
  replica: number;
}

/** JSON with object keys sorted, so equal specs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function taskId(spec: TaskSpec): string {
  // how LAMMPS is started (path, MPI ranks, GPU package) does not change what the task is
  return createHash('sha256')
    .update(canonicalJson({ ...spec, lammps: undefined }))
    .digest('hex')
    .slice(0, 32);
}

/** Seed of a replica: independent streams from the sweep seed, point, temperature and replica. */
export function replicaSeed(sweepSeed: number, point: SweepPoint, temperature: number, replica: number): number {
  const h = createHash('sha256')
    .update(`${sweepSeed}/${point.counts.map(([e, n]) => `${e}${n}`).join('')}/${temperature}/${replica}`)
    .digest();
  return h.readUInt32LE(0);
}

/** Applies the sweep's cutoff override to every pair term and the real-space Coulomb. */
export function withCutoff(ff: ForceFieldDescriptor, cutoff: number | null): ForceFieldDescriptor {
  if (cutoff === null) return ff;
  return {
    ...ff,
    cutoff,
    pairs: ff.pairs.map((p) => ({ ...p, terms: p.terms.map((t) => ({ ...t, cutoff })) })),
    coulomb: { ...ff.coulomb, cutoff },
  };
}

/** The key of a (composition, temperature) point: `${pointIndex}/${temperature}`. */
export const pointKey = (pointIndex: number, temperature: number) => `${pointIndex}/${temperature}`;

/**
 * Expands a sweep into its tasks (points × temperatures × replicas). `replicasAt` gives a point
 * more replicas than the sweep's own count (adaptive sweeps); replica k's task is the same
 * whatever the count, so a grown plan contains the smaller one.
 */
export function planSweep(
  sweep: SweepSpec,
  forcefield: ForceFieldDescriptor,
  replicasAt: ReadonlyMap<string, number> = new Map(),
): { specs: Map<string, TaskSpec>; placements: TaskPlacement[] } {
  const ff = withCutoff(forcefield, sweep.cutoff);
  const specs = new Map<string, TaskSpec>();
  const placements: TaskPlacement[] = [];
  for (const point of sweep.points) {
    for (const temperature of sweep.temperatures) {
      const protocol = protocolFor(sweep.protocol, temperature);
      const replicas = replicasAt.get(pointKey(point.index, temperature)) ?? sweep.replicas;
      for (let replica = 0; replica < replicas; replica++) {
        const spec: TaskSpec = {
          engine: sweep.engine === 'lammps' ? LAMMPS_ENGINE : ENGINE_VERSION,
          system: {
            counts: point.counts,
            box: sweep.box,
            density: sweep.density,
            chargeNeutrality: sweep.chargeNeutrality,
          },
          forcefield: ff,
          protocol,
          temperature,
          seed: replicaSeed(sweep.seed, point, temperature, replica),
          analysis: { storedOrigins: 50, lagSpacing: 'log' },
        };
        if (sweep.structure) spec.structure = sweep.structure;
        if (sweep.dumpEvery !== null) spec.dump = { every: sweep.dumpEvery };
        if (sweep.engine === 'lammps') spec.lammps = sweep.lammps;
        const id = taskId(spec);
        specs.set(id, spec);
        placements.push({ taskId: id, pointIndex: point.index, x: point.x, m: point.m, temperature, replica });
      }
    }
  }
  return { specs, placements };
}
