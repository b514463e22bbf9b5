/** Plots of a sweep: D_k vs m per T, σ vs m per T (m_c marked), E_A vs m. */
import { criticalM, renderFigure, type Series } from '@ionsweep/shared';
import type { SweepResults } from '../aggregator/aggregate.js';

const T_COLORS = ['#1f77b4', '#f08c00', '#d62728', '#2a9d3a', '#9467bd', '#8c564b'];
const SPECIES_DASH: Record<string, boolean> = { Na: false, Si: true, S: true };

function byTemperature(r: SweepResults) {
  const Ts = [...new Set(r.points.map((p) => p.temperature))].sort((a, b) => a - b);
  return Ts.map((T, i) => ({
    T,
    color: T_COLORS[i % T_COLORS.length],
    pts: r.points.filter((p) => p.temperature === T).sort((a, b) => a.m - b.m),
  }));
}

export function diffusivityFigure(r: SweepResults): string {
  const series: Series[] = byTemperature(r).flatMap(({ T, color, pts }) =>
    Object.keys(pts[0]?.species ?? {}).map((sp) => ({
      name: `${sp}, ${T} K`,
      color,
      dashed: SPECIES_DASH[sp] ?? true,
      markers: sp === 'Na',
      points: pts.map((p) => [p.m, p.species[sp].D] as const),
      yErr: pts.map((p) => p.species[sp].D_err ?? 0),
    })),
  );
  return renderFigure(
    [
      {
        title: `${r.sweep}: diffusivities (Fig. 3a analogue)`,
        xLabel: 'flexibility index m',
        yLabel: 'D (cm²/s)',
        yLog: true,
        series,
        vlines: mcLines(r),
      },
    ],
    { columns: 1, panelWidth: 640, panelHeight: 420 },
  );
}

export function conductivityFigure(r: SweepResults): string {
  const series: Series[] = byTemperature(r).flatMap(({ T, color, pts }) => [
    {
      name: `σ_self (NE), ${T} K`,
      color,
      markers: true,
      points: pts.map((p) => [p.m, p.sigma_self] as const),
      yErr: pts.map((p) => p.sigma_self_err ?? 0),
    },
    {
      name: `σ_full (Eq. 5), ${T} K`,
      color,
      dashed: true,
      points: pts.map((p) => [p.m, p.sigma_full] as const),
      yErr: pts.map((p) => p.sigma_full_err ?? 0),
    },
  ]);
  return renderFigure(
    [
      {
        title: `${r.sweep}: conductivity (Fig. 3b analogue)`,
        xLabel: 'flexibility index m',
        yLabel: 'σ (S/cm)',
        yLog: true,
        series,
        vlines: mcLines(r),
      },
    ],
    { columns: 1, panelWidth: 640, panelHeight: 420 },
  );
}

export function activationFigure(r: SweepResults): string {
  const a = [...r.arrhenius].sort((p, q) => p.m - q.m);
  const series: Series[] = [
    {
      name: 'E_A of D_Na',
      color: '#000',
      markers: true,
      points: a.filter((e) => e.D_Na).map((e) => [e.m, e.D_Na!.EA_eV] as const),
      yErr: a.filter((e) => e.D_Na).map((e) => e.D_Na!.EA_err),
    },
    {
      name: 'E_A of σ_self·T',
      color: '#d62728',
      markers: true,
      points: a.filter((e) => e.sigma).map((e) => [e.m, e.sigma!.EA_eV] as const),
      yErr: a.filter((e) => e.sigma).map((e) => e.sigma!.EA_err),
    },
  ];
  return renderFigure(
    [
      {
        title: `${r.sweep}: activation energies (Fig. 4 analogue)`,
        xLabel: 'flexibility index m',
        yLabel: 'E_A (eV)',
        series,
        vlines: mcLines(r),
      },
    ],
    { columns: 1, panelWidth: 640, panelHeight: 420 },
  );
}

function mcLines(r: SweepResults) {
  const xs = [...new Set(r.points.map((p) => p.x))];
  return xs.length === 1 && criticalM(xs[0]) >= 2
    ? [{ x: criticalM(xs[0]), color: '#555', label: `m_c = ${criticalM(xs[0]).toFixed(2)}` }]
    : [];
}
