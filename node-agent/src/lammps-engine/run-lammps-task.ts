/**
 * A task run in LAMMPS: ionsweep places the atoms and writes the input (input-script.ts), starts
 * the user's LAMMPS (`lammps: { binary, args, mpi }`), follows its log for progress, and reads
 * the dumped production through the same analysis as its own engine, so a result looks the same
 * whichever engine made it, with the LAMMPS version, command and input as provenance.
 *
 * No checkpoints: a task stopped or failed midway starts again. Its scratch directory (input,
 * data, log, dump) is removed after success and kept, and named, after a failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addFrameOnline,
  curvesToJson,
  fileLines,
  lammpsError,
  lammpsVersion,
  readDumpFrame,
  readLammpsData,
  structureReport,
  summarizeStructure,
  thermoRows,
  type DumpCoordinates,
  type DumpFrame,
  type LammpsCommand,
  type TaskSpec,
} from '@ionsweep/shared';
import { elementSpecies, stateFromConfiguration, structureFrameOf, systemMass, type MdState } from '../md/index.js';
import {
  accumulatorFor,
  chargesByElement,
  initialConfiguration,
  quenchAtNpt,
  sampleIntervalPs,
  structureAccumulatorFor,
  TaskAborted,
  trajectoryFor,
  type TaskContext,
  type TaskResult,
} from '../runtime/task-handler.js';
import { ThermoLog } from '../runtime/artifacts/thermo-log.js';
import { taskArtifactFiles } from '../runtime/artifacts/task-artifacts.js';
import type { TrajectoryRecorder } from '../runtime/artifacts/trajectory.js';
import { DUMP_FILE, FINAL_DATA_FILE, lammpsTaskInput, type LammpsTaskInput } from './input-script.js';

/** What a result records about the LAMMPS run that made it. */
export interface LammpsProvenance {
  version: string;
  command: string[];
  input: string;
  notes: string[];
  /** production means from the thermo log */
  production: { temperature_K: number; pe_eV: number; press_bar: number };
}

const featureCache = new Map<string, boolean>();

/**
 * Whether this LAMMPS binary has fix temp/csvr (its -h lists the styles it was built with).
 * Throws, saying what to do, when the binary cannot be run: callers check before a sweep starts.
 */
export function lammpsHasCsvr(binary: string): boolean {
  if (!featureCache.has(binary)) {
    const r = spawnSync(binary, ['-h'], { encoding: 'utf8', timeout: 30_000 });
    if (r.error)
      throw new Error(
        (r.error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `the LAMMPS binary '${binary}' was not found (install LAMMPS, e.g. apt-get install lammps, or set lammps.binary in the sweep)`
          : `cannot run the LAMMPS binary '${binary}': ${r.error.message}`,
      );
    featureCache.set(binary, /\btemp\/csvr\b/.test(r.stdout));
  }
  return featureCache.get(binary)!;
}

/** The command line that runs the input in `dir`. */
const commandOf = (l: LammpsCommand) => [
  ...l.mpi,
  l.binary,
  ...l.args,
  '-in',
  'in.lammps',
  '-log',
  'log.lammps',
  '-screen',
  'none',
];

export async function runLammpsTask(spec: TaskSpec, ctx: TaskContext): Promise<TaskResult> {
  const started = performance.now();
  const command = spec.lammps ?? { binary: 'lmp', args: [], mpi: [] };
  const conf = initialConfiguration(spec);
  const state = stateFromConfiguration(conf);
  const job = lammpsTaskInput(spec, conf, lammpsHasCsvr(command.binary));
  const dir = mkdtempSync(join(tmpdir(), `ionsweep-lammps-${ctx.taskId.slice(0, 12)}-`));
  for (const [name, text] of Object.entries(job.files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'in.lammps'), job.input);
  const argv = commandOf(command);
  try {
    await runProcess(argv, dir, job.totalSteps, spec.protocol.timestepFs, ctx);
    const log = readFileSync(join(dir, 'log.lammps'), 'utf8');
    const trajectory = trajectoryFor(state, spec);
    const result = analyse(spec, ctx, state, join(dir, DUMP_FILE), job.productionStart, trajectory);
    const thermoLog = thermoLogOf(log, job, spec, systemMass(state));
    const final = stateFromConfiguration(
      readLammpsData(readFileSync(join(dir, FINAL_DATA_FILE), 'utf8'), { types: conf.typeElements }),
    );
    const dtPs = spec.protocol.timestepFs / 1000;
    const { files, manifest } = taskArtifactFiles(
      ctx.taskId,
      final,
      job.totalSteps,
      job.totalSteps * dtPs,
      thermoLog,
      trajectory,
    );
    if (ctx.artifacts) await ctx.artifacts.save(ctx.taskId, files);
    const thermo = thermoLog.productionMeans();
    const rows = thermoRows(log).filter((r) => r.Step > job.productionStart);
    const mean = (k: string) => rows.reduce((a, r) => a + r[k], 0) / Math.max(1, rows.length);
    const lammps: LammpsProvenance = {
      version: lammpsVersion(log) ?? 'unknown',
      command: argv,
      input: job.input,
      notes: job.notes,
      production: { temperature_K: mean('Temp'), pe_eV: mean('PotEng'), press_bar: mean('Press') },
    };
    rmSync(dir, { recursive: true, force: true });
    // after a stage at constant pressure the production's volume is LAMMPS's (its mean over the
    // production); at fixed volume throughout, the box the task started with, exactly
    const boxMoved = spec.protocol.stages.some((st) => st.kind !== 'relax' && st.thermostat === 'npt');
    const volume = boxMoved ? mean('Volume') : result.volume;
    // a quench at constant pressure: its rows of the log give the glass transition
    const quench = quenchAtNpt(spec) ? { quench: thermoLog.quenchSeries() } : {};
    return {
      ...result,
      volume,
      ...quench,
      steps: job.totalSteps,
      seconds: (performance.now() - started) / 1000,
      lammps,
      ...(thermo ? { thermo } : {}),
      ...(ctx.artifacts ? { artifacts: manifest } : {}),
    };
  } catch (err) {
    if (err instanceof TaskAborted) rmSync(dir, { recursive: true, force: true });
    else if (err instanceof Error) err.message += ` (LAMMPS input, log and data kept in ${dir})`;
    throw err;
  }
}

/**
 * The LAMMPS log's thermo rows as the task's thermo log: each row's stage from its step; the
 * minimizer's rows, and the first row of every run (step 0, or a repeat of the last one before
 * it) left out, as ionsweep's engine logs after each step. The conserved quantity is LAMMPS's econserve.
 */
function thermoLogOf(log: string, job: LammpsTaskInput, spec: TaskSpec, massAmu: number): ThermoLog {
  const dtPs = spec.protocol.timestepFs / 1000;
  const out = new ThermoLog(dtPs, massAmu);
  const seen = new Set<number>([0]);
  // the minimizer's rows come before the timestep is reset to 0 for the dynamics
  const reset = log.lastIndexOf('\nreset_timestep 0');
  for (const r of thermoRows(reset < 0 ? log : log.slice(reset))) {
    if (seen.has(r.Step)) continue;
    seen.add(r.Step);
    const stage = job.stages.find((st) => r.Step > st.start && r.Step <= st.end);
    out.add({
      step: r.Step,
      time: r.Step * dtPs,
      stage: stage?.kind ?? 'relax',
      temperature: r.Temp,
      potential: r.PotEng,
      kinetic: r.KinEng,
      total: r.TotEng,
      conserved: r.Econserve,
      pressure: r.Press,
      volume: r.Volume,
    });
  }
  return out;
}

/** Runs LAMMPS to the end, reporting progress from its log; a failure carries its ERROR line. */
function runProcess(argv: string[], dir: string, totalSteps: number, dtFs: number, ctx: TaskContext): Promise<void> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let step = 0;
    const poll = setInterval(() => {
      const rows = existsSync(join(dir, 'log.lammps')) ? thermoRows(readFileSync(join(dir, 'log.lammps'), 'utf8')) : [];
      const last = rows[rows.length - 1];
      if (!last) return;
      step = last.Step;
      const seconds = (performance.now() - started) / 1000;
      ctx.onProgress?.({
        task_id: ctx.taskId,
        step,
        total_steps: totalSteps,
        stage: 'lammps',
        temperature: last.Temp,
        ns_per_day: (step * dtFs * 1e-6 * 86400) / seconds,
      });
    }, 1000);
    const abort = () => child.kill('SIGTERM');
    ctx.signal?.addEventListener('abort', abort);
    child.on('error', (err) => {
      clearInterval(poll);
      reject(
        new Error(
          (err as NodeJS.ErrnoException).code === 'ENOENT'
            ? `cannot start '${argv[0]}': not found (set lammps.binary / lammps.mpi in the sweep)`
            : `cannot start LAMMPS: ${err.message}`,
        ),
      );
    });
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      ctx.signal?.removeEventListener('abort', abort);
      if (ctx.signal?.aborted) return reject(new TaskAborted(step));
      if (code === 0) return resolve();
      const log = existsSync(join(dir, 'log.lammps')) ? readFileSync(join(dir, 'log.lammps'), 'utf8') : '';
      const why = lammpsError(log) ?? lammpsError(output) ?? output.trim().split('\n').slice(-1)[0] ?? '';
      reject(
        new Error(`LAMMPS failed (${signal ? `signal ${signal}` : `exit ${code}`}): ${why || 'no error message'}`),
      );
    });
  });
}

/** The dumped production through ionsweep's accumulators, frame by frame (never the whole dump in memory). */
function analyse(
  spec: TaskSpec,
  ctx: TaskContext,
  state: MdState,
  dump: string,
  productionStart: number,
  trajectory: TrajectoryRecorder | null,
): Omit<TaskResult, 'steps' | 'seconds'> {
  const volume = state.box[0] * state.box[1] * state.box[2];
  const acc = accumulatorFor(state, spec);
  const structure = spec.structure ? structureAccumulatorFor(state, spec) : null;
  const elements = elementSpecies(state).names;
  const indexOfId = new Map<number, number>();
  for (let i = 0; i < state.n; i++) indexOfId.set(state.id[i], i);
  const lines = fileLines(dump);
  try {
    let coordinates: DumpCoordinates | null = null;
    for (;;) {
      const next = readDumpFrame(lines, dump, coordinates);
      if (!next) break;
      coordinates = next.coordinates;
      const f = next.frame;
      // ionsweep samples after each step: the frame LAMMPS writes as production starts is not a sample
      if (f.timestep <= productionStart) continue;
      acc.add(f.positions, f.ids);
      trajectory?.add(
        f.timestep,
        f.positions,
        f.ids,
        Float64Array.from([0, 1, 2], (d) => f.hi[d] - f.lo[d]),
      );
      if (structure && f.timestep % spec.structure!.every === 0) {
        wrapInto(state, f, indexOfId);
        addFrameOnline(structure, structureFrameOf(state, elements));
      }
    }
  } finally {
    lines.close();
  }
  return {
    taskId: ctx.taskId,
    temperature: spec.temperature,
    volume,
    dtPs: sampleIntervalPs(spec),
    samples: acc.samples,
    charges: chargesByElement(state),
    curves: curvesToJson(acc.curves()),
    kernel: 'lammps',
    threads: 1,
    resumedFromStep: 0,
    ...(structure && structure.frames > 0 ? { structure: summarizeStructure(structureReport(structure)) } : {}),
  };
}

/** Puts a frame (id order, unwrapped) into the state: its box (NPT moves it) and positions wrapped into it. */
function wrapInto(s: MdState, f: DumpFrame, indexOfId: Map<number, number>): void {
  for (let d = 0; d < 3; d++) s.box[d] = f.hi[d] - f.lo[d];
  for (let k = 0; k < f.ids.length; k++) {
    const i = indexOfId.get(f.ids[k])!;
    for (let d = 0; d < 3; d++) {
      const L = s.box[d];
      const x = f.positions[3 * k + d] - f.lo[d];
      s.x[3 * i + d] = x - Math.floor(x / L) * L;
    }
  }
}
