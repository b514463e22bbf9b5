/**
 * The aggregator: replicas of a (composition, temperature) point → ensemble transport with error
 * bars; the temperatures of a composition → Arrhenius fits of D_Na, σ_self·T and σ_full·T.
 */
import {
  ATOMIC_MASS,
  densityGPerCm3,
  quenchGlassTransition,
  type QuenchSeries,
  arrheniusFit,
  criticalMOrNull,
  curvesFromJson,
  ensembleTransport,
  type ArrheniusFit,
  type EnsembleTransport,
  type StructureSummary,
  type SweepSpec,
  type TaskPlacement,
} from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';
import { adaptiveState, type AdaptiveState } from './adaptive.js';
import { paperClaims, type PaperClaim } from './paper-claims.js';

export interface PointResult {
  /** index of the composition in the sweep file */
  point: number;
  x: number;
  m: number;
  counts: Record<string, number>;
  temperature: number;
  replicas: number;
  charges: Record<string, number>;
  /** Å³: the box, or the replicas' mean after a constant-pressure stage */
  volume: number;
  density_g_cm3: number;
  /** standard error of the density over replicas, when their volumes differ (NPT), else null */
  density_err: number | null;
  /** the replicas' tasks: their files are in OUT/artifacts/<task>/ (`results ID --artifacts` in cluster mode) */
  tasks: string[];
  /** production pressure and potential energy per atom over replicas (each replica's thermo mean), when logged */
  pressure_bar?: Stat;
  potential_eV_per_atom?: Stat;
  fit_window_ps: [number, number];
  /** the charge-weighted self curve's β over the window is within 0.1 of 1 (each species has its own flag) */
  diffusive: boolean;
  species: EnsembleTransport['species'];
  sigma_self: number;
  sigma_self_err: number | null;
  sigma_self_ci95: [number, number] | null;
  sigma_full: number;
  sigma_full_err: number | null;
  sigma_full_ci95: [number, number] | null;
  sigma_full_replicas: number[];
  sigma_distinct: EnsembleTransport['sigma_distinct'];
  haven_ratio: number;
  haven_ratio_err: number | null;
  haven_ratio_ci95: [number, number] | null;
  /** the production's structure over replicas, when the sweep samples it */
  structure?: PointStructure;
  /** adaptive sweeps: the target, this point's interval, and why it stopped */
  adaptive?: AdaptiveState;
}

/** Mean over replicas and its standard error (null with one replica). */
export interface Stat {
  mean: number;
  err: number | null;
}

export interface PointStructure {
  replicas: number;
  /** S–S (anion–anion) bonds, those bonded to the network and those apart */
  homopolar_bonds: Stat;
  homopolar_in_network: Stat;
  homopolar_apart: Stat;
  /** anions with ≥ 3 anion neighbours */
  over_coordinated_anions: Stat;
  mean_coordination: Stat;
  f_md: Stat;
  /** Eq. 1 at the point's composition */
  f_eq1: number | null;
  edge_sharing_fraction: Stat;
  qn: number[];
  /** per element pair: bonds, and the mean coordination of each side */
  bonds: Record<string, Stat>;
  cn: Record<string, Record<string, Stat>>;
  /** the coordination by force-field species (Na–S and Na–S0), when the runs have species */
  species_cn?: Record<string, Record<string, Stat>>;
  angles: Record<string, number | null>;
}

/** Mean coordination of each side of each pair, over replicas. */
function coordinationStats(byRun: StructureSummary['pairs'][]): Record<string, Record<string, Stat>> {
  return Object.fromEntries(
    Object.keys(byRun[0]).map((p) => [
      p,
      Object.fromEntries(Object.keys(byRun[0][p].cn).map((el) => [el, stat(byRun.map((x) => x[p].cn[el]))])),
    ]),
  );
}

function stat(values: number[]): Stat {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  if (n < 2) return { mean, err: null };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, err: Math.sqrt(variance / n) };
}

/** Structure of the replicas that sampled it, as means ± standard errors. */
export function pointStructure(runs: TaskResult[]): PointStructure | undefined {
  const s = runs.map((r) => r.structure).filter((x): x is NonNullable<typeof x> => x !== undefined);
  if (s.length === 0) return undefined;
  const net = (f: (n: (typeof s)[number]['network']) => number) => stat(s.map((x) => f(x.network)));
  const qnLength = Math.max(...s.map((x) => x.network.qn.length));
  const pairs = Object.keys(s[0].pairs);
  return {
    replicas: s.length,
    homopolar_bonds: net((n) => n.homopolarBonds),
    homopolar_in_network: net((n) => n.homopolarInNetwork),
    homopolar_apart: net((n) => n.homopolarApart),
    over_coordinated_anions: net((n) => n.overCoordinatedAnions),
    mean_coordination: net((n) => n.meanCoordination),
    f_md: stat(s.map((x) => x.constraints.f_md)),
    f_eq1: s[0].constraints.f_eq1,
    edge_sharing_fraction: net((n) => n.edgeSharingFraction),
    qn: Array.from({ length: qnLength }, (_, k) => s.reduce((a, x) => a + (x.network.qn[k] ?? 0), 0) / s.length),
    bonds: Object.fromEntries(pairs.map((p) => [p, stat(s.map((x) => x.pairs[p].bonds))])),
    cn: coordinationStats(s.map((x) => x.pairs)),
    ...(s.every((x) => x.species) ? { species_cn: coordinationStats(s.map((x) => x.species!.pairs)) } : {}),
    angles: Object.fromEntries(
      Object.keys(s[0].angles).map((a) => {
        const v = s.map((x) => x.angles[a]).filter((m): m is number => m !== null && m !== undefined);
        return [a, v.length ? v.reduce((x, y) => x + y, 0) / v.length : null];
      }),
    ),
  };
}

export interface ArrheniusEntry {
  x: number;
  m: number;
  /** m_c(x) of Eq. 1, for reference; null where it is outside m ≥ 2 (x > 0.2) */
  m_c: number | null;
  D_Na: ArrheniusSummary | null;
  sigma: ArrheniusSummary | null;
  sigma_full: ArrheniusSummary | null;
  /** quenches at constant pressure: Tg of the composition from its tasks' V(T) and H(T), pooled */
  glass?: GlassSummary | null;
}

export interface GlassSummary {
  tg_volume_K: number;
  tg_volume_ci95: [number, number];
  tg_enthalpy_K: number;
  tg_enthalpy_ci95: [number, number];
  /** an interval reaches an end of the quenched range: Tg is not bracketed */
  at_edge: boolean;
  /** thermo rows pooled, from this many tasks */
  rows: number;
  tasks: number;
  /** the pooled rows' means in temperature bins (K, Å³, eV), which the fits are made to */
  curve: QuenchSeries;
  /** the fitted V(T): V at Tg and the slopes (Å³/K) below and above it; α = slope / v_tg */
  volume_fit: { v_tg: number; slope_glass: number; slope_liquid: number };
}

type ArrheniusSummary = Pick<
  ArrheniusFit,
  'EA_eV' | 'EA_err' | 'EA_ci95' | 'EA_caveat' | 'prefactor' | 'non_arrhenius'
>;

export interface SweepResults {
  sweep: string;
  points: PointResult[];
  arrhenius: ArrheniusEntry[];
  /** set when aggregated with tasks missing (array mode's collect --partial): plan indices lacking a result */
  partial?: { tasks: number; missing: number[] };
  /** the paper's claims this sweep's series speak to (NS9 at x = 0.10, NS at x = 0.50), judged */
  claims?: PaperClaim[];
}

const pick = (f: ArrheniusFit): ArrheniusSummary => ({
  EA_eV: f.EA_eV,
  EA_err: f.EA_err,
  EA_ci95: f.EA_ci95,
  EA_caveat: f.EA_caveat,
  prefactor: f.prefactor,
  non_arrhenius: f.non_arrhenius,
});

function safeFit(T: number[], y: number[], err: (number | null)[]) {
  if (T.length < 2 || y.some((v) => !(v > 0))) return null;
  return pick(arrheniusFit(T, y, err));
}

/** The replicas' volume: the box when they share it (bit for bit), their mean after an NPT stage. */
function replicaVolume(runs: TaskResult[]): number {
  const v = runs.map((r) => r.volume);
  return v.every((x) => x === v[0]) ? v[0] : v.reduce((a, b) => a + b, 0) / v.length;
}

/** g/cm³ from the composition and the replicas' volumes, with its error when they differ. */
function densityOf(
  counts: [string, number][],
  runs: TaskResult[],
): { density_g_cm3: number; density_err: number | null } {
  const amu = counts.reduce((a, [el, n]) => a + n * ATOMIC_MASS[el], 0);
  const rho = runs.map((r) => densityGPerCm3(amu, r.volume));
  const m = rho.reduce((a, b) => a + b, 0) / rho.length;
  const spread = rho.length > 1 && rho.some((x) => x !== rho[0]);
  const err = spread ? Math.sqrt(rho.reduce((a, x) => a + (x - m) ** 2, 0) / (rho.length - 1) / rho.length) : null;
  return { density_g_cm3: m, density_err: err };
}

/** Production pressure and potential energy per atom over the replicas whose thermo log has them. */
function thermoOf(
  counts: [string, number][],
  runs: TaskResult[],
): Pick<PointResult, 'pressure_bar' | 'potential_eV_per_atom'> {
  const t = runs.map((r) => r.thermo).filter((x) => x !== undefined);
  if (t.length === 0) return {};
  const atoms = counts.reduce((a, [, n]) => a + n, 0);
  return {
    pressure_bar: stat(t.map((x) => x.pressure_bar.mean)),
    potential_eV_per_atom: stat(t.map((x) => x.potential_eV.mean / atoms)),
  };
}

function glassOf(quenches: QuenchSeries[]): GlassSummary | null {
  const g = quenchGlassTransition(quenches);
  if (!g) return null;
  return {
    tg_volume_K: g.volume.tg,
    tg_volume_ci95: g.volume.ci95,
    tg_enthalpy_K: g.enthalpy.tg,
    tg_enthalpy_ci95: g.enthalpy.ci95,
    at_edge: g.volume.atEdge || g.enthalpy.atEdge,
    rows: quenches.reduce((a, q) => a + q.T.length, 0),
    tasks: quenches.length,
    curve: g.binned,
    volume_fit: { v_tg: g.volume.yTg, slope_glass: g.volume.slopeGlass, slope_liquid: g.volume.slopeLiquid },
  };
}

export function aggregate(
  sweep: SweepSpec,
  placements: TaskPlacement[],
  results: Map<string, TaskResult>,
): SweepResults {
  const points: PointResult[] = [];
  const arrhenius: ArrheniusEntry[] = [];
  for (const point of sweep.points) {
    const perT: PointResult[] = [];
    for (const temperature of sweep.temperatures) {
      const stored = placements.filter(
        (p) => p.pointIndex === point.index && p.temperature === temperature && results.has(p.taskId),
      );
      const runs = stored.map((p) => results.get(p.taskId)!);
      if (runs.length === 0) continue;
      const e = ensembleTransport(
        runs.map((r) => curvesFromJson(r.curves)),
        { dtPs: runs[0].dtPs, temperature, volume: replicaVolume(runs) },
      );
      const pr: PointResult = {
        point: point.index,
        x: point.x,
        m: point.m,
        counts: Object.fromEntries(point.counts),
        temperature,
        replicas: e.replicas,
        charges: runs[0].charges,
        volume: e.volume,
        ...densityOf(point.counts, runs),
        tasks: stored.map((p) => p.taskId),
        ...thermoOf(point.counts, runs),
        fit_window_ps: e.fit_window_ps,
        diffusive: e.diffusive,
        species: e.species,
        sigma_self: e.sigma_self,
        sigma_self_err: e.sigma_self_err,
        sigma_self_ci95: e.sigma_self_ci95,
        sigma_full: e.sigma_full,
        sigma_full_err: e.sigma_full_err,
        sigma_full_ci95: e.sigma_full_ci95,
        sigma_full_replicas: e.sigma_full_replicas,
        sigma_distinct: e.sigma_distinct,
        haven_ratio: e.haven_ratio,
        haven_ratio_err: e.haven_ratio_err,
        haven_ratio_ci95: e.haven_ratio_ci95,
      };
      const structure = pointStructure(runs);
      if (structure) pr.structure = structure;
      if (sweep.adaptive) pr.adaptive = adaptiveState(sweep.adaptive, pr);
      perT.push(pr);
      points.push(pr);
    }
    const T = perT.map((p) => p.temperature);
    const na = perT.map((p) => p.species.Na);
    const quenches = placements
      .filter((p) => p.pointIndex === point.index)
      .map((p) => results.get(p.taskId)?.quench)
      .filter((q): q is QuenchSeries => q !== undefined);
    arrhenius.push({
      ...(quenches.length ? { glass: glassOf(quenches) } : {}),
      x: point.x,
      m: point.m,
      m_c: criticalMOrNull(point.x),
      D_Na: na.every(Boolean)
        ? safeFit(
            T,
            na.map((s) => s.D),
            na.map((s) => s.D_err),
          )
        : null,
      sigma: safeFit(
        T,
        perT.map((p) => p.sigma_self * p.temperature),
        perT.map((p) => (p.sigma_self_err === null ? null : p.sigma_self_err * p.temperature)),
      ),
      sigma_full: safeFit(
        T,
        perT.map((p) => p.sigma_full * p.temperature),
        perT.map((p) => (p.sigma_full_err === null ? null : p.sigma_full_err * p.temperature)),
      ),
    });
  }
  const claims = paperClaims({ points, arrhenius });
  return { sweep: sweep.name, points, arrhenius, ...(claims.length ? { claims } : {}) };
}

/**
 * One CSV row per (composition, temperature); units in the column names (D in cm²/s, σ in S/cm,
 * times in ps), 95 % intervals as _lo/_hi, and each species' β and diffusive flag.
 */
export function resultsCsv(r: SweepResults): string {
  const species = [...new Set(r.points.flatMap((p) => Object.keys(p.species)))].sort();
  const withStructure = r.points.some((p) => p.structure);
  const adaptive = r.points.some((p) => p.adaptive);
  const glass = r.arrhenius.some((a) => a.glass);
  const withThermo = r.points.some((p) => p.pressure_bar);
  const head = [
    'x',
    'm',
    'temperature_K',
    'replicas',
    ...species.flatMap((s) => [
      `D_${s}_cm2_s`,
      `D_${s}_err`,
      `D_${s}_lo`,
      `D_${s}_hi`,
      `beta_${s}`,
      `diffusive_${s}`,
      `sigma_self_${s}_S_cm`,
    ]),
    'sigma_self_S_cm',
    'sigma_self_err',
    'sigma_self_lo',
    'sigma_self_hi',
    'sigma_full_S_cm',
    'sigma_full_err',
    'sigma_full_lo',
    'sigma_full_hi',
    'haven_ratio',
    'haven_ratio_lo',
    'haven_ratio_hi',
    'fit_t0_ps',
    'fit_t1_ps',
    'diffusive',
    'volume_A3',
    'density_g_cm3',
    'density_err',
    ...(withThermo ? ['pressure_bar', 'pressure_err', 'potential_eV_per_atom'] : []),
    ...(glass ? ['tg_volume_K', 'tg_volume_lo', 'tg_volume_hi', 'tg_enthalpy_K', 'tg_at_edge'] : []),
    ...(adaptive ? ['adaptive_rel_ci95', 'adaptive_stopped'] : []),
    ...(withStructure ? STRUCTURE_COLUMNS : []),
  ];
  const cell = (v: number | string | null | boolean | undefined) => (v === null || v === undefined ? '' : String(v));
  const rows = r.points.map((p) =>
    [
      p.x,
      p.m,
      p.temperature,
      p.replicas,
      ...species.flatMap((s) => {
        const sp = p.species[s];
        return [sp?.D, sp?.D_err, sp?.D_ci95?.[0], sp?.D_ci95?.[1], sp?.beta, sp?.diffusive, sp?.sigma_self];
      }),
      p.sigma_self,
      p.sigma_self_err,
      p.sigma_self_ci95?.[0],
      p.sigma_self_ci95?.[1],
      p.sigma_full,
      p.sigma_full_err,
      p.sigma_full_ci95?.[0],
      p.sigma_full_ci95?.[1],
      p.haven_ratio,
      p.haven_ratio_ci95?.[0],
      p.haven_ratio_ci95?.[1],
      p.fit_window_ps[0],
      p.fit_window_ps[1],
      p.diffusive,
      p.volume,
      p.density_g_cm3,
      p.density_err,
      ...(withThermo ? [p.pressure_bar?.mean, p.pressure_bar?.err, p.potential_eV_per_atom?.mean] : []),
      ...(glass ? glassCells(r, p) : []),
      ...(adaptive ? [p.adaptive?.rel_ci95, p.adaptive?.stopped] : []),
      ...(withStructure ? structureCells(p.structure) : []),
    ]
      .map(cell)
      .join(','),
  );
  return [head.join(','), ...rows].join('\n') + '\n';
}

/** The composition's Tg beside each of its rows (empty when its quenches did not give one). */
function glassCells(r: SweepResults, p: PointResult): (number | boolean | null)[] {
  const g = r.arrhenius.find((a) => a.x === p.x && a.m === p.m)?.glass;
  return g
    ? [g.tg_volume_K, g.tg_volume_ci95[0], g.tg_volume_ci95[1], g.tg_enthalpy_K, g.at_edge]
    : [null, null, null, null, null];
}

const STRUCTURE_COLUMNS = [
  'ss_bonds',
  'ss_bonds_err',
  'ss_bonds_apart',
  'mean_coordination',
  'f_md',
  'f_md_err',
  'f_eq1',
  'edge_sharing_fraction',
];

function structureCells(s: PointStructure | undefined): (number | null | undefined)[] {
  if (!s) return STRUCTURE_COLUMNS.map(() => null);
  return [
    s.homopolar_bonds.mean,
    s.homopolar_bonds.err,
    s.homopolar_apart.mean,
    s.mean_coordination.mean,
    s.f_md.mean,
    s.f_md.err,
    s.f_eq1,
    s.edge_sharing_fraction.mean,
  ];
}
