/**
 * An MD protocol: relax → melt → quench → equilibrate → production, each stage with its own
 * thermostat. Parsed from YAML (alone, or inside a sweep file) and compiled to step counts.
 *
 *   timestep_fs: 1
 *   thermo_every: 100          # steps
 *   checkpoint_every: 1000     # steps
 *   stages:
 *     - relax: { max_steps: 1000, fmax: 1.0 }
 *     - melt: { temperature: 2500, duration_ps: 10, thermostat: csvr, tdamp_ps: 0.1 }
 *     - quench: { from: 2500, to: 2000, rate_K_per_ps: 100, thermostat: nvt }
 *     - equilibrate: { temperature: 2000, duration_ps: 10, thermostat: nvt }
 *     - production: { temperature: 2000, duration_ps: 100, thermostat: nvt, sample_every: 100 }
 */
import { InputError } from '../errors.js';
import { formatPath, mappingAt, parseYamlLocated } from '../yaml/located.js';

export type Thermostat = 'nve' | 'nvt' | 'csvr';
export const THERMOSTATS: readonly Thermostat[] = ['nve', 'nvt', 'csvr'];
export type StageKind = 'relax' | 'melt' | 'quench' | 'equilibrate' | 'production';

export interface RelaxStage {
  kind: 'relax';
  maxSteps: number;
  fmax: number;
}

export interface DynamicsStage {
  kind: Exclude<StageKind, 'relax'>;
  steps: number;
  tStart: number;
  tEnd: number;
  thermostat: Thermostat;
  tdampPs: number;
  /** production only: hand positions to the analysis every this many steps */
  sampleEvery: number;
}

export type Stage = RelaxStage | DynamicsStage;

export interface Protocol {
  timestepFs: number;
  thermoEvery: number;
  checkpointEvery: number;
  stages: Stage[];
}

type Path = (string | number)[];
type Fail = (path: Path, detail: string) => never;

const STAGE_KEYS: Record<StageKind, string[]> = {
  relax: ['max_steps', 'fmax'],
  melt: ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps'],
  quench: ['from', 'to', 'rate_K_per_ps', 'thermostat', 'tdamp_ps'],
  equilibrate: ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps'],
  production: ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps', 'sample_every'],
};

const obj = (v: unknown, path: Path, fail: Fail, allowed?: string[]) => mappingAt(v, path, fail, allowed);

function positive(v: unknown, path: Path, fail: Fail, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    return fail(path, `must be a ${integer ? 'positive integer' : 'number > 0'}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Validates a protocol given as plain data (from YAML or JSON); `fail` attributes errors. */
export function readProtocol(value: unknown, fail: Fail, base: Path = []): Protocol {
  const top = obj(value, base, fail, ['timestep_fs', 'thermo_every', 'checkpoint_every', 'stages']);
  const at = (...p: Path) => [...base, ...p];
  const timestepFs = positive(top.timestep_fs ?? 1, at('timestep_fs'), fail);
  if (timestepFs > 5)
    fail(at('timestep_fs'), `${timestepFs} fs is too long for these force fields (allowed: up to 5 fs)`);
  const thermoEvery = positive(top.thermo_every ?? 100, at('thermo_every'), fail, true);
  const checkpointEvery = positive(top.checkpoint_every ?? 1000, at('checkpoint_every'), fail, true);
  if (!Array.isArray(top.stages) || top.stages.length === 0) fail(at('stages'), 'must be a non-empty list of stages');
  const dtPs = timestepFs / 1000;
  const stages = (top.stages as unknown[]).map((raw, i) => readStage(raw, at('stages', i), fail, dtPs));
  stages.forEach((s, i) => {
    if (s.kind === 'relax' && i !== 0) fail(at('stages', i), 'relax must be the first stage');
  });
  return { timestepFs, thermoEvery, checkpointEvery, stages };
}

function readStage(raw: unknown, path: Path, fail: Fail, dtPs: number): Stage {
  const o = obj(raw, path, fail);
  const keys = Object.keys(o);
  if (keys.length !== 1 || !(keys[0] in STAGE_KEYS)) {
    fail(
      path,
      `must be one of ${Object.keys(STAGE_KEYS)
        .map((k) => `{${k}: …}`)
        .join(', ')}`,
    );
  }
  const kind = keys[0] as StageKind;
  const p = obj(o[kind], [...path, kind], fail, STAGE_KEYS[kind]);
  const f = (k: string): Path => [...path, kind, k];
  if (kind === 'relax') {
    return {
      kind,
      maxSteps: positive(p.max_steps ?? 1000, f('max_steps'), fail, true),
      fmax: positive(p.fmax ?? 1, f('fmax'), fail),
    };
  }
  const thermostat = (p.thermostat ?? 'nvt') as Thermostat;
  if (!THERMOSTATS.includes(thermostat))
    fail(f('thermostat'), `must be one of ${THERMOSTATS.join(', ')}, got ${JSON.stringify(p.thermostat)}`);
  const tdampPs = positive(p.tdamp_ps ?? 0.1, f('tdamp_ps'), fail);
  let tStart: number;
  let tEnd: number;
  let durationPs: number;
  if (kind === 'quench') {
    tStart = positive(p.from, f('from'), fail);
    tEnd = positive(p.to, f('to'), fail);
    durationPs = Math.abs(tStart - tEnd) / positive(p.rate_K_per_ps, f('rate_K_per_ps'), fail);
  } else {
    tStart = tEnd = positive(p.temperature, f('temperature'), fail);
    durationPs = positive(p.duration_ps, f('duration_ps'), fail);
  }
  const steps = Math.max(1, Math.round(durationPs / dtPs));
  const sampleEvery = kind === 'production' ? positive(p.sample_every ?? 100, f('sample_every'), fail, true) : 0;
  return { kind, steps, tStart, tEnd, thermostat, tdampPs, sampleEvery };
}

export function parseProtocol(text: string, fileName = 'protocol.yaml'): Protocol {
  const doc = parseYamlLocated(text, fileName);
  const fail: Fail = (path, detail) => {
    throw new InputError(`${doc.where(path)}: ${formatPath(path) || '(top)'}`, detail);
  };
  return readProtocol(doc.value, fail);
}

/** MD steps of the whole protocol. */
export function totalSteps(p: Protocol): number {
  return p.stages.reduce((acc, s) => acc + (s.kind === 'relax' ? 0 : s.steps), 0);
}
