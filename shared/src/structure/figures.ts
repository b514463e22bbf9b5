/** SVG figures of a structure report: partial and total g(r), S(k), bond angles, coordination. */
import { renderFigure, type Panel, type Series } from '../plot/svg.js';
import type { StructureReport } from './analyze.js';

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];
const color = (k: number) => PALETTE[k % PALETTE.length];
const zip = (xs: readonly number[], ys: readonly number[]) => xs.map((x, k) => [x, ys[k]] as const);

/** One panel per element pair, with the bond cutoff marked. */
export function rdfFigureSvg(r: StructureReport, title = ''): string {
  const panels: Panel[] = Object.entries(r.pairs).map(([name, p], k) => ({
    title: `g(r) ${name}` + (p.cutoff !== null ? `, ${p.bonds.toFixed(0)} bonds` : ''),
    xLabel: 'r (Å)',
    yLabel: 'g(r)',
    series: [{ name, color: color(k), points: zip(p.rdf.r, p.rdf.g) }],
    vlines:
      p.cutoff !== null
        ? [{ x: p.cutoff, color: '#777', label: `cutoff ${p.cutoff.toFixed(2)} Å (${p.cutoff_source})` }]
        : [],
  }));
  return renderFigure(panels, {
    title: title || 'Partial pair distributions',
    columns: 3,
    panelWidth: 380,
    panelHeight: 260,
  });
}

/** Total neutron and X-ray weighted g(r) and the Faber–Ziman S(k). */
export function totalFigureSvg(r: StructureReport, title = ''): string {
  const g: Series[] = [];
  const s: Series[] = [];
  if (r.total.neutron) g.push({ name: 'neutron', color: color(0), points: zip(r.total.r, r.total.neutron) });
  if (r.total.xray) g.push({ name: 'X-ray', color: color(1), points: zip(r.total.r, r.total.xray), dashed: true });
  if (r.sk.neutron) s.push({ name: 'neutron', color: color(0), points: zip(r.sk.k, r.sk.neutron) });
  if (r.sk.xray) s.push({ name: 'X-ray', color: color(1), points: zip(r.sk.k, r.sk.xray), dashed: true });
  const panels: Panel[] = [
    { title: 'total g(r) (Faber–Ziman weights)', xLabel: 'r (Å)', yLabel: 'g(r)', series: g },
    { title: 'total S(k) (Faber–Ziman)', xLabel: 'k (Å⁻¹)', yLabel: 'S(k)', series: s },
  ];
  return renderFigure(panels, { title: title || 'Total structure', columns: 2, panelWidth: 460, panelHeight: 300 });
}

/** Bond-angle distributions, one panel per vertex element. */
export function anglesFigureSvg(r: StructureReport, title = ''): string {
  const byVertex = new Map<string, Series[]>();
  Object.entries(r.angles).forEach(([name, a], k) => {
    const vertex = name.split('-')[1];
    const list = byVertex.get(vertex) ?? [];
    list.push({ name: `${name} (mean ${a.mean?.toFixed(1)}°)`, color: color(k), points: zip(a.theta, a.p) });
    byVertex.set(vertex, list);
  });
  const panels: Panel[] = [...byVertex].map(([vertex, series]) => ({
    title: `angles at ${vertex}`,
    xLabel: 'θ (degrees)',
    yLabel: 'P(θ) (1/degree)',
    series,
    xRange: [0, 180],
    legend: 'top-left',
  }));
  return renderFigure(panels, { title: title || 'Bond angles', columns: 2, panelWidth: 460, panelHeight: 300 });
}

/** For each pair with bonds, the fraction of atoms with n neighbours of the other element. */
export function coordinationFigureSvg(r: StructureReport, title = ''): string {
  const panels: Panel[] = Object.entries(r.pairs)
    .filter(([, p]) => p.cutoff !== null)
    .map(([name, p]) => ({
      title: `${name} coordination (cutoff ${p.cutoff!.toFixed(2)} Å)`,
      xLabel: 'neighbours n',
      yLabel: 'fraction of atoms',
      series: Object.entries(p.histogram).map(([el, h], k) => ({
        name: `${el} by ${name.split('-').find((e, q) => e !== el || q === 1)} (mean ${p.cn[el].toFixed(2)})`,
        color: color(k),
        points: h.map((f, n) => [n, f] as const),
        markers: true,
      })),
    }));
  return renderFigure(panels, { title: title || 'Coordination', columns: 3, panelWidth: 380, panelHeight: 260 });
}
