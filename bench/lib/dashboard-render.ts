/**
 * A picture of the shipped Grafana dashboard without Grafana (no Debian package, no network for
 * its tarball): each panel of deploy/grafana/dashboards/ionsweep.json drawn where its gridPos puts
 * it, from the data its PromQL returns on a real Prometheus. Time series become line plots,
 * gauge and stat panels their last value. It is a faithful layout and faithful data, not
 * Grafana's styling.
 */
import { escapeXml, renderPanel, svgDocument, type Series } from '@ionsweep/shared';
import type { PromRange, PromResult } from './prometheus.js';

export interface DashboardPanel {
  title: string;
  type: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { expr: string; legendFormat?: string }[];
  fieldConfig?: { defaults?: { unit?: string } };
}

export interface Dashboard {
  title: string;
  panels: DashboardPanel[];
}

/** one line of a panel: its legend and (seconds since the start, value) points */
export interface PanelLine {
  legend: string;
  points: [number, number][];
}

/** Grafana's `{{label}}` legend templates, filled from a series' labels. */
export function legendOf(format: string | undefined, metric: Record<string, string>): string {
  if (!format)
    return (
      Object.entries(metric)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'value'
    );
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => metric[k] ?? '');
}

const COLUMN = 60; // px per grid column (Grafana's grid is 24 wide)
const ROW = 34; // px per grid row
const GAP = 6;
const MAX_LINES = 8; // more would bury the plot under its legend
const PALETTE = ['#1F78C1', '#EF843C', '#7EB26D', '#E24D42', '#BA43A9', '#EAB839', '#6ED0E0', '#705DA0'];

const UNIT_LABEL: Record<string, string> = {
  s: 'seconds',
  Bps: 'bytes/s',
  reqps: 'requests/s',
  percentunit: 'fraction',
};

/** a single value as Grafana would print it for the panel's unit */
export function formatValue(v: number, unit: string | undefined): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'percentunit') return `${(100 * v).toFixed(0)} %`;
  if (unit === 's') {
    if (v >= 3600) return `${(v / 3600).toFixed(1)} h`;
    if (v >= 60) return `${(v / 60).toFixed(1)} min`;
    return `${v.toFixed(v < 10 ? 1 : 0)} s`;
  }
  return Number(v.toPrecision(3)).toString();
}

function frame(x: number, y: number, w: number, h: number): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="white" stroke="#d0d4da"/>`;
}

function statPanel(p: DashboardPanel, lines: PanelLine[], x: number, y: number, w: number, h: number): string {
  const last = lines[0]?.points.at(-1)?.[1] ?? NaN;
  const unit = p.fieldConfig?.defaults?.unit;
  return [
    `<text x="${x + w / 2}" y="${y + 22}" text-anchor="middle" font-weight="bold">${escapeXml(p.title)}</text>`,
    `<text x="${x + w / 2}" y="${y + h / 2 + 18}" text-anchor="middle" font-size="44" fill="#1F78C1">${escapeXml(formatValue(last, unit))}</text>`,
  ].join('\n');
}

function seriesPanel(p: DashboardPanel, lines: PanelLine[], x: number, y: number, w: number, h: number): string {
  const kept = [...lines]
    .sort((a, b) => mean(b.points) - mean(a.points))
    .slice(0, MAX_LINES)
    .map<Series>((l, i) => ({ name: l.legend, color: PALETTE[i % PALETTE.length], points: l.points }));
  const more = lines.length - kept.length;
  const unit = p.fieldConfig?.defaults?.unit;
  return renderPanel(
    {
      title: more > 0 ? `${p.title} (${more} more lines not drawn)` : p.title,
      xLabel: 'seconds since the start',
      yLabel: UNIT_LABEL[unit ?? ''] ?? '',
      series: kept,
      legend: 'top-left',
    },
    x,
    y,
    w,
    h,
  );
}

function mean(points: [number, number][]): number {
  const vs = points.map(([, v]) => v).filter(Number.isFinite);
  return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : -Infinity;
}

/** The dashboard as one SVG document; `data` maps each panel title to its lines. */
export function renderDashboard(d: Dashboard, data: ReadonlyMap<string, PanelLine[]>, caption: string): string {
  const head = 40;
  const W = 24 * COLUMN;
  const H = head + Math.max(...d.panels.map((p) => p.gridPos.y + p.gridPos.h)) * ROW;
  const body = [
    `<rect width="${W}" height="${H}" fill="#f4f5f5"/>`,
    `<text x="12" y="26" font-size="18" font-weight="bold">${escapeXml(d.title)}</text>`,
    `<text x="${W - 12}" y="26" text-anchor="end" font-size="11" fill="#555">${escapeXml(caption)}</text>`,
  ];
  for (const p of d.panels) {
    const x = p.gridPos.x * COLUMN + GAP / 2;
    const y = head + p.gridPos.y * ROW + GAP / 2;
    const w = p.gridPos.w * COLUMN - GAP;
    const h = p.gridPos.h * ROW - GAP;
    const lines = data.get(p.title) ?? [];
    body.push(frame(x, y, w, h));
    body.push(
      p.type === 'stat' || p.type === 'gauge' ? statPanel(p, lines, x, y, w, h) : seriesPanel(p, lines, x, y, w, h),
    );
  }
  return svgDocument(W, H, body);
}

/** Every panel's targets over [start, end] from Prometheus, keyed by panel title. */
export async function queryDashboard(
  d: Dashboard,
  queryRange: (expr: string, start: number, end: number, step: number) => Promise<PromResult<PromRange>>,
  start: number,
  end: number,
  step: number,
): Promise<Map<string, PanelLine[]>> {
  const data = new Map<string, PanelLine[]>();
  for (const p of d.panels) {
    const lines: PanelLine[] = [];
    for (const t of p.targets) {
      const r = await queryRange(t.expr, start, end, step);
      if (r.status !== 'success') throw new Error(`${p.title}: ${t.expr}: ${r.error}`);
      for (const s of r.data.result) {
        lines.push({
          legend: legendOf(t.legendFormat, s.metric),
          points: s.values.map(([time, v]) => [time - start, Number(v)]),
        });
      }
    }
    data.set(p.title, lines);
  }
  return data;
}
