/** Plots of a sweep: D_k vs m per T, σ vs m per T (m_c marked), E_A vs m, structure vs m. */
import { criticalM, floppyFraction, renderFigure, type Series } from '@ionsweep/shared';
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

/**
 * The Fig. 2 analogue: S–S bonds per point against the chemically ordered count N_Si (m − 2),
 * and the MD constraint count f_MD against Eq. 1, both vs m (sweeps that sample structure).
 */
export function structureFigure(r: SweepResults): string | null {
  const groups = byTemperature(r).map((g) => ({ ...g, pts: g.pts.filter((p) => p.structure) }));
  if (groups.every((g) => g.pts.length === 0)) return null;
  const all = r.points.filter((p) => p.structure).sort((a, b) => a.m - b.m);
  const ordered = (p: (typeof all)[number]) => (p.counts.Si ?? 0) * Math.max(0, p.m - 2);
  const bonds: Series[] = [
    ...groups.flatMap(({ T, color, pts }) => [
      {
        name: `S–S bonds, ${T} K`,
        color,
        markers: true,
        points: pts.map((p) => [p.m, p.structure!.homopolar_bonds.mean] as const),
        yErr: pts.map((p) => p.structure!.homopolar_bonds.err ?? 0),
      },
      {
        name: `of them apart from the network, ${T} K`,
        color,
        dashed: true,
        points: pts.map((p) => [p.m, p.structure!.homopolar_apart.mean] as const),
      },
    ]),
    {
      name: 'chemically ordered N_Si (m − 2)',
      color: '#000',
      dashed: true,
      points: all.map((p) => [p.m, ordered(p)] as const),
    },
  ];
  const xs = [...new Set(all.map((p) => p.x))];
  const ms = all.map((p) => p.m);
  const curve = (x: number) =>
    Array.from({ length: 41 }, (_, k) => Math.min(...ms) + ((Math.max(...ms) - Math.min(...ms)) * k) / 40).map(
      (m) => [m, floppyFraction(x, m)] as const,
    );
  const floppy: Series[] = [
    ...groups.map(({ T, color, pts }) => ({
      name: `f_MD, ${T} K`,
      color,
      markers: true,
      points: pts.map((p) => [p.m, p.structure!.f_md.mean] as const),
      yErr: pts.map((p) => p.structure!.f_md.err ?? 0),
    })),
    ...xs.map((x) => ({ name: `Eq. 1, x = ${x}`, color: '#000', dashed: true, points: curve(x) })),
  ];
  return renderFigure(
    [
      {
        title: `${r.sweep}: S–S bonds (Fig. 2 analogue)`,
        xLabel: 'flexibility index m',
        yLabel: 'S–S bonds',
        series: bonds,
        vlines: mcLines(r),
        legend: 'top-left',
      },
      {
        title: `${r.sweep}: floppy modes per atom`,
        xLabel: 'flexibility index m',
        yLabel: 'f = 3 − n_c',
        series: floppy,
        vlines: mcLines(r),
        legend: 'top-left',
      },
    ],
    { columns: 2, panelWidth: 520, panelHeight: 380 },
  );
}
