/**
 * The agent's task handler: a plain function of (task, context). It builds the system, runs the
 * protocol with the displacement accumulator in production, hands out checkpoints as they are
 * written (resuming from the newest one the store has), reports progress, and returns the
 * correlation curves. Transport — where checkpoints go, how progress travels — is injected.
 */
import {
  compileForceField,
  elementSpecies,
  placeAtoms,
  ProtocolRun,
  stateFromConfiguration,
  structureFrameOf,
  type MdState,
  systemMass,
} from '../md/index.js';
import {
  addFrameOnline,
  createStructureAccumulator,
  cutoffsFromRecord,
  structureSettingsForBox,
  restoreStructureFromCheckpoint,
  snapshotStructure,
  structureCheckpointSections,
  structureReport,
  summarizeStructure,
  type StructureAccumulator,
  type StructureSummary,
  curvesToJson,
  DisplacementAccumulator,
  totalSteps,
  type CurvesJson,
  type TaskSpec,
  LAMMPS_ENGINE,
  type QuenchSeries,
} from '@ionsweep/shared';
import type { TaskProgress__Output as TaskProgress } from '@ionsweep/shared/net';
import { runLammpsTask, type LammpsProvenance } from '../lammps-engine/run-lammps-task.js';
import type { ArtifactEntry, ArtifactStore } from './artifacts/artifact-store.js';
import { ThermoLog, type ThermoMeans } from './artifacts/thermo-log.js';
import { TrajectoryRecorder } from './artifacts/trajectory.js';
import { taskArtifactFiles } from './artifacts/task-artifacts.js';

export interface CheckpointStore {
  /** the newest readable checkpoint of a task, or null */
  load(taskId: string): Promise<Uint8Array | null>;
  save(taskId: string, bytes: Uint8Array): Promise<void>;
}

export interface TaskContext {
  taskId: string;
  checkpoints: CheckpointStore | null;
  onProgress?: (p: TaskProgress) => void;
  /** aborting stops the run at the next checkpoint boundary (after saving it) */
  signal?: AbortSignal;
  /** threads computing the pair forces of this task's simulation (default 1) */
  threads?: number;
  /** where the task's files go when it ends (final structure, thermo log, trajectory); null: nowhere */
  artifacts?: ArtifactStore | null;
}

export interface TaskResult {
  taskId: string;
  temperature: number;
  /** Å³ */
  volume: number;
  /** time between samples, ps */
  dtPs: number;
  samples: number;
  /** charge per element actually used (after neutrality rescaling) */
  charges: Record<string, number>;
  curves: CurvesJson;
  steps: number;
  seconds: number;
  kernel: string;
  /** pair-force threads of the simulation */
  threads: number;
  resumedFromStep: number;
  /** the production's structure, when the sweep asks for it */
  structure?: StructureSummary;
  /** tasks run in LAMMPS: its version, command, input and production means */
  lammps?: LammpsProvenance;
  /** a quench at constant pressure: its thermo rows, for the glass transition */
  quench?: QuenchSeries;
  /** production means of the thermo log (temperature, pressure, volume, density, energy) with errors */
  thermo?: ThermoMeans;
  /** the files the task left (ArtifactStore), with sizes and checksums */
  artifacts?: ArtifactEntry[];
}

export class TaskAborted extends Error {
  constructor(readonly step: number) {
    super(`task stopped at step ${step}`);
    this.name = 'TaskAborted';
  }
}

/** The task's starting configuration: its composition placed in its box from its seed. */
export function initialConfiguration(spec: TaskSpec) {
  return placeAtoms(
    {
      counts: spec.system.counts,
      box: spec.system.box ?? undefined,
      density: spec.system.density ?? undefined,
      chargeNeutrality: spec.system.chargeNeutrality,
      seed: spec.seed,
      minSeparation: 1.8,
    },
    spec.forcefield,
  );
}

function newRun(spec: TaskSpec, threads: number): ProtocolRun {
  const state = stateFromConfiguration(initialConfiguration(spec));
  return new ProtocolRun(state, compileForceField(spec.forcefield, state), spec.protocol, spec.seed, { threads });
}

/** The production's displacement accumulator for the atoms of `s` (any engine's frames, by atom id). */
export function accumulatorFor(s: MdState, spec: TaskSpec): DisplacementAccumulator {
  const production = spec.protocol.stages.find((s) => s.kind === 'production');
  if (!production || production.kind === 'relax') throw new Error('the protocol has no production stage');
  const samples = Math.floor(production.steps / production.sampleEvery);
  if (samples < 8) throw new Error(`production gives ${samples} samples; at least 8 are needed`);
  const maxLag = Math.max(2, Math.floor(samples / 2));
  const order = Array.from({ length: s.n }, (_, k) => k).sort((a, b) => s.id[a] - s.id[b]);
  const species = elementSpecies(s);
  return new DisplacementAccumulator({
    ids: Int32Array.from(order, (k) => s.id[k]),
    species: Int32Array.from(order, (k) => species.ofType[s.type[k]]),
    speciesNames: species.names,
    charges: Float64Array.from(order, (k) => s.q[k]),
    masses: Float64Array.from(order, (k) => s.mass[k]),
    maxLag,
    originEvery: Math.max(1, Math.floor(maxLag / spec.analysis.storedOrigins)),
    lagSpacing: spec.analysis.lagSpacing,
    removeDrift: true,
  });
}

export async function runTask(spec: TaskSpec, ctx: TaskContext): Promise<TaskResult> {
  if (spec.engine === LAMMPS_ENGINE) return runLammpsTask(spec, ctx);
  const started = performance.now();
  const saved = ctx.checkpoints ? await ctx.checkpoints.load(ctx.taskId) : null;
  const threads = ctx.threads ?? 1;
  const run = saved
    ? ProtocolRun.restore(saved, (state) => compileForceField(spec.forcefield, state), spec.protocol, spec.seed, {
        threads,
      })
    : newRun(spec, threads);
  try {
    return await runToEnd(run, spec, ctx, started);
  } finally {
    // the simulation's helper threads end with it, whichever way it ends
    run.engine.dispose();
  }
}

/** Runs a task's simulation from where it stands to the end, checkpointing, and sums it up. */
async function runToEnd(run: ProtocolRun, spec: TaskSpec, ctx: TaskContext, started: number): Promise<TaskResult> {
  const resumedFromStep = run.sim.step;
  const acc = accumulatorFor(run.state, spec);
  const restored = run.restoredExtra as {
    accumulator?: { frames: number };
    structure?: unknown;
  } | null;
  const sections = run.restoredSections;
  if (restored?.accumulator) acc.restore({ meta: restored.accumulator, sections });
  const thermoLog = new ThermoLog(
    spec.protocol.timestepFs / 1000,
    systemMass(run.state),
    sections.thermo as Float64Array,
  );
  const trajectory = trajectoryFor(run.state, spec, sections);
  const structure = spec.structure
    ? structureAccumulatorFor(run.state, spec, restored?.structure, run.restoredSections)
    : null;
  const total = totalSteps(spec.protocol);
  let pending: Uint8Array | null = null;
  let stage = 'relax';
  const dtFs = spec.protocol.timestepFs;
  // where this run starts, so progress consumers count only the steps it does
  ctx.onProgress?.({
    task_id: ctx.taskId,
    step: resumedFromStep,
    total_steps: total,
    stage: resumedFromStep > 0 ? 'resumed' : 'start',
    temperature: 0,
    ns_per_day: 0,
  });
  for (;;) {
    const finished = run.run({
      onStage: (name) => (stage = name),
      onSample: (step, unwrapped, ids) => {
        acc.add(unwrapped, ids);
        trajectory?.add(step, unwrapped, ids, run.state.box);
        if (structure && step % spec.structure!.every === 0)
          addFrameOnline(structure, structureFrameOf(run.state, structure.elements));
      },
      extraMeta: () => ({
        accumulator: acc.snapshot().meta,
        ...(structure ? { structure: snapshotStructure(structure).meta } : {}),
      }),
      extraSections: () => ({
        ...acc.snapshot().sections,
        ...(structure ? structureCheckpointSections(structure) : {}),
        thermo: thermoLog.section(),
        ...(trajectory ? trajectory.sections() : {}),
      }),
      onCheckpoint: (bytes) => (pending = bytes),
      onThermo: (t) => {
        thermoLog.add(t);
        const seconds = (performance.now() - started) / 1000;
        const nsPerDay = ((t.step - resumedFromStep) * dtFs * 1e-6 * 86400) / Math.max(seconds, 1e-9);
        ctx.onProgress?.({
          task_id: ctx.taskId,
          step: t.step,
          total_steps: total,
          stage,
          temperature: t.temperature,
          ns_per_day: nsPerDay,
        });
      },
      // pause at every checkpoint so the (possibly asynchronous) store can take it
      shouldStop: () => pending !== null,
    });
    if (pending && ctx.checkpoints) await ctx.checkpoints.save(ctx.taskId, pending);
    pending = null;
    // let the event loop run once per checkpoint: a stop request arrives as a message, and a
    // directory store saves without ever yielding to it
    await new Promise((resolve) => setImmediate(resolve));
    if (finished) break;
    if (ctx.signal?.aborted) throw new TaskAborted(run.sim.step);
  }
  const s = run.state;
  const { files, manifest } = taskArtifactFiles(
    ctx.taskId,
    s,
    run.sim.step,
    run.sim.step * dtFs * 1e-3,
    thermoLog,
    trajectory,
  );
  // before the result: a stored result means its files are there
  if (ctx.artifacts) await ctx.artifacts.save(ctx.taskId, files);
  const thermo = thermoLog.productionMeans();
  // a quench at constant pressure: its rows of the log give the glass transition
  const quench = quenchAtNpt(spec) ? thermoLog.quenchSeries() : null;
  return {
    taskId: ctx.taskId,
    temperature: spec.temperature,
    // a production at constant pressure: its mean volume (second half), as σ needs
    volume: productionAtNpt(spec) ? run.sim.nptMeanVolume()! : s.box[0] * s.box[1] * s.box[2],
    dtPs: sampleIntervalPs(spec),
    samples: acc.samples,
    charges: chargesByElement(s),
    curves: curvesToJson(acc.curves()),
    steps: run.sim.step,
    seconds: (performance.now() - started) / 1000,
    kernel: run.engine.kernel,
    threads: run.engine.threads,
    resumedFromStep,
    ...(structure && structure.frames > 0 ? { structure: summarizeStructure(structureReport(structure)) } : {}),
    ...(quench ? { quench } : {}),
    ...(thermo ? { thermo } : {}),
    ...(ctx.artifacts ? { artifacts: manifest } : {}),
  };
}

/** The production trajectory's recorder when the task dumps one, continued from its checkpoint. */
export function trajectoryFor(
  s: MdState,
  spec: TaskSpec,
  sections: ProtocolRun['restoredSections'] = {},
): TrajectoryRecorder | null {
  if (!spec.dump) return null;
  const production = spec.protocol.stages.find((st) => st.kind === 'production');
  const frames = production && production.kind !== 'relax' ? Math.floor(production.steps / spec.dump.every) + 1 : 0;
  const positions = sections['trajectory.positions'];
  const restored = positions
    ? { positions: positions as Float32Array, frames: sections['trajectory.frames'] as Float64Array }
    : undefined;
  return new TrajectoryRecorder(s, spec.dump.every, frames, restored);
}

/** Whether the task quenches at constant pressure (its V(T) and H(T) then give a Tg). */
export function quenchAtNpt(spec: TaskSpec): boolean {
  return spec.protocol.stages.some((st) => st.kind === 'quench' && st.thermostat === 'npt');
}

/** The structure accumulator of a task, continued from its checkpoint when it resumes. */
export function structureAccumulatorFor(
  s: MdState,
  spec: TaskSpec,
  restored: unknown = null,
  sections: ProtocolRun['restoredSections'] = {},
): StructureAccumulator {
  const elements = elementSpecies(s).names;
  const settings = structureSettingsForBox(s.box, cutoffsFromRecord(spec.structure!.cutoffs, elements));
  const acc = createStructureAccumulator(elements, settings);
  if (restored) restoreStructureFromCheckpoint(acc, restored, sections);
  return acc;
}

/** Charge per element; a second type of an element (the excess-anion scheme's S) as 'S (type 4)'. */
export function chargesByElement(s: MdState): Record<string, number> {
  const charges: Record<string, number> = {};
  for (let i = 0; i < s.n; i++) {
    const el = s.typeElements[s.type[i]];
    const first = s.typeElements.indexOf(el);
    charges[s.type[i] === first ? el : `${el} (type ${s.type[i] + 1})`] = s.q[i];
  }
  return charges;
}

/** Whether the task's production runs at constant pressure. */
export function productionAtNpt(spec: TaskSpec): boolean {
  return spec.protocol.stages.some((st) => st.kind === 'production' && st.thermostat === 'npt');
}

/** Time between production samples, ps. */
export function sampleIntervalPs(spec: TaskSpec): number {
  const production = spec.protocol.stages.find((st) => st.kind === 'production');
  return ((production && production.kind !== 'relax' ? production.sampleEvery : 1) * spec.protocol.timestepFs) / 1000;
}
