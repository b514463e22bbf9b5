/**
 * Runs a protocol (relax → melt → quench → equilibrate → production) on one system, with
 * checkpoints every `checkpoint_every` steps that hold the complete state: a run restored from
 * any of them continues bit-for-bit. I/O is injected: checkpoints are handed out as bytes.
 */
import type { Protocol, DynamicsStage } from '@ionsweep/shared';
import { totalSteps } from '@ionsweep/shared';
import type { MdState } from '../state.js';
import { ForceEngine, type ForceEngineOptions } from '../forcefield/force-engine.js';
import type { CompiledForceField } from '../forcefield/compile.js';
import { fireMinimize } from '../minimize/fire.js';
import { initVelocities } from '../integrate/velocities.js';
import { kineticEnergy } from '../integrate/kinetic.js';
import { Simulation, type Thermo, type IntegratorSnapshot } from '../run/simulation.js';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint, type SectionArray } from '../checkpoint/checkpoint.js';

export interface ProtocolCallbacks {
  onThermo?: (t: Thermo & { stage: string }) => void;
  onSample?: (step: number, unwrapped: Float64Array, ids: Int32Array) => void;
  onCheckpoint?: (bytes: Uint8Array, step: number) => void;
  onStage?: (stage: string, index: number) => void;
  /** extra JSON to store in checkpoints (e.g. analysis accumulators) */
  extraMeta?: () => unknown;
  /** extra typed arrays to store in checkpoints (their names get an `extra.` prefix) */
  extraSections?: () => Record<string, SectionArray>;
  shouldStop?: () => boolean;
}

interface RunMeta {
  kind: 'ionsweep-md';
  relaxed: boolean;
  integrator: IntegratorSnapshot;
  n: number;
  lo: number[];
  box: number[];
  typeElements: string[];
  typeMasses: number[];
  extra: unknown;
}

export class ProtocolRun {
  readonly engine: ForceEngine;
  readonly sim: Simulation;
  relaxed = false;
  /** extra meta and sections found in the checkpoint this run was restored from */
  restoredExtra: unknown = undefined;
  restoredSections: Record<string, SectionArray> = {};

  constructor(
    readonly state: MdState,
    ff: CompiledForceField,
    readonly protocol: Protocol,
    seed: number,
    engineOptions: Partial<ForceEngineOptions> = {},
  ) {
    this.engine = new ForceEngine(ff, state, engineOptions);
    this.sim = new Simulation(state, this.engine, protocol.timestepFs / 1000, seed);
  }

  get totalSteps(): number {
    return totalSteps(this.protocol);
  }

  get done(): boolean {
    return this.sim.step >= this.totalSteps;
  }

  /** Runs from where the run stands to the end (or until shouldStop). Returns true when finished. */
  run(cb: ProtocolCallbacks = {}): boolean {
    const first = this.protocol.stages[0];
    if (first.kind === 'relax' && !this.relaxed && this.sim.step === 0) {
      cb.onStage?.('relax', 0);
      fireMinimize(this.state, this.engine, { maxSteps: first.maxSteps, fmax: first.fmax });
    }
    this.relaxed = true;
    let begin = 0;
    for (const [index, stage] of this.protocol.stages.entries()) {
      if (stage.kind === 'relax') continue;
      const end = begin + stage.steps;
      if (this.sim.step < end) {
        const done = this.sim.step - begin;
        if (done === 0) {
          cb.onStage?.(stage.kind, index);
          if (this.sim.step === 0 && kineticEnergy(this.state) === 0)
            initVelocities(this.state, stage.tStart, this.sim.rng);
          if (stage.volume === 'npt_mean') this.sim.setVolume(this.sim.nptMeanVolume()!);
        }
        const finished = this.runStage(stage, done, cb);
        if (!finished) return false;
      }
      begin = end;
    }
    return true;
  }

  private runStage(stage: DynamicsStage, done: number, cb: ProtocolCallbacks): boolean {
    const p = this.protocol;
    const reached = this.sim.run(
      {
        ensemble: stage.thermostat,
        steps: stage.steps,
        tStart: stage.tStart,
        tEnd: stage.tEnd,
        tdamp: stage.tdampPs,
        barostat: stage.barostat && {
          pressureBar: stage.barostat.pressureBar,
          tauPs: stage.barostat.pdampPs,
          compressibilityPerBar: stage.barostat.compressibilityPerBar,
          ...(stage.barostat.method ? { method: stage.barostat.method } : {}),
        },
      },
      {
        thermoEvery: p.thermoEvery,
        onThermo: cb.onThermo && ((t) => cb.onThermo!({ ...t, stage: stage.kind })),
        sampleEvery: stage.kind === 'production' ? stage.sampleEvery : undefined,
        onSample: stage.kind === 'production' ? cb.onSample : undefined,
        checkpointEvery: p.checkpointEvery,
        onCheckpoint:
          cb.onCheckpoint &&
          ((step) => cb.onCheckpoint!(this.checkpoint(cb.extraMeta?.(), cb.extraSections?.()), step)),
        shouldStop: cb.shouldStop,
      },
      done,
    );
    return reached >= stage.steps;
  }

  /** The complete state as checkpoint bytes. */
  checkpoint(extra: unknown = null, extraSections: Record<string, SectionArray> = {}): Uint8Array {
    const s = this.state;
    const meta: RunMeta = {
      kind: 'ionsweep-md',
      relaxed: this.relaxed,
      integrator: this.sim.snapshot(),
      n: s.n,
      lo: Array.from(s.lo),
      box: Array.from(s.box),
      typeElements: s.typeElements,
      typeMasses: s.typeMasses,
      extra,
    };
    const sections: Record<string, SectionArray> = {
      x: s.x,
      v: s.v,
      image: s.image,
      type: s.type,
      q: s.q,
      id: s.id,
      mass: s.mass,
    };
    for (const [name, a] of Object.entries(extraSections)) sections[`extra.${name}`] = a;
    return encodeCheckpoint({ meta, sections });
  }

  /** A run restored from checkpoint bytes; the force field must be compiled for the same system. */
  static restore(
    bytes: Uint8Array,
    compile: (state: MdState) => CompiledForceField,
    protocol: Protocol,
    seed: number,
    engineOptions: Partial<ForceEngineOptions> = {},
  ): ProtocolRun {
    const { meta, sections } = decodeCheckpoint(bytes);
    const m = meta as RunMeta;
    if (m?.kind !== 'ionsweep-md') throw new CheckpointError('checkpoint is not an MD run state');
    const need = (name: string) => {
      const a = sections[name];
      if (!a) throw new CheckpointError(`checkpoint has no '${name}' section`);
      return a;
    };
    const state: MdState = {
      n: m.n,
      lo: Float64Array.from(m.lo),
      box: Float64Array.from(m.box),
      x: need('x') as Float64Array,
      v: need('v') as Float64Array,
      f: new Float64Array(3 * m.n),
      image: need('image') as Int32Array,
      type: need('type') as Int32Array,
      q: need('q') as Float64Array,
      id: need('id') as Int32Array,
      mass: need('mass') as Float64Array,
      typeElements: m.typeElements,
      typeMasses: m.typeMasses,
    };
    const run = new ProtocolRun(state, compile(state), protocol, seed, engineOptions);
    run.relaxed = m.relaxed;
    run.sim.restore(m.integrator);
    run.restoredExtra = m.extra;
    for (const [name, a] of Object.entries(sections)) {
      if (name.startsWith('extra.')) run.restoredSections[name.slice('extra.'.length)] = a;
    }
    return run;
  }
}
