/**
 * Sweep files: a series of compositions × temperatures × replicas run with one protocol.
 *
 *   name: ns9-quick
 *   system:
 *     x: 0.10                      # x and m, each a value or a list (their grid, x outer) …
 *     m: [2, 2.5, 3.11, 4]
 *     # counts: [{Na: 200, Si: 900, S: 1900}, …]   … or explicit count sets
 *     atoms: 600                   # optional with counts (each set its own size)
 *     box: 24.9                    # Å, the same for every point (the paper's fixed cell) …
 *     # density: 1.95              # … or g/cm³, each point's box from its mass
 *     charge_neutrality: auto      # default: excess-anion with an S0 species, else rescale-anion
 *   forcefield: ../forcefields/ns-ss-2026.yaml   # relative to this file
 *   cutoff: 8                      # optional: shorten every cutoff (small boxes)
 *   protocol:
 *     timestep_fs: 1
 *     relax: { max_steps: 300, fmax: 2.0 }
 *     melt: { temperature: 2500, duration_ps: 5, thermostat: csvr, tdamp_ps: 0.1 }
 *     quench_rate_K_per_ps: 100
 *     equilibrate_ps: 5
 *     production_ps: 20
 *     sample_every: 20
 *     thermostat: nvt
 *     tdamp_ps: 0.1
 *     checkpoint_every: 2000
 *   structure: { every: 1000, cutoffs: { Si-S: 2.7, S-S: 2.5, Na-S: 3.4 } }   # optional
 *   dump_every: 1000               # optional: each task keeps its production trajectory
 *   temperatures: [1500, 2000]
 *   replicas: 2                    # or { min: 2, max: 8, target: { quantity: D_Na, rel_ci95: 0.2 } }
 *   seed: 1
 *   threads: 2                     # cores for the sweep (embedded run)
 *   threads_per_task: 1            # of them, per simulation (pair-force threads)
 *   engine: lammps                 # optional: run the MD in LAMMPS (default: ionsweep's engine)
 *   lammps: { binary: lmp, args: [-sf, omp], mpi: mpirun -np 4 }   # how to start it (optional)
 */
import { compositionFromCounts, countsFromComposition } from '../composition/composition.js';
import { InputError } from '../errors.js';
import { formatPath, mappingAt, parseYamlLocated } from '../yaml/located.js';
import type { BarostatSettings, DynamicsStage, Protocol, Stage, Thermostat } from '../protocol/protocol.js';
import { readBarostat, THERMOSTATS } from '../protocol/protocol.js';

/**
 * How a non-neutral composition is made neutral (`ionsweep build --charge-neutrality`); `auto`
 * is excess-anion when the force field has a species for the excess anions (S0 in ns-ss-2026),
 * rescale-anion otherwise.
 */
export type ChargeNeutralityRule = 'auto' | 'rescale-anion' | 'excess-anion' | 'refuse';
export const CHARGE_NEUTRALITY_RULES: readonly ChargeNeutralityRule[] = [
  'auto',
  'rescale-anion',
  'excess-anion',
  'refuse',
];

export interface SweepPoint {
  index: number;
  x: number;
  m: number;
  /** element → count, in type order (modifier, former, chalcogen) */
  counts: [string, number][];
}

export interface ProtocolTemplate {
  timestepFs: number;
  relax: { maxSteps: number; fmax: number } | null;
  melt: { temperature: number; durationPs: number; thermostat: Thermostat; tdampPs: number };
  quenchRateKPerPs: number;
  equilibratePs: number;
  productionPs: number;
  sampleEvery: number;
  thermostat: Thermostat;
  tdampPs: number;
  /** thermostat npt: the barostat of the quench, equilibration (and production, unless below) */
  barostat: BarostatSettings | null;
  /** thermostat npt: produce at NPT, or at fixed volume (NVT) at the equilibration's mean volume */
  production: 'npt' | 'nvt_at_npt_mean';
  checkpointEvery: number;
  thermoEvery: number;
}

export interface SweepSpec {
  name: string;
  points: SweepPoint[];
  /** atoms of every point; null when explicit count sets differ in size (each point's own total) */
  atoms: number | null;
  /** fixed cubic box edge (Å), or null when each point's box comes from `density` */
  box: number | null;
  density: number | null;
  chargeNeutrality: ChargeNeutralityRule;
  /** path of the force-field file, resolved against the sweep file's folder */
  forcefield: string;
  cutoff: number | null;
  protocol: ProtocolTemplate;
  temperatures: number[];
  /** replicas of every point at the start (adaptive sweeps: the minimum) */
  replicas: number;
  /** adaptive replicas: more per point until the target interval is met, or null */
  adaptive: AdaptiveReplicas | null;
  seed: number;
  threads: number;
  /**
   * threads inside each task's simulation (pair forces): the embedded run gives each of its
   * threads / threads_per_task tasks this many. Not part of a task's identity: the physics is
   * the same on any count (trajectories differ in the last bits, as on another CPU).
   */
  threadsPerTask: number;
  /** structure of each task's production (`ionsweep structure`), or null */
  structure: StructureSampling | null;
  /** steps between the frames of each task's production trajectory (an artifact), or null: none */
  dumpEvery: number | null;
  /** which engine runs the MD: ionsweep's own, or LAMMPS (an input written per task) */
  engine: MdEngine;
  /** how to start LAMMPS (engine: lammps); not part of a task's identity */
  lammps: LammpsCommand;
}

export const MD_ENGINES = ['ionsweep', 'lammps'] as const;
export type MdEngine = (typeof MD_ENGINES)[number];

/** `lammps: { binary, args, mpi }`: the command is mpi… binary args… -in in.lammps. */
export interface LammpsCommand {
  binary: string;
  args: string[];
  /** launcher words before the binary, e.g. ['mpirun', '-np', '8']; empty: none */
  mpi: string[];
}

/**
 * `replicas: { min, max, target: { quantity, rel_ci95 } }`: each point (composition and
 * temperature) starts with `min` replicas and gets more (deterministic seeds: replica k's seed
 * does not depend on how many there are) until the 95 % interval of `quantity` is within
 * ±rel_ci95 of its mean, or it has `max`.
 */
export interface AdaptiveReplicas {
  min: number;
  max: number;
  quantity: AdaptiveQuantity;
  relCi95: number;
}

export const ADAPTIVE_QUANTITIES = ['D_Na', 'sigma_self', 'sigma_full'] as const;
export type AdaptiveQuantity = (typeof ADAPTIVE_QUANTITIES)[number];

/** Structure sampled in production: every `every` steps, bonds by these cutoffs (by pair name). */
export interface StructureSampling {
  every: number;
  cutoffs: Record<string, number>;
}

type Path = (string | number)[];
type Fail = (path: Path, detail: string) => never;

const ELEMENTS = ['Na', 'Si', 'S'];

export function parseSweep(text: string, fileName = 'sweep.yaml'): SweepSpec {
  const doc = parseYamlLocated(text, fileName);
  const fail: Fail = (path, detail) => {
    throw new InputError(`${doc.where(path)}: ${formatPath(path) || '(top)'}`, detail);
  };
  return readSweep(doc.value, fail);
}

const map = (v: unknown, path: Path, fail: Fail, allowed: string[]) => mappingAt(v, path, fail, allowed);

function num(
  v: unknown,
  path: Path,
  fail: Fail,
  check: { min?: number; exclusiveMin?: number; max?: number; integer?: boolean } = {},
): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(path, `must be a number, got ${JSON.stringify(v)}`);
  if (check.integer && !Number.isInteger(v)) fail(path, `must be an integer, got ${v}`);
  if (check.exclusiveMin !== undefined && !(v > check.exclusiveMin))
    fail(path, `must be > ${check.exclusiveMin}, got ${v}`);
  if (check.min !== undefined && v < check.min) fail(path, `must be >= ${check.min}, got ${v}`);
  if (check.max !== undefined && v > check.max) fail(path, `must be <= ${check.max}, got ${v}`);
  return v;
}

function list(v: unknown, path: Path, fail: Fail): unknown[] {
  if (!Array.isArray(v) || v.length === 0) return fail(path, 'must be a non-empty list');
  return v;
}

function thermostat(v: unknown, path: Path, fail: Fail, fallback: Thermostat): Thermostat {
  if (v === undefined) return fallback;
  if (!THERMOSTATS.includes(v as Thermostat))
    fail(path, `must be one of ${THERMOSTATS.join(', ')}, got ${JSON.stringify(v)}`);
  return v as Thermostat;
}

export function readSweep(value: unknown, fail: Fail): SweepSpec {
  const top = map(value, [], fail, [
    'name',
    'system',
    'forcefield',
    'cutoff',
    'protocol',
    'temperatures',
    'replicas',
    'seed',
    'threads',
    'threads_per_task',
    'structure',
    'dump_every',
    'engine',
    'lammps',
  ]);
  if (typeof top.name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(top.name))
    fail(['name'], 'must be a name of letters, digits, . _ -');
  const sys = map(top.system, ['system'], fail, ['x', 'm', 'counts', 'atoms', 'box', 'density', 'charge_neutrality']);
  // atoms may be left out with explicit counts (each set is its own size)
  const atoms =
    sys.atoms === undefined && sys.counts !== undefined
      ? null
      : num(sys.atoms, ['system', 'atoms'], fail, { integer: true, min: 10, max: 1_000_000 });
  const points = readPoints(sys, atoms, fail);
  const sizes = new Set(points.map((p) => p.counts.reduce((a, [, n]) => a + n, 0)));
  if ((sys.box === undefined) === (sys.density === undefined))
    fail(['system'], 'give exactly one of box (Å) or density (g/cm³)');
  const box = sys.box === undefined ? null : num(sys.box, ['system', 'box'], fail, { exclusiveMin: 0 });
  const density =
    sys.density === undefined ? null : num(sys.density, ['system', 'density'], fail, { exclusiveMin: 0, max: 20 });
  const rule = sys.charge_neutrality ?? 'auto';
  if (!CHARGE_NEUTRALITY_RULES.includes(rule as ChargeNeutralityRule))
    fail(['system', 'charge_neutrality'], `must be one of ${CHARGE_NEUTRALITY_RULES.join(', ')}`);
  if (typeof top.forcefield !== 'string' || top.forcefield.trim() === '')
    fail(['forcefield'], 'must be the path of a force-field file');
  const temperatures = list(top.temperatures, ['temperatures'], fail).map((t, i) =>
    num(t, ['temperatures', i], fail, { exclusiveMin: 0, max: 10_000 }),
  );
  if (new Set(temperatures).size !== temperatures.length) fail(['temperatures'], 'has repeated values');
  const protocol = readTemplate(top.protocol, fail);
  const largest = Math.max(...points.map((p) => p.counts.reduce((a, [, n]) => a + n, 0)));
  return {
    name: top.name as string,
    points,
    atoms: atoms ?? (sizes.size === 1 ? [...sizes][0] : null),
    box,
    density,
    chargeNeutrality: rule as ChargeNeutralityRule,
    forcefield: top.forcefield as string,
    cutoff: top.cutoff === undefined ? null : num(top.cutoff, ['cutoff'], fail, { exclusiveMin: 0 }),
    protocol,
    temperatures,
    ...readReplicas(top.replicas, fail),
    seed: num(top.seed ?? 1, ['seed'], fail, { integer: true, min: 0 }),
    threads: num(top.threads ?? 1, ['threads'], fail, { integer: true, min: 1, max: 256 }),
    threadsPerTask: num(top.threads_per_task ?? 1, ['threads_per_task'], fail, { integer: true, min: 1, max: 64 }),
    structure: top.structure === undefined ? null : readStructure(top.structure, fail),
    dumpEvery: top.dump_every === undefined ? null : readDumpEvery(top.dump_every, protocol, largest, fail),
    ...readEngine(top, fail),
  };
}

/** A production trajectory's text (LAMMPS dump, id type xu yu zu) per frame and atom, bytes. */
export const DUMP_BYTES_PER_ATOM = 48;
/** The largest trajectory a task keeps (its frames also ride in its checkpoints, as float32). */
export const MAX_TRAJECTORY_BYTES = 128 * 2 ** 20;

/** `dump_every`: a multiple of the production's sampling, and a trajectory under MAX_TRAJECTORY_BYTES. */
function readDumpEvery(value: unknown, t: ProtocolTemplate, atoms: number, fail: Fail): number {
  const every = num(value, ['dump_every'], fail, { integer: true, min: 1 });
  if (every % t.sampleEvery !== 0)
    fail(['dump_every'], `must be a multiple of the production's sample_every (${t.sampleEvery} steps), got ${every}`);
  const frames = Math.floor(Math.max(1, Math.round((t.productionPs * 1000) / t.timestepFs)) / every);
  const bytes = frames * atoms * DUMP_BYTES_PER_ATOM;
  if (bytes > MAX_TRAJECTORY_BYTES)
    fail(
      ['dump_every'],
      `gives ${frames} frames of ${atoms} atoms, ≈ ${(bytes / 2 ** 20).toFixed(0)} MiB per task; at most ` +
        `${MAX_TRAJECTORY_BYTES / 2 ** 20} MiB: dump less often`,
    );
  return every;
}

/** `engine: ionsweep | lammps` and `lammps: { binary, args, mpi }` (args and mpi: a list or one string). */
function readEngine(top: Record<string, unknown>, fail: Fail): { engine: MdEngine; lammps: LammpsCommand } {
  const engine = (top.engine ?? 'ionsweep') as MdEngine;
  if (!MD_ENGINES.includes(engine))
    fail(['engine'], `must be one of ${MD_ENGINES.join(', ')}, got ${JSON.stringify(top.engine)}`);
  if (top.lammps !== undefined && engine !== 'lammps') fail(['lammps'], 'is only read with engine: lammps');
  const l = top.lammps === undefined ? {} : map(top.lammps, ['lammps'], fail, ['binary', 'args', 'mpi']);
  const words = (v: unknown, key: string): string[] => {
    if (v === undefined) return [];
    if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
    if (Array.isArray(v) && v.every((w) => typeof w === 'string' || typeof w === 'number')) return v.map(String);
    return fail(['lammps', key], 'must be a list of words or one string, e.g. [-sf, omp] or "mpirun -np 8"');
  };
  if (l.binary !== undefined && (typeof l.binary !== 'string' || l.binary.trim() === ''))
    fail(['lammps', 'binary'], 'must be the LAMMPS executable, a name on PATH or a path (e.g. lmp)');
  return {
    engine,
    lammps: {
      binary: (l.binary as string | undefined) ?? 'lmp',
      args: words(l.args, 'args'),
      mpi: words(l.mpi, 'mpi'),
    },
  };
}

/** `replicas: 3`, or `replicas: { min: 2, max: 8, target: { quantity: D_Na, rel_ci95: 0.2 } }`. */
function readReplicas(value: unknown, fail: Fail): { replicas: number; adaptive: AdaptiveReplicas | null } {
  if (value === undefined || typeof value === 'number')
    return { replicas: num(value ?? 1, ['replicas'], fail, { integer: true, min: 1, max: 1000 }), adaptive: null };
  const r = map(value, ['replicas'], fail, ['min', 'max', 'target']);
  const min = num(r.min ?? 2, ['replicas', 'min'], fail, { integer: true, min: 2, max: 1000 });
  const max = num(r.max, ['replicas', 'max'], fail, { integer: true, min, max: 1000 });
  const t = map(r.target, ['replicas', 'target'], fail, ['quantity', 'rel_ci95']);
  if (!ADAPTIVE_QUANTITIES.includes(t.quantity as AdaptiveQuantity))
    fail(['replicas', 'target', 'quantity'], `must be one of ${ADAPTIVE_QUANTITIES.join(', ')}`);
  const relCi95 = num(t.rel_ci95, ['replicas', 'target', 'rel_ci95'], fail, { exclusiveMin: 0, max: 10 });
  return { replicas: min, adaptive: { min, max, quantity: t.quantity as AdaptiveQuantity, relCi95 } };
}

function readStructure(value: unknown, fail: Fail): StructureSampling {
  const s = map(value, ['structure'], fail, ['every', 'cutoffs']);
  const every = num(s.every ?? 1000, ['structure', 'every'], fail, { integer: true, min: 1 });
  const cutoffs: Record<string, number> = {};
  const given =
    s.cutoffs === undefined ? {} : map(s.cutoffs, ['structure', 'cutoffs'], fail, Object.keys(s.cutoffs as object));
  for (const [pair, v] of Object.entries(given)) {
    if (!/^[A-Z][a-z]?-[A-Z][a-z]?$/.test(pair))
      fail(['structure', 'cutoffs', pair], "must be written 'A-B', e.g. 'Si-S'");
    cutoffs[pair] = num(v, ['structure', 'cutoffs', pair], fail, { min: 0, max: 20 });
  }
  return { every, cutoffs };
}

function readPoints(sys: Record<string, unknown>, atoms: number | null, fail: Fail): SweepPoint[] {
  if ((sys.counts === undefined) === (sys.x === undefined && sys.m === undefined)) {
    fail(['system'], 'give either x and m (each a value or a list), or a list of counts');
  }
  if (sys.counts !== undefined) {
    return list(sys.counts, ['system', 'counts'], fail).map((c, i) => {
      const o = map(c, ['system', 'counts', i], fail, ELEMENTS);
      const counts = ELEMENTS.map(
        (el) => [el, num(o[el], ['system', 'counts', i, el], fail, { integer: true, min: 0 })] as [string, number],
      );
      const total = counts.reduce((a, [, n]) => a + n, 0);
      if (total < 10) fail(['system', 'counts', i], `adds up to ${total} atoms; at least 10 are needed`);
      if (atoms !== null && total !== atoms)
        fail(['system', 'counts', i], `adds up to ${total} atoms, but system.atoms is ${atoms}`);
      const { x, m } = compositionFromCounts({ M: counts[0][1], A: counts[1][1], Y: counts[2][1] });
      return { index: i, x, m, counts };
    });
  }
  // x and m, each a value or a list: their grid, x outer
  const values = (key: 'x' | 'm', check: { min: number; max?: number }) => {
    const v = sys[key];
    if (v === undefined) fail(['system', key], `is missing (a value or a list; counts replace x and m)`);
    return (Array.isArray(v) ? v : [v]).map((e, i) =>
      num(e, Array.isArray(v) ? ['system', key, i] : ['system', key], fail, check),
    );
  };
  const xs = values('x', { min: 0, max: 0.99 });
  const ms = values('m', { min: 2 });
  return xs
    .flatMap((x) => ms.map((m) => ({ x, m })))
    .map(({ x, m }, index) => {
      const c = countsFromComposition(x, m, atoms!);
      return {
        index,
        x,
        m,
        counts: [
          ['Na', c.M],
          ['Si', c.A],
          ['S', c.Y],
        ] as [string, number][],
      };
    });
}

function readTemplate(value: unknown, fail: Fail): ProtocolTemplate {
  const p = map(value, ['protocol'], fail, [
    'timestep_fs',
    'relax',
    'melt',
    'quench_rate_K_per_ps',
    'equilibrate_ps',
    'production_ps',
    'sample_every',
    'thermostat',
    'tdamp_ps',
    'pressure_bar',
    'pdamp_ps',
    'compressibility_per_bar',
    'barostat',
    'production',
    'checkpoint_every',
    'thermo_every',
  ]);
  const at = (...k: Path): Path => ['protocol', ...k];
  const melt = map(p.melt, at('melt'), fail, ['temperature', 'duration_ps', 'thermostat', 'tdamp_ps']);
  const relax = p.relax === undefined ? null : map(p.relax, at('relax'), fail, ['max_steps', 'fmax']);
  const main = thermostat(p.thermostat, at('thermostat'), fail, 'nvt');
  // a melt at constant pressure takes the protocol's barostat settings too
  const anyNpt = main === 'npt' || melt.thermostat === 'npt';
  return {
    timestepFs: num(p.timestep_fs ?? 1, at('timestep_fs'), fail, { exclusiveMin: 0, max: 5 }),
    relax: relax && {
      maxSteps: num(relax.max_steps ?? 1000, at('relax', 'max_steps'), fail, { integer: true, min: 1 }),
      fmax: num(relax.fmax ?? 1, at('relax', 'fmax'), fail, { exclusiveMin: 0 }),
    },
    melt: {
      temperature: num(melt.temperature, at('melt', 'temperature'), fail, { exclusiveMin: 0 }),
      durationPs: num(melt.duration_ps, at('melt', 'duration_ps'), fail, { exclusiveMin: 0 }),
      thermostat: thermostat(melt.thermostat, at('melt', 'thermostat'), fail, 'csvr'),
      tdampPs: num(melt.tdamp_ps ?? 0.1, at('melt', 'tdamp_ps'), fail, { exclusiveMin: 0 }),
    },
    quenchRateKPerPs: num(p.quench_rate_K_per_ps, at('quench_rate_K_per_ps'), fail, { exclusiveMin: 0 }),
    equilibratePs: num(p.equilibrate_ps, at('equilibrate_ps'), fail, { exclusiveMin: 0 }),
    productionPs: num(p.production_ps, at('production_ps'), fail, { exclusiveMin: 0 }),
    sampleEvery: num(p.sample_every ?? 100, at('sample_every'), fail, { integer: true, min: 1 }),
    thermostat: main,
    tdampPs: num(p.tdamp_ps ?? 0.1, at('tdamp_ps'), fail, { exclusiveMin: 0 }),
    barostat: readBarostat(p, anyNpt ? 'npt' : main, (k) => at(k), fail),
    production: readProduction(p.production, main, fail),
    checkpointEvery: num(p.checkpoint_every ?? 5000, at('checkpoint_every'), fail, { integer: true, min: 1 }),
    thermoEvery: num(p.thermo_every ?? 100, at('thermo_every'), fail, { integer: true, min: 1 }),
  };
}

/** `production: npt | nvt_at_npt_mean`, read only with thermostat: npt. */
function readProduction(v: unknown, main: Thermostat, fail: Fail): ProtocolTemplate['production'] {
  if (v === undefined) return 'npt';
  if (main !== 'npt') fail(['protocol', 'production'], 'is read only with thermostat: npt');
  if (v !== 'npt' && v !== 'nvt_at_npt_mean')
    fail(['protocol', 'production'], `must be npt or nvt_at_npt_mean, got ${JSON.stringify(v)}`);
  return v;
}

/** The protocol of one temperature: relax, melt, quench to T, equilibrate at T, production at T. */
export function protocolFor(t: ProtocolTemplate, temperature: number): Protocol {
  const steps = (ps: number) => Math.max(1, Math.round((ps * 1000) / t.timestepFs));
  const stages: Stage[] = [];
  if (t.relax) stages.push({ kind: 'relax', maxSteps: t.relax.maxSteps, fmax: t.relax.fmax });
  const m = t.melt;
  stages.push({
    kind: 'melt',
    steps: steps(m.durationPs),
    tStart: m.temperature,
    tEnd: m.temperature,
    thermostat: m.thermostat,
    tdampPs: m.tdampPs,
    sampleEvery: 0,
  });
  if (m.temperature !== temperature) {
    stages.push({
      kind: 'quench',
      steps: steps(Math.abs(m.temperature - temperature) / t.quenchRateKPerPs),
      tStart: m.temperature,
      tEnd: temperature,
      thermostat: t.thermostat,
      tdampPs: t.tdampPs,
      sampleEvery: 0,
    });
  }
  stages.push({
    kind: 'equilibrate',
    steps: steps(t.equilibratePs),
    tStart: temperature,
    tEnd: temperature,
    thermostat: t.thermostat,
    tdampPs: t.tdampPs,
    sampleEvery: 0,
  });
  const fixedVolume = t.thermostat === 'npt' && t.production === 'nvt_at_npt_mean';
  stages.push({
    kind: 'production',
    steps: steps(t.productionPs),
    tStart: temperature,
    tEnd: temperature,
    thermostat: fixedVolume ? 'nvt' : t.thermostat,
    tdampPs: t.tdampPs,
    sampleEvery: t.sampleEvery,
    ...(fixedVolume ? { volume: 'npt_mean' as const } : {}),
  });
  // the barostat rides on the npt stages only (absent elsewhere: fixed-volume task ids unchanged)
  for (const st of stages)
    if (st.kind !== 'relax' && st.thermostat === 'npt') (st as DynamicsStage).barostat = t.barostat!;
  return { timestepFs: t.timestepFs, thermoEvery: t.thermoEvery, checkpointEvery: t.checkpointEvery, stages };
}
