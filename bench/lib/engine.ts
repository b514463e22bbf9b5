/** Helpers for benchmarks: systems, our engine timed in-process, LAMMPS timed from its log. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  lammpsPairSetup,
  parseForceField,
  readLammpsData,
  type AtomConfiguration,
  type ForceFieldDescriptor,
} from '@ionsweep/shared';
import {
  compileForceField,
  ForceEngine,
  lammpsTableSetup,
  Simulation,
  stateFromConfiguration,
  type KernelChoice,
  type MdState,
} from '@ionsweep/node-agent';
import { runLammps } from './lammps.js';
import { ROOT_DIR } from './cli-process.js';

export function repoPath(p: string): string {
  // from the sources (tests) or from bench/dist (benchmarks) alike
  return join(ROOT_DIR, p);
}

export function nsBuck(): ForceFieldDescriptor {
  return parseForceField(readFileSync(repoPath('examples/forcefields/ns-buck-2026.yaml'), 'utf8'));
}

export function nsSs(): ForceFieldDescriptor {
  return parseForceField(readFileSync(repoPath('examples/forcefields/ns-ss-2026.yaml'), 'utf8'));
}

export function ns9Melt(): AtomConfiguration {
  return readLammpsData(readFileSync(repoPath('test/fixtures/lammps/ns9-melt/system.data'), 'utf8'), {
    types: ['Na', 'Si', 'S'],
  });
}

export interface Timing {
  steps: number;
  seconds: number;
  stepsPerSecond: number;
}

/** NVT steps on our engine after a warm-up; returns the timed part. */
export function timeOurs(
  conf: AtomConfiguration,
  ff: ForceFieldDescriptor,
  steps: number,
  kernel: KernelChoice,
  warmup = 100,
  threads = 1,
): Timing & { state: MdState; builds: number } {
  const state = stateFromConfiguration(conf);
  const engine = new ForceEngine(compileForceField(ff, state), state, { kernel, skin: 2, threads });
  const sim = new Simulation(state, engine, 0.001, 1);
  const seg = { ensemble: 'nvt' as const, tStart: 2000, tEnd: 2000, tdamp: 0.1 };
  sim.run({ ...seg, steps: warmup }, { thermoEvery: 100 });
  const b0 = engine.list.builds;
  const t0 = performance.now();
  sim.run({ ...seg, steps }, { thermoEvery: 100 });
  const seconds = (performance.now() - t0) / 1000;
  engine.dispose();
  return { steps, seconds, stepsPerSecond: steps / seconds, state, builds: engine.list.builds - b0 };
}

/**
 * The same NVT run in LAMMPS (one process, one thread) with the given pair setup (born/coul/dsf
 * from lammpsPairSetup, or tables from lammpsTableSetup); timing from its "Loop time", and the
 * whole process's wall time (start-up, reading, setup and both runs).
 */
export function timeLammps(
  dataText: string,
  setup: { commands: string; files: Record<string, string> },
  steps: number,
  warmup = 100,
  skin = 2,
): Timing & { builds: number; processSeconds: number } {
  const input = [
    'units metal',
    'atom_style charge',
    'boundary p p p',
    'read_data start.data',
    setup.commands,
    `neighbor ${skin} bin`,
    'neigh_modify every 1 delay 0 check yes',
    'fix t all nvt temp 2000 2000 0.1',
    'timestep 0.001',
    'thermo 100',
    `run ${warmup}`,
    `run ${steps}`,
  ].join('\n');
  const t0 = performance.now();
  const { log } = runLammps(input, { 'start.data': dataText, ...setup.files });
  const processSeconds = (performance.now() - t0) / 1000;
  const loops = [...log.matchAll(/Loop time of ([\d.e+-]+) on 1 procs for (\d+) steps/g)];
  const last = loops[loops.length - 1];
  const builds = [...log.matchAll(/Neighbor list builds = (\d+)/g)].map((m) => Number(m[1]));
  const seconds = Number(last[1]);
  return { steps, seconds, stepsPerSecond: steps / seconds, builds: builds[builds.length - 1], processSeconds };
}

/** born/coul/dsf for LAMMPS from the force-field file (the pair style our exact kernel equals). */
export function lammpsDsf(ff: ForceFieldDescriptor, conf: AtomConfiguration) {
  return lammpsPairSetup(ff, conf.typeElements);
}

/** `pair_style table` for LAMMPS from the force-field file: LAMMPS's fastest set-up for this model. */
export function lammpsTables(ff: ForceFieldDescriptor, conf: AtomConfiguration) {
  const s = stateFromConfiguration(conf);
  return lammpsTableSetup(compileForceField(ff, s), s);
}
