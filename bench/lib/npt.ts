/**
 * NPT, ours against LAMMPS from the same start: ionsweep's stochastic cell rescaling + CSVR (or
 * its MTK barostat) and LAMMPS `fix npt` (Martyna–Tobias–Klein, iso), same temperature, pressure, pdamp and Tdamp 0.1
 * ps, volumes every 20 steps after a discarded start. Mean volumes with block errors (blocks
 * long against the barostats' correlation times), and the volume spread. Used by bench:npt and
 * the NPT test.
 */
import { lammpsPairSetup, writeLammpsData, type AtomConfiguration, type ForceFieldDescriptor } from '@ionsweep/shared';
import {
  compileForceField,
  ForceEngine,
  initVelocities,
  Simulation,
  stateFromConfiguration,
} from '@ionsweep/node-agent';
import { runLammps, thermoRows } from './lammps.js';

export interface NptSettings {
  temperature: number;
  pressureBar: number;
  pdampPs: number;
  /** total steps of 1 fs, and how many of them are discarded first */
  steps: number;
  discard: number;
  seed: number;
  /** ionsweep's barostat: stochastic cell rescaling (default) or MTK, LAMMPS fix npt's twin */
  barostat?: 'mtk';
}

export interface VolumeSummary {
  mean: number;
  /** standard error from `blocks` block means */
  err: number;
  sd: number;
  samples: number;
}

const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;

export function summarize(volumes: number[], blocks = 5): VolumeSummary {
  const n = Math.floor(volumes.length / blocks);
  const means = Array.from({ length: blocks }, (_, k) => mean(volumes.slice(k * n, (k + 1) * n)));
  const m = mean(volumes);
  const spread = Math.sqrt(means.reduce((a, b) => a + (b - mean(means)) ** 2, 0) / (blocks - 1));
  return {
    mean: m,
    err: spread / Math.sqrt(blocks),
    sd: Math.sqrt(mean(volumes.map((v) => (v - m) ** 2))),
    samples: volumes.length,
  };
}

/** Volumes (Å³) every 20 steps after the discarded start, from ionsweep's engine. */
export function oursNpt(conf: AtomConfiguration, ff: ForceFieldDescriptor, o: NptSettings): number[] {
  const s = stateFromConfiguration(conf);
  const engine = new ForceEngine(compileForceField(ff, s), s);
  const sim = new Simulation(s, engine, 0.001, o.seed);
  initVelocities(s, o.temperature, sim.rng);
  const volumes: number[] = [];
  sim.run(
    {
      ensemble: 'npt',
      steps: o.steps,
      tStart: o.temperature,
      tEnd: o.temperature,
      tdamp: 0.1,
      barostat: {
        pressureBar: o.pressureBar,
        tauPs: o.pdampPs,
        compressibilityPerBar: 5e-6,
        ...(o.barostat ? { method: o.barostat } : {}),
      },
    },
    { thermoEvery: 20, onThermo: (t) => t.step > o.discard && volumes.push(t.volume) },
  );
  engine.dispose();
  return volumes;
}

/** The same from LAMMPS `fix npt`. */
export function lammpsNpt(conf: AtomConfiguration, ff: ForceFieldDescriptor, o: NptSettings): number[] {
  const pair = lammpsPairSetup(ff, conf.typeElements);
  const { log } = runLammps(
    [
      'units metal',
      'atom_style charge',
      'boundary p p p',
      'read_data start.data',
      pair.commands,
      'neighbor 2.0 bin',
      'neigh_modify every 1 delay 0 check yes',
      'timestep 0.001',
      `velocity all create ${o.temperature} ${o.seed} dist gaussian mom yes rot no`,
      `fix f all npt temp ${o.temperature} ${o.temperature} 0.1 iso ${o.pressureBar} ${o.pressureBar} ${o.pdampPs}`,
      'thermo 20',
      'thermo_style custom step temp press vol',
      `run ${o.steps}`,
    ].join('\n'),
    { 'start.data': writeLammpsData(conf), ...pair.files },
  );
  return thermoRows(log)
    .filter((r) => r.Step > o.discard)
    .map((r) => r.Volume);
}
