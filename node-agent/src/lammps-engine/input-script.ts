/**
 * A task's protocol as a LAMMPS input: the same start (ionsweep's placed atoms, written as a data
 * file), the same force field (`forcefield export`'s commands), the same stages and thermostats,
 * and a dump of unwrapped positions at the production's sample steps for ionsweep's analysis.
 *
 *   relax        → min_style fire, minimize to max |F| ≤ fmax (min_modify norm max)
 *   nvt          → fix nvt (Nosé–Hoover chain), the target ramped from tStart to tEnd
 *   csvr         → fix temp/csvr + fix nve when the binary has it; fix nvt otherwise (noted)
 *   nve          → fix nve
 *   npt          → fix npt … iso P P pdamp (MTK: ionsweep's `barostat: mtk` step for step; the same
 *                  ensemble as its default stochastic cell rescaling)
 *   volume: npt_mean → change_box to the running mean of vol over the last NPT stage's second half
 * Velocities: Gaussian at the first stage's start temperature, zero total momentum, as ours.
 */
import {
  lammpsPairSetup,
  writeLammpsData,
  type AtomConfiguration,
  type DynamicsStage,
  type TaskSpec,
} from '@ionsweep/shared';

export const DUMP_FILE = 'production.dump';
export const DATA_FILE = 'start.data';
/** the final structure LAMMPS writes (positions, images, velocities) */
export const FINAL_DATA_FILE = 'final.data';

export interface LammpsTaskInput {
  input: string;
  /** files the input reads, by name (the data file, potential files) */
  files: Record<string, string>;
  /** timestep at which production starts (frames after it are samples) */
  productionStart: number;
  /** every dynamics stage's kind and timesteps [start, end) (to name the stage of a thermo row) */
  stages: { kind: DynamicsStage['kind']; start: number; end: number }[];
  totalSteps: number;
  /** where the LAMMPS run departs from ionsweep's protocol, in words */
  notes: string[];
}

/** LAMMPS seeds are positive 31-bit integers. */
const lammpsSeed = (seed: number, salt: number) => (((seed >>> 0) + salt * 7919) % 2_000_000_000) + 1;

function thermostatFixes(stage: DynamicsStage, seed: number, hasCsvr: boolean, notes: string[]): string[] {
  const temps = `${stage.tStart} ${stage.tEnd} ${stage.tdampPs}`;
  if (stage.thermostat === 'nve') return ['fix dyn all nve'];
  if (stage.thermostat === 'npt') {
    const b = stage.barostat!;
    if (b.method !== 'mtk' && !notes.some((n) => n.startsWith('npt:')))
      notes.push(
        'npt: fix npt (Martyna–Tobias–Klein) where ionsweep uses stochastic cell rescaling: the same ensemble',
      );
    return [`fix dyn all npt temp ${temps} iso ${b.pressureBar} ${b.pressureBar} ${b.pdampPs}`];
  }
  if (stage.thermostat === 'csvr') {
    if (hasCsvr) return ['fix dyn all nve', `fix thermostat all temp/csvr ${temps} ${seed}`];
    notes.push(`${stage.kind}: csvr run as fix nvt (this LAMMPS has no fix temp/csvr)`);
  }
  return [`fix dyn all nvt temp ${temps}`];
}

export function lammpsTaskInput(spec: TaskSpec, conf: AtomConfiguration, hasCsvr: boolean): LammpsTaskInput {
  const pair = lammpsPairSetup(spec.forcefield, conf.typeElements);
  const p = spec.protocol;
  const notes: string[] = [];
  const lines = [
    `# ionsweep task: T = ${spec.temperature} K, seed ${spec.seed}, force field ${spec.forcefield.name}`,
    'units metal',
    'atom_style charge',
    'boundary p p p',
    `read_data ${DATA_FILE}`,
    pair.commands.trim(),
    'neighbor 2.0 bin',
    'neigh_modify every 1 delay 0 check yes',
    `timestep ${p.timestepFs / 1000}`,
    `thermo ${p.thermoEvery}`,
    'thermo_style custom step temp pe ke etotal press vol econserve',
    'thermo_modify flush yes',
  ];
  const relax = p.stages[0].kind === 'relax' ? p.stages[0] : null;
  if (relax)
    lines.push(
      'min_style fire',
      'min_modify norm max',
      `minimize 0.0 ${relax.fmax} ${relax.maxSteps} ${relax.maxSteps * 10}`,
      'reset_timestep 0',
    );
  const dynamics = p.stages.filter((s): s is DynamicsStage => s.kind !== 'relax');
  lines.push(`velocity all create ${dynamics[0].tStart} ${lammpsSeed(spec.seed, 0)} dist gaussian mom yes rot no`);
  let step = 0;
  let productionStart = -1;
  const stages: LammpsTaskInput['stages'] = [];
  dynamics.forEach((stage, k) => {
    lines.push(`# ${stage.kind}: ${stage.steps} steps, ${stage.tStart} → ${stage.tEnd} K, ${stage.thermostat}`);
    // volume: npt_mean — the mean volume of the last NPT stage's second half, as ionsweep's engine
    if (stage.volume === 'npt_mean')
      lines.push(
        'variable scale equal (v_nptmean/vol)^(1.0/3.0)',
        'change_box all x scale ${scale} y scale ${scale} z scale ${scale} remap',
      );
    const fixes = thermostatFixes(stage, lammpsSeed(spec.seed, k + 1), hasCsvr, notes);
    lines.push(...fixes);
    if (stage.thermostat === 'npt')
      lines.push(
        'variable volume equal vol',
        `fix nptvolume all ave/time 1 1 1 v_volume ave running start ${step + Math.ceil(stage.steps / 2)}`,
      );
    if (stage.kind === 'production') {
      productionStart = step;
      lines.push(
        `dump samples all custom ${stage.sampleEvery} ${DUMP_FILE} id type xu yu zu`,
        'dump_modify samples sort id format float %.10g',
      );
    }
    lines.push(`run ${stage.steps}`);
    if (stage.kind === 'production') lines.push('undump samples');
    lines.push(...fixes.map((f) => `unfix ${f.split(' ')[1]}`));
    if (stage.thermostat === 'npt') lines.push('variable nptmean equal $(f_nptvolume)', 'unfix nptvolume');
    stages.push({ kind: stage.kind, start: step, end: step + stage.steps });
    step += stage.steps;
  });
  if (productionStart < 0) throw new Error('the protocol has no production stage');
  lines.push(`write_data ${FINAL_DATA_FILE} nocoeff`);
  return {
    input: lines.join('\n') + '\n',
    files: { [DATA_FILE]: writeLammpsData(conf), ...pair.files },
    productionStart,
    stages,
    totalSteps: step,
    notes,
  };
}
