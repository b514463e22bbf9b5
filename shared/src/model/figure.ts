/** The analogue of the paper's Fig. 1, built from evaluated model points. */
import type { RigidityPoint } from './rigidity.js';
import { renderFigure, type Panel, type Series } from '../plot/svg.js';

const M_COLORS = ['#2a9d3a', '#f08c00', '#d62728', '#1f77b4', '#9467bd', '#8c564b'];

function byM(points: readonly RigidityPoint[]): Map<number, RigidityPoint[]> {
  const groups = new Map<number, RigidityPoint[]>();
  for (const p of points) groups.set(p.m, [...(groups.get(p.m) ?? []), p]);
  for (const g of groups.values()) g.sort((a, b) => a.x - b.x);
  return groups;
}

const line = (name: string, color: string, pts: RigidityPoint[], y: (p: RigidityPoint) => number): Series => ({
  name,
  color,
  points: pts.map((p) => [p.x, y(p)] as const),
});

/**
 * Panels (a)… : class fractions SR (black), IS (cyan), FL (red) vs x, one panel per m, with x_c(m)
 * marked. Last panel: σ vs x for every m (left axis) and f2 (right axis, dashed).
 */
export function figure1Svg(points: readonly RigidityPoint[], subtitle = ''): string {
  const groups = byM(points);
  const panels: Panel[] = [];
  const xcLine = (m: number, color: string) => {
    const xc = groups.get(m)?.[0]?.x_c;
    return xc === null || xc === undefined ? [] : [{ x: xc, color, label: `x_c(${m}) = ${xc.toFixed(3)}` }];
  };
  let letter = 'a'.charCodeAt(0);
  for (const [m, pts] of groups) {
    panels.push({
      title: `(${String.fromCharCode(letter++)}) cluster classes, m = ${m}`,
      xLabel: 'x (M2Y fraction)',
      yLabel: 'probability',
      yRange: [0, 1.02],
      series: [
        line('stressed rigid', '#000000', pts, (p) => p.pSR),
        line('isostatic', '#17becf', pts, (p) => p.pIS),
        line('flexible', '#d62728', pts, (p) => p.pFL),
      ],
      vlines: xcLine(m, '#555555'),
    });
  }
  const ms = [...groups.keys()];
  panels.push({
    title: `(${String.fromCharCode(letter)}) conductivity σ and floppy density f2`,
    xLabel: 'x (M2Y fraction)',
    yLabel: 'σ (arb. units, Eq. 3)',
    y2Label: 'f2 (Eq. 2), dashed',
    legend: 'top-left',
    series: ms.flatMap((m, i) => {
      const c = M_COLORS[i % M_COLORS.length];
      const pts = groups.get(m)!;
      return [
        line(`σ, m = ${m}`, c, pts, (p) => p.sigma),
        { ...line(`f2, m = ${m}`, c, pts, (p) => p.f2), dashed: true, axis: 'right' as const },
      ];
    }),
    vlines: ms.flatMap((m, i) => xcLine(m, M_COLORS[i % M_COLORS.length])),
  });
  return renderFigure(panels, {
    title: `Rigidity model (Fig. 1 analogue)${subtitle ? ' — ' + subtitle : ''}`,
    columns: 2,
  });
}
