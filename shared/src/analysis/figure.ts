/**
 * Plots of a transport analysis: MSD per species and ⟨|ΔM|²⟩ on log–log axes with the fit window
 * and the fitted straight lines (dashed), and the local slope β(t) per species with the band
 * |β − 1| ≤ DIFFUSIVE_TOLERANCE that counts as diffusive.
 */
import { linearFit } from '../stats/linear-fit.js';
import { renderFigure, type Series } from '../plot/svg.js';
import type { DisplacementCurves } from './displacement.js';
import { DIFFUSIVE_TOLERANCE, localLogSlopes, type EnsembleTransport } from './transport.js';

const COLORS = ['#d62728', '#1f77b4', '#2a9d3a', '#9467bd', '#8c564b', '#f08c00'];

export function transportFigureSvg(
  curves: DisplacementCurves,
  result: EnsembleTransport,
  dtPs: number,
  title: string,
): string {
  const pts = (y: Float64Array, scale = 1) =>
    Array.from(curves.lags)
      .map((lag, k) => [lag * dtPs, y[k] * scale] as const)
      .filter(([t, v]) => t > 0 && v > 0 && Number.isFinite(v));
  const [t0, t1] = result.fit_window_ps;
  const window = [
    { x: t0, color: '#555', label: `fit ${t0.toPrecision(3)} ps` },
    { x: t1, color: '#555', label: `${t1.toPrecision(3)} ps` },
  ];
  // the straight line fitted over the window, drawn across it (grey dashes, visible on any curve)
  const fitLine = (points: readonly (readonly [number, number])[]): Series => {
    const inside = points.filter(([t]) => t >= t0 - 1e-12 && t <= t1 + 1e-12);
    const f = linearFit(
      inside.map(([t]) => t),
      inside.map(([, v]) => v),
    );
    const line = inside.map(([t]) => [t, f.intercept + f.slope * t] as const).filter(([, v]) => v > 0);
    return { name: '', color: '#888', points: line, dash: '4 3' };
  };
  const msdSeries: Series[] = curves.speciesNames.flatMap((name, s) => {
    const color = COLORS[s % COLORS.length];
    const points = pts(curves.msd[s]);
    const sp = result.species[name];
    return [
      { name: `${name}: D = ${sp.D.toExponential(2)} cm²/s, β = ${sp.beta.toFixed(2)}`, color, points },
      fitLine(points),
    ];
  });
  const self = pts(curves.selfCharge);
  const full = pts(curves.collective);
  const sigmaSeries: Series[] = [
    { name: 'Σ q_i² ⟨|Δr_i|²⟩ (self)', color: '#000', points: self },
    fitLine(self),
    { name: '⟨|ΔM|²⟩ (full, Eq. 5)', color: '#d62728', points: full },
    fitLine(full),
  ];
  const betaSeries: Series[] = curves.speciesNames.map((name, s) => {
    const points = pts(curves.msd[s]);
    const beta = localLogSlopes(
      points.map(([t]) => t),
      points.map(([, v]) => v),
    );
    return {
      name,
      color: COLORS[s % COLORS.length],
      points: points.map(([t], k) => [t, beta[k]] as const).filter(([, b]) => Number.isFinite(b)),
    };
  });
  const band = (b: number): Series => ({
    name: '',
    color: '#999',
    dashed: true,
    points: range(msdSeries).map((t) => [t, b] as const),
  });
  const range = (series: Series[]) => {
    const xs = series.flatMap((s) => s.points.map(([x]) => x));
    return [Math.min(...xs), Math.max(...xs)] as const;
  };
  return renderFigure(
    [
      {
        title: 'mean squared displacement',
        xLabel: 't (ps)',
        yLabel: 'MSD (Å²)',
        xLog: true,
        yLog: true,
        series: msdSeries,
        vlines: window,
        xRange: range(msdSeries),
        legend: 'top-left',
      },
      {
        title: `charge displacement: σ_self = ${result.sigma_self.toExponential(2)}, σ_full = ${result.sigma_full.toExponential(2)} S/cm`,
        xLabel: 't (ps)',
        yLabel: 'e² Å²',
        xLog: true,
        yLog: true,
        series: sigmaSeries,
        vlines: window,
        xRange: range(sigmaSeries),
        legend: 'top-left',
      },
      {
        title: `local slope β(t) = d ln MSD / d ln t; diffusive: |β − 1| ≤ ${DIFFUSIVE_TOLERANCE} over the window`,
        xLabel: 't (ps)',
        yLabel: 'β',
        xLog: true,
        series: [...betaSeries, band(1 - DIFFUSIVE_TOLERANCE), band(1 + DIFFUSIVE_TOLERANCE)],
        vlines: window,
        xRange: range(msdSeries),
        yRange: [0, 2],
        legend: 'top-left',
      },
    ],
    { title, columns: 3, panelWidth: 460 },
  );
}

/**
 * The plotted curves as CSV, for those who would rather replot than look: lag (ps), the MSD of
 * each species (Å²), the charge-weighted self term and ⟨|ΔM|²⟩ (e² Å²), and the time origins.
 */
export function transportCurvesCsv(curves: DisplacementCurves, dtPs: number): string {
  const head = [
    't_ps',
    ...curves.speciesNames.map((s) => `msd_${s}_A2`),
    'self_charge_e2A2',
    'collective_e2A2',
    'origins',
  ];
  const rows = Array.from(curves.lags, (lag, k) =>
    [lag * dtPs, ...curves.msd.map((y) => y[k]), curves.selfCharge[k], curves.collective[k], curves.counts[k]]
      .map((v) => (Number.isFinite(v) ? String(v) : ''))
      .join(','),
  );
  return [head.join(','), ...rows].join('\n') + '\n';
}
