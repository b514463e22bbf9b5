/** Plots of a transport analysis: MSD per species and ⟨|ΔM|²⟩ on log–log axes, fit window marked. */
import { renderFigure, type Series } from '../plot/svg.js';
import type { DisplacementCurves } from './displacement.js';
import type { EnsembleTransport } from './transport.js';

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
  const msdSeries: Series[] = curves.speciesNames.map((name, s) => ({
    name: `${name}: D = ${result.species[name].D.toExponential(2)} cm²/s`,
    color: COLORS[s % COLORS.length],
    points: pts(curves.msd[s]),
  }));
  const sigmaSeries: Series[] = [
    { name: 'Σ q_i² ⟨|Δr_i|²⟩ (self)', color: '#000', points: pts(curves.selfCharge) },
    { name: '⟨|ΔM|²⟩ (full, Eq. 5)', color: '#d62728', points: pts(curves.collective) },
  ];
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
    ],
    { title, columns: 2, panelWidth: 520 },
  );
}
