/** `ionsweep md run`: one MD run of a data file, by protocol file or by ensemble flags. */
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InputError,
  lammpsDumpFrame,
  parseChoice,
  parseNumber,
  parseProtocol,
  totalSteps,
  writeFileAtomic,
  writeLammpsData,
  type Protocol,
  type Thermostat,
} from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  ProtocolRun,
  stateFromConfiguration,
  type KernelChoice,
  type MdState,
  type Thermo,
} from '@ionsweep/node-agent';
import { loadData, loadForceField, readTextFile } from '../inputs.js';
import { Progress } from '../progress.js';

export interface MdRunOptions {
  data: string;
  forcefield?: string;
  types?: string;
  coulomb?: string;
  protocol?: string;
  ensemble?: string;
  temperature?: string;
  steps?: string;
  dtFs: string;
  tdampPs: string;
  thermoEvery: string;
  dumpEvery?: string;
  checkpointEvery: string;
  kernel: string;
  seed: string;
  out: string;
  resume?: boolean;
}

const THERMO_HEADER = 'step,time_ps,stage,temperature_K,potential_eV,kinetic_eV,total_eV,conserved_eV,pressure_bar';

function protocolFromFlags(o: MdRunOptions): Protocol {
  if (o.ensemble === undefined || o.steps === undefined) {
    throw new InputError(
      '--protocol',
      'give --protocol FILE, or --ensemble with --steps (and --temperature for nvt/csvr)',
    );
  }
  const ensemble = parseChoice<Thermostat>('--ensemble', o.ensemble, ['nve', 'nvt', 'csvr']);
  const steps = parseNumber('--steps', o.steps);
  if (!Number.isInteger(steps) || steps < 1)
    throw new InputError('--steps', `must be a positive integer, got ${o.steps}`);
  const temperature = o.temperature === undefined ? undefined : parseNumber('--temperature', o.temperature);
  if (ensemble !== 'nve' && (temperature === undefined || temperature <= 0)) {
    throw new InputError('--temperature', `${ensemble} needs a target temperature > 0 K`);
  }
  const dtFs = parseNumber('--dt-fs', o.dtFs);
  if (!(dtFs > 0 && dtFs <= 5)) throw new InputError('--dt-fs', `must be in (0, 5] fs, got ${dtFs}`);
  const t = temperature ?? 0;
  return {
    timestepFs: dtFs,
    thermoEvery: parseNumber('--thermo-every', o.thermoEvery),
    checkpointEvery: parseNumber('--checkpoint-every', o.checkpointEvery),
    stages: [
      {
        kind: 'production',
        steps,
        tStart: t,
        tEnd: t,
        thermostat: ensemble,
        tdampPs: parseNumber('--tdamp-ps', o.tdampPs),
        sampleEvery: 1,
      },
    ],
  };
}

export function runMd(o: MdRunOptions): void {
  const ff = loadForceField(o.forcefield);
  const protocol =
    o.protocol !== undefined ? parseProtocol(readTextFile('--protocol', o.protocol), o.protocol) : protocolFromFlags(o);
  const kernel = parseChoice<KernelChoice>('--kernel', o.kernel, ['tabulated', 'exact']);
  const coulomb = o.coulomb === undefined ? undefined : parseChoice('--coulomb', o.coulomb, ['dsf', 'ewald'] as const);
  const seed = parseNumber('--seed', o.seed);
  const dumpEvery = o.dumpEvery === undefined ? 0 : parseNumber('--dump-every', o.dumpEvery);
  mkdirSync(o.out, { recursive: true });
  const files = {
    checkpoint: join(o.out, 'checkpoint.bin'),
    thermo: join(o.out, 'thermo.csv'),
    dump: join(o.out, 'dump.lammpstrj'),
    final: join(o.out, 'final.data'),
    summary: join(o.out, 'run.json'),
  };
  const compile = (state: MdState) => compileForceField(ff, state, { coulomb });
  let run: ProtocolRun;
  if (o.resume && existsSync(files.checkpoint)) {
    run = ProtocolRun.restore(readFileSync(files.checkpoint), compile, protocol, seed, { kernel });
    truncateThermo(files.thermo, run.sim.step);
    truncateDump(files.dump, run.sim.step);
    process.stderr.write(`resuming from step ${run.sim.step} (${files.checkpoint})\n`);
  } else {
    const state = stateFromConfiguration(loadData(o.data, o.types));
    run = new ProtocolRun(state, compile(state), protocol, seed, { kernel });
    writeFileSync(files.thermo, THERMO_HEADER + '\n');
    if (dumpEvery > 0) writeFileSync(files.dump, '');
  }
  if (run.engine.fallbackReason) process.stderr.write(`note: exact kernel (${run.engine.fallbackReason})\n`);
  const total = totalSteps(protocol);
  const progress = new Progress('md run', total);
  const started = performance.now();
  const startStep = run.sim.step;
  let thermoLines: string[] = [];
  const flushThermo = () => {
    if (thermoLines.length) appendFileSync(files.thermo, thermoLines.join(''));
    thermoLines = [];
  };
  run.run({
    onThermo: (t: Thermo & { stage: string }) => {
      thermoLines.push(
        `${t.step},${t.time},${t.stage},${t.temperature},${t.potential},${t.kinetic},${t.total},${t.conserved},${t.pressure}\n`,
      );
      const perStep = (performance.now() - started) / 1000 / Math.max(1, t.step - startStep);
      const nsPerDay = (protocol.timestepFs * 1e-6 * 86400) / perStep;
      progress.update(t.step, `${t.stage} T=${t.temperature.toFixed(0)} K  ${nsPerDay.toFixed(2)} ns/day`);
    },
    onSample:
      dumpEvery > 0
        ? (step) => {
            if (step % dumpEvery === 0)
              appendFileSync(files.dump, lammpsDumpFrame(configurationFromState(run.state, '', false), step));
          }
        : undefined,
    onCheckpoint: (bytes) => {
      flushThermo();
      writeFileAtomic(files.checkpoint, bytes);
    },
  });
  flushThermo();
  writeFileAtomic(files.checkpoint, run.checkpoint());
  const seconds = (performance.now() - started) / 1000;
  const steps = run.sim.step - startStep;
  writeFileAtomic(
    files.final,
    writeLammpsData(configurationFromState(run.state, `ionsweep md run, step ${run.sim.step}`)),
  );
  const summary = {
    steps: run.sim.step,
    steps_this_session: steps,
    seconds,
    timesteps_per_second: steps / seconds,
    ns_per_day: (steps * protocol.timestepFs * 1e-6 * 86400) / seconds,
    kernel: run.engine.kernel,
    atoms: run.state.n,
    neighbor_builds: run.engine.list.builds,
  };
  writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + '\n');
  progress.finish(
    `md run: ${steps} steps in ${seconds.toFixed(1)} s (${summary.timesteps_per_second.toFixed(1)} steps/s, ${run.engine.kernel} kernel); wrote ${o.out}/`,
  );
}

/** Drops thermo rows after `step` (they are recomputed on resume). */
function truncateThermo(path: string, step: number): void {
  if (!existsSync(path)) return writeFileSync(path, THERMO_HEADER + '\n');
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const kept = [lines[0] ?? THERMO_HEADER, ...lines.slice(1).filter((l) => Number(l.split(',')[0]) <= step)];
  writeFileAtomic(path, kept.join('\n') + '\n');
}

/** Drops dump frames after `step`. */
function truncateDump(path: string, step: number): void {
  if (!existsSync(path)) return;
  const text = readFileSync(path, 'utf8');
  const frames = text.split(/(?=^ITEM: TIMESTEP$)/m).filter((f) => f.trim());
  writeFileAtomic(path, frames.filter((f) => Number(f.split('\n')[1]) <= step).join(''));
}
