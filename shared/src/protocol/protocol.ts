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
 *
 * `thermostat: npt` runs a stage at constant pressure (stochastic cell rescaling with CSVR:
 * `pressure_bar` (default 1), `pdamp_ps` (default 1), `compressibility_per_bar`; or
 * `barostat: mtk`, LAMMPS's `fix npt`, Martyna–Tobias–Klein with Nosé–Hoover chains); a later stage
 * at fixed volume may start from the mean volume of the last NPT stage's second half with
 * `volume: npt_mean` (quench at constant pressure, then produce at fixed box).
 */
import { InputError } from '../errors.js';
import { formatPath, mappingAt, parseYamlLocated } from '../yaml/located.js';

export type Thermostat = 'nve' | 'nvt' | 'csvr' | 'npt';
export const THERMOSTATS: readonly Thermostat[] = ['nve', 'nvt', 'csvr', 'npt'];

/**
 * A stage at constant pressure: stochastic cell rescaling with CSVR (the default;
 * node-agent/src/md/integrate/c-rescale.ts), or `barostat: mtk`, Martyna–Tobias–Klein with
 * Nosé–Hoover chains as LAMMPS `fix npt` (mtk.ts).
 */
export interface BarostatSettings {
  pressureBar: number;
  pdampPs: number;
  compressibilityPerBar: number;
  /** 'mtk'; absent: stochastic cell rescaling (so that earlier tasks keep their ids) */
  method?: 'mtk';
}

export const BAROSTATS = ['c-rescale', 'mtk'] as const;
export type Barostat = (typeof BAROSTATS)[number];

export const DEFAULT_BAROSTAT: BarostatSettings = { pressureBar: 1, pdampPs: 1, compressibilityPerBar: 5e-6 };
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
  /** thermostat npt only (absent otherwise, so that fixed-volume tasks keep their ids) */
  barostat?: BarostatSettings;
  /** 'npt_mean': start at the mean volume of the last NPT stage's second half */
  volume?: 'npt_mean';
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

const BAROSTAT_KEYS = ['pressure_bar', 'pdamp_ps', 'compressibility_per_bar', 'barostat'];
const STAGE_KEYS: Record<StageKind, string[]> = {
  relax: ['max_steps', 'fmax'],
  melt: ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps', ...BAROSTAT_KEYS],
  quench: ['from', 'to', 'rate_K_per_ps', 'thermostat', 'tdamp_ps', ...BAROSTAT_KEYS, 'volume'],
  equilibrate: ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps', ...BAROSTAT_KEYS, 'volume'],
  production: ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps', 'sample_every', ...BAROSTAT_KEYS, 'volume'],
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
    if (s.kind !== 'relax' && s.volume && !stages.slice(0, i).some((e) => e.kind !== 'relax' && e.thermostat === 'npt'))
      fail(at('stages', i, s.kind, 'volume'), 'npt_mean needs an earlier stage with thermostat: npt');
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
  const stage: DynamicsStage = { kind, steps, tStart, tEnd, thermostat, tdampPs, sampleEvery };
  const barostat = readBarostat(p, thermostat, f, fail);
  if (barostat) stage.barostat = barostat;
  if (p.volume !== undefined) {
    if (p.volume !== 'npt_mean') fail(f('volume'), `must be npt_mean, got ${JSON.stringify(p.volume)}`);
    if (thermostat === 'npt') fail(f('volume'), 'is for a stage at fixed volume; this one is npt');
    stage.volume = 'npt_mean';
  }
  return stage;
}

/** pressure_bar, pdamp_ps and compressibility_per_bar of an npt stage (null for the others). */
export function readBarostat(
  p: Record<string, unknown>,
  thermostat: Thermostat,
  f: (k: string) => Path,
  fail: Fail,
): BarostatSettings | null {
  if (thermostat !== 'npt') {
    const stray = BAROSTAT_KEYS.find((k) => p[k] !== undefined);
    if (stray) fail(f(stray), `is read only with thermostat: npt (this stage is ${thermostat})`);
    return null;
  }
  const pressure = p.pressure_bar ?? DEFAULT_BAROSTAT.pressureBar;
  if (typeof pressure !== 'number' || !Number.isFinite(pressure) || Math.abs(pressure) > 1e6)
    fail(f('pressure_bar'), `must be a pressure in bar between −1e6 and 1e6, got ${JSON.stringify(pressure)}`);
  const compressibility = positive(
    p.compressibility_per_bar ?? DEFAULT_BAROSTAT.compressibilityPerBar,
    f('compressibility_per_bar'),
    fail,
  );
  if (compressibility > 1e-3)
    fail(f('compressibility_per_bar'), `${compressibility} /bar is not a condensed phase's (allowed: up to 1e-3)`);
  const method = p.barostat ?? 'c-rescale';
  if (!BAROSTATS.includes(method as Barostat))
    fail(f('barostat'), `must be one of ${BAROSTATS.join(', ')}, got ${JSON.stringify(p.barostat)}`);
  return {
    pressureBar: pressure as number,
    pdampPs: positive(p.pdamp_ps ?? DEFAULT_BAROSTAT.pdampPs, f('pdamp_ps'), fail),
    compressibilityPerBar: compressibility,
    ...(method === 'mtk' ? { method: 'mtk' as const } : {}),
  };
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
