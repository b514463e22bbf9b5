/**
 * Plots of a sweep: D_k and σ against whichever of m and x varies (both when both do), E_A
 * against it, the Arrhenius plot, structure vs m, and the glass transition of constant-pressure quenches. One colour per species (or quantity) and
 * one dash pattern per temperature, so that the plots read in greyscale.
 */
import { BOLTZMANN_EV, criticalMOrNull, floppyFraction, renderFigure, type Panel, type Series } from '@ionsweep/shared';
import type { PointResult, SweepResults } from '../aggregator/aggregate.js';

const T_COLORS = ['#1f77b4', '#f08c00', '#d62728', '#2a9d3a', '#9467bd', '#8c564b'];
/** dash pattern per temperature (solid first) */
const T_DASHES = ['', '7 3', '2 2', '9 3 2 3', '4 4', '12 4'];
/** colour per species, of clearly different lightness: black, blue, orange */
const SPECIES_COLORS: Record<string, string> = { Na: '#000000', Si: '#1f77b4', S: '#f08c00' };
const OTHER_COLORS = ['#2a9d3a', '#9467bd', '#8c564b', '#d62728'];
/** colours of compositions in the Arrhenius plot */
const COMPOSITION_COLORS = [
  '#000000',
  '#1f77b4',
  '#f08c00',
  '#d62728',
  '#2a9d3a',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#17becf',
];

type Axis = 'm' | 'x';
const AXIS_LABEL: Record<Axis, string> = { m: 'flexibility index m', x: 'Na₂S fraction x' };

/** The composition coordinates that vary over the sweep, m first; m alone when neither does. */
export function sweepAxes(r: SweepResults): Axis[] {
  const varies = (k: Axis) => new Set(r.points.map((p) => p[k])).size > 1;
  const out = (['m', 'x'] as const).filter(varies);
  return out.length > 0 ? [...out] : ['m'];
}

/** Lines of a plot against `axis`: one per (temperature, value of the other coordinate). */
function lines(r: SweepResults, axis: Axis) {
  const other: Axis = axis === 'm' ? 'x' : 'm';
  const Ts = [...new Set(r.points.map((p) => p.temperature))].sort((a, b) => a - b);
  const others = [...new Set(r.points.map((p) => p[other]))].sort((a, b) => a - b);
  return Ts.flatMap((T, i) =>
    others.map((o) => ({
      T,
      dash: T_DASHES[i % T_DASHES.length],
      color: T_COLORS[i % T_COLORS.length],
      label: `${T} K${others.length > 1 ? `, ${other} = ${+o.toFixed(3)}` : ''}`,
      pts: r.points.filter((p) => p.temperature === T && p[other] === o).sort((a, b) => a[axis] - b[axis]),
    })),
  ).filter((l) => l.pts.length > 0);
}

function speciesColor(sp: string, k: number): string {
  return SPECIES_COLORS[sp] ?? OTHER_COLORS[k % OTHER_COLORS.length];
}

/** One panel per varying axis, side by side. */
function perAxis(r: SweepResults, panel: (axis: Axis) => Panel): string {
  const axes = sweepAxes(r);
  return renderFigure(axes.map(panel), {
    columns: axes.length,
    panelWidth: axes.length > 1 ? 520 : 640,
    panelHeight: 420,
  });
}

export function diffusivityFigure(r: SweepResults): string {
  const species = [...new Set(r.points.flatMap((p) => Object.keys(p.species)))];
  return perAxis(r, (axis) => ({
    title: `${r.sweep}: diffusivities (Fig. 3a analogue)`,
    xLabel: AXIS_LABEL[axis],
    yLabel: 'D (cm²/s)',
    yLog: true,
    series: lines(r, axis).flatMap(({ label, dash, pts }) =>
      species.map((sp, k) => {
        const with_ = pts.filter((p) => p.species[sp]);
        return {
          name: `${sp}, ${label}`,
          color: speciesColor(sp, k),
          dash,
          markers: sp === 'Na',
          points: with_.map((p) => [p[axis], p.species[sp].D] as const),
          yErr: with_.map((p) => p.species[sp].D_err ?? 0),
        };
      }),
    ),
    vlines: mcLines(r, axis),
  }));
}

export function conductivityFigure(r: SweepResults): string {
  return perAxis(r, (axis) => ({
    title: `${r.sweep}: conductivity (Fig. 3b analogue)`,
    xLabel: AXIS_LABEL[axis],
    yLabel: 'σ (S/cm)',
    yLog: true,
    series: lines(r, axis).flatMap(({ label, dash, pts }) => [
      {
        name: `σ_self (NE), ${label}`,
        color: '#1f77b4',
        dash,
        markers: true,
        points: pts.map((p) => [p[axis], p.sigma_self] as const),
        yErr: pts.map((p) => p.sigma_self_err ?? 0),
      },
      {
        name: `σ_full (Eq. 5), ${label}`,
        color: '#d62728',
        dash,
        points: pts.filter((p) => p.sigma_full > 0).map((p) => [p[axis], p.sigma_full] as const),
        yErr: pts.filter((p) => p.sigma_full > 0).map((p) => p.sigma_full_err ?? 0),
      },
      // the Na⁺ part of σ_self: what the paper's argument is about
      ...(pts.every((p) => p.species.Na?.sigma_self)
        ? [
            {
              name: `σ_self of Na⁺, ${label}`,
              color: '#000000',
              dash,
              markers: true,
              points: pts.map((p) => [p[axis], p.species.Na.sigma_self!] as const),
              yErr: pts.map((p) => p.species.Na.sigma_self_err ?? 0),
            },
          ]
        : []),
    ]),
    vlines: mcLines(r, axis),
  }));
}

export function activationFigure(r: SweepResults): string {
  return perAxis(r, (axis) => {
    const other: Axis = axis === 'm' ? 'x' : 'm';
    const others = [...new Set(r.arrhenius.map((e) => e[other]))].sort((a, b) => a - b);
    const series: Series[] = others.flatMap((o, i) => {
      const a = r.arrhenius.filter((e) => e[other] === o).sort((p, q) => p[axis] - q[axis]);
      const tag = others.length > 1 ? `, ${other} = ${+o.toFixed(3)}` : '';
      return [
        {
          name: `E_A of D_Na${tag}`,
          color: '#000',
          dash: T_DASHES[i % T_DASHES.length],
          markers: true,
          points: a.filter((e) => e.D_Na).map((e) => [e[axis], e.D_Na!.EA_eV] as const),
          yErr: a.filter((e) => e.D_Na).map((e) => e.D_Na!.EA_err),
        },
        {
          name: `E_A of σ_self·T${tag}`,
          color: '#d62728',
          dash: T_DASHES[i % T_DASHES.length],
          markers: true,
          points: a.filter((e) => e.sigma).map((e) => [e[axis], e.sigma!.EA_eV] as const),
          yErr: a.filter((e) => e.sigma).map((e) => e.sigma!.EA_err),
        },
      ];
    });
    return {
      title: `${r.sweep}: activation energies (Fig. 4 analogue)`,
      xLabel: AXIS_LABEL[axis],
      yLabel: 'E_A (eV)',
      series,
      vlines: mcLines(r, axis),
    };
  });
}

/**
 * The Arrhenius plot: ln D_Na and ln σ_self·T against 1000/T, one colour per composition, with
 * the fitted lines and E_A ± error in the legend (sweeps with two temperatures or more).
 */
export function arrheniusFigure(r: SweepResults): string | null {
  const comps = r.arrhenius.filter((e) => e.D_Na || e.sigma);
  if (comps.length === 0) return null;
  const at = (e: (typeof comps)[number]) =>
    r.points.filter((p) => p.x === e.x && p.m === e.m).sort((a, b) => a.temperature - b.temperature);
  const panel = (
    title: string,
    yLabel: string,
    fit: (e: (typeof comps)[number]) => { EA_eV: number; EA_err: number; prefactor: number } | null,
    y: (p: PointResult) => number | null,
  ): Panel => ({
    title,
    xLabel: '1000 / T (1/K)',
    yLabel,
    yLog: true,
    series: comps.flatMap((e, i) => {
      const f = fit(e);
      const pts = at(e).filter((p) => (y(p) ?? 0) > 0);
      if (!f || pts.length === 0) return [];
      const color = COMPOSITION_COLORS[i % COMPOSITION_COLORS.length];
      const inv = pts.map((p) => 1000 / p.temperature);
      const line = [Math.min(...inv), Math.max(...inv)].map(
        (u) => [u, f.prefactor * Math.exp(-f.EA_eV / (BOLTZMANN_EV * (1000 / u)))] as const,
      );
      return [
        {
          name: `x = ${+e.x.toFixed(3)}, m = ${+e.m.toFixed(3)}: E_A = ${f.EA_eV.toFixed(2)} ± ${f.EA_err.toFixed(2)} eV`,
          color,
          markers: true,
          points: pts.map((p) => [1000 / p.temperature, y(p)!] as const),
        },
        { name: '', color, dashed: true, points: line },
      ];
    }),
  });
  return renderFigure(
    [
      panel(
        `${r.sweep}: D_Na (Arrhenius)`,
        'D_Na (cm²/s)',
        (e) => e.D_Na,
        (p) => p.species.Na?.D ?? null,
      ),
      panel(
        `${r.sweep}: σ_self·T (Arrhenius)`,
        'σ_self·T (S K/cm)',
        (e) => e.sigma,
        (p) => p.sigma_self * p.temperature,
      ),
    ],
    { columns: 2, panelWidth: 520, panelHeight: 420 },
  );
}

function mcLines(r: SweepResults, axis: Axis = 'm') {
  const xs = [...new Set(r.points.map((p) => p.x))];
  const mc = xs.length === 1 ? criticalMOrNull(xs[0]) : null;
  return axis === 'm' && mc !== null ? [{ x: mc, color: '#555', label: `m_c = ${mc.toFixed(2)}` }] : [];
}

/** Points of each temperature, sorted by m (the structure figure's series). */
function byTemperature(r: SweepResults) {
  const Ts = [...new Set(r.points.map((p) => p.temperature))].sort((a, b) => a - b);
  return Ts.map((T, i) => ({
    T,
    color: T_COLORS[i % T_COLORS.length],
    pts: r.points.filter((p) => p.temperature === T).sort((a, b) => a.m - b.m),
  }));
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

/**
 * Glass making (sweeps that quench at constant pressure): each composition's V(T) along its
 * quenches, pooled and binned, as V/V(Tg) with the fitted two-line model and Tg marked, and Tg
 * against m (or x) with its 95 % profile interval.
 */
export function glassFigure(r: SweepResults): string | null {
  // results.json files written before the curve was kept have a Tg and nothing to draw
  const comps = r.arrhenius.filter((e) => e.glass?.curve);
  if (comps.length === 0) return null;
  const axis = sweepAxes(r)[0];
  const curves: Series[] = comps.flatMap((e, i) => {
    const g = e.glass!;
    const color = COMPOSITION_COLORS[i % COMPOSITION_COLORS.length];
    const f = g.volume_fit;
    const [t0, t1] = [Math.min(...g.curve.T), Math.max(...g.curve.T)];
    const hinge = (t: number) =>
      (f.v_tg + (t < g.tg_volume_K ? f.slope_glass : f.slope_liquid) * (t - g.tg_volume_K)) / f.v_tg;
    return [
      {
        name: `x = ${+e.x.toFixed(3)}, m = ${+e.m.toFixed(3)}: Tg = ${g.tg_volume_K.toFixed(0)} K`,
        color,
        markers: true,
        points: g.curve.T.map((t, k) => [t, g.curve.V[k] / f.v_tg] as const),
      },
      { name: '', color, dashed: true, points: [t0, g.tg_volume_K, t1].map((t) => [t, hinge(t)] as const) },
    ];
  });
  const tgPoints = comps.map((e) => [e[axis], e.glass!.tg_volume_K] as const);
  const intervals: Series[] = comps.map((e) => ({
    name: '',
    color: '#1f77b4',
    points: e.glass!.tg_volume_ci95.map((t) => [e[axis], t] as const),
  }));
  return renderFigure(
    [
      {
        title: `${r.sweep}: volume along the quench (binned, pooled over replicas)`,
        xLabel: 'T (K)',
        yLabel: 'V / V(Tg)',
        series: curves,
        legend: 'top-left',
      },
      {
        title: `${r.sweep}: glass transition from V(T), 95 % interval`,
        xLabel: AXIS_LABEL[axis],
        yLabel: 'Tg (K)',
        series: [{ name: 'Tg', color: '#1f77b4', markers: true, points: tgPoints }, ...intervals],
        vlines: mcLines(r, axis),
      },
    ],
    { columns: 2, panelWidth: 520, panelHeight: 420 },
  );
}
