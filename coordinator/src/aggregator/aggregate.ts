/**
 * The aggregator: replicas of a (composition, temperature) point → ensemble transport with error
 * bars; the temperatures of a composition → Arrhenius fits of D_Na, σ_self·T and σ_full·T.
 */
import {
  arrheniusFit,
  criticalM,
  curvesFromJson,
  ensembleTransport,
  type ArrheniusFit,
  type SweepSpec,
  type TaskPlacement,
} from '@ionsweep/shared';
import type { TaskResult } from '@ionsweep/node-agent';

export interface PointResult {
  x: number;
  m: number;
  counts: Record<string, number>;
  temperature: number;
  replicas: number;
  charges: Record<string, number>;
  volume: number;
  fit_window_ps: [number, number];
  diffusive: boolean;
  species: Record<string, { D: number; D_err: number | null; beta: number }>;
  sigma_self: number;
  sigma_self_err: number | null;
  sigma_full: number;
  sigma_full_err: number | null;
  sigma_full_replicas: number[];
  haven_ratio: number;
  haven_ratio_err: number | null;
}

export interface ArrheniusEntry {
  x: number;
  m: number;
  /** m_c(x) of Eq. 1, for reference */
  m_c: number;
  D_Na: Pick<ArrheniusFit, 'EA_eV' | 'EA_err' | 'prefactor' | 'non_arrhenius'> | null;
  sigma: Pick<ArrheniusFit, 'EA_eV' | 'EA_err' | 'prefactor' | 'non_arrhenius'> | null;
  sigma_full: Pick<ArrheniusFit, 'EA_eV' | 'EA_err' | 'prefactor' | 'non_arrhenius'> | null;
}

export interface SweepResults {
  sweep: string;
  points: PointResult[];
  arrhenius: ArrheniusEntry[];
}

const pick = (f: ArrheniusFit) => ({
  EA_eV: f.EA_eV,
  EA_err: f.EA_err,
  prefactor: f.prefactor,
  non_arrhenius: f.non_arrhenius,
});

function safeFit(T: number[], y: number[], err: (number | null)[]) {
  if (T.length < 2 || y.some((v) => !(v > 0))) return null;
  return pick(arrheniusFit(T, y, err));
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
      const runs = placements
        .filter((p) => p.pointIndex === point.index && p.temperature === temperature)
        .map((p) => results.get(p.taskId))
        .filter((r): r is TaskResult => r !== undefined);
      if (runs.length === 0) continue;
      const e = ensembleTransport(
        runs.map((r) => curvesFromJson(r.curves)),
        { dtPs: runs[0].dtPs, temperature, volume: runs[0].volume },
      );
      const pr: PointResult = {
        x: point.x,
        m: point.m,
        counts: Object.fromEntries(point.counts),
        temperature,
        replicas: e.replicas,
        charges: runs[0].charges,
        volume: e.volume,
        fit_window_ps: e.fit_window_ps,
        diffusive: e.diffusive,
        species: Object.fromEntries(
          Object.entries(e.species).map(([k, s]) => [k, { D: s.D, D_err: s.D_err, beta: s.beta }]),
        ),
        sigma_self: e.sigma_self,
        sigma_self_err: e.sigma_self_err,
        sigma_full: e.sigma_full,
        sigma_full_err: e.sigma_full_err,
        sigma_full_replicas: e.sigma_full_replicas,
        haven_ratio: e.haven_ratio,
        haven_ratio_err: e.haven_ratio_err,
      };
      perT.push(pr);
      points.push(pr);
    }
    const T = perT.map((p) => p.temperature);
    const na = perT.map((p) => p.species.Na);
    arrhenius.push({
      x: point.x,
      m: point.m,
      m_c: criticalM(point.x),
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
  return { sweep: sweep.name, points, arrhenius };
}

/** One CSV row per (composition, temperature). */
export function resultsCsv(r: SweepResults): string {
  const species = [...new Set(r.points.flatMap((p) => Object.keys(p.species)))].sort();
  const head = [
    'x',
    'm',
    'temperature',
    'replicas',
    ...species.flatMap((s) => [`D_${s}`, `D_${s}_err`]),
    'sigma_self',
    'sigma_self_err',
    'sigma_full',
    'sigma_full_err',
    'haven_ratio',
    'fit_t0_ps',
    'fit_t1_ps',
    'diffusive',
  ];
  const cell = (v: number | null | boolean | undefined) => (v === null || v === undefined ? '' : String(v));
  const rows = r.points.map((p) =>
    [
      p.x,
      p.m,
      p.temperature,
      p.replicas,
      ...species.flatMap((s) => [p.species[s]?.D, p.species[s]?.D_err]),
      p.sigma_self,
      p.sigma_self_err,
      p.sigma_full,
      p.sigma_full_err,
      p.haven_ratio,
      p.fit_window_ps[0],
      p.fit_window_ps[1],
      p.diffusive,
    ]
      .map(cell)
      .join(','),
  );
  return [head.join(','), ...rows].join('\n') + '\n';
}
