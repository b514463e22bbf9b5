/**
 * A small, dependency-free SVG line-plot writer: panels in a grid, each with a left (and optional
 * right) y axis, lines with optional markers and error bars, and labelled vertical marker lines.
 * Enough for the paper's figures; the output is plain SVG that browsers and Inkscape open.
 */

export interface Series {
  /** legend text; empty for a series drawn without a legend entry (a fit line, a band) */
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
  /** symmetric error bar per point (same order as points) */
  yErr?: readonly number[];
  dashed?: boolean;
  /** an SVG stroke-dasharray ('6 3', '2 2'); overrides `dashed` (one pattern per temperature, say) */
  dash?: string;
  markers?: boolean;
  /** plot against the right axis (panel.y2Label must be set) */
  axis?: 'left' | 'right';
}

export interface VLine {
  x: number;
  color: string;
  label?: string;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  y2Label?: string;
  series: readonly Series[];
  vlines?: readonly VLine[];
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  y2Range?: readonly [number, number];
  yLog?: boolean;
  xLog?: boolean;
  /** corner for the legend (default top-right) */
  legend?: 'top-right' | 'top-left';
}

export interface FigureOptions {
  title?: string;
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

const MARGIN = { left: 64, right: 64, top: 34, bottom: 46 };

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tick values at 1, 2 or 5 × 10^k covering [lo, hi] with about `target` intervals. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** A tick label: plain below 10⁴, else exponent form with as many digits as the tick needs (1.5e5, not 2e5). */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return Number(v.toPrecision(4)).toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

interface Scale {
  lo: number;
  hi: number;
  log: boolean;
  map(v: number): number;
}

function makeScale(lo: number, hi: number, log: boolean, from: number, to: number): Scale {
  const f = (v: number) => (log ? Math.log10(v) : v);
  const a = f(lo);
  const b = f(hi);
  return { lo, hi, log, map: (v) => from + ((f(v) - a) / (b - a || 1)) * (to - from) };
}

function extent(values: number[], log: boolean): [number, number] {
  const vs = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (vs.length === 0) return log ? [1, 10] : [0, 1];
  let lo = Math.min(...vs);
  let hi = Math.max(...vs);
  if (log) return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  if (lo === hi) {
    lo -= Math.abs(lo) * 0.1 || 1;
    hi += Math.abs(hi) * 0.1 || 1;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function seriesValues(series: readonly Series[], axis: 'left' | 'right'): number[] {
  return series
    .filter((s) => (s.axis ?? 'left') === axis)
    .flatMap((s) => s.points.flatMap(([, y], i) => [y - (s.yErr?.[i] ?? 0), y + (s.yErr?.[i] ?? 0)]));
}

/** One panel in the w × h box at (x0, y0): axes, series, markers and legend, as an SVG group. */
export function renderPanel(p: Panel, x0: number, y0: number, w: number, h: number): string {
  const left = x0 + MARGIN.left;
  const right = x0 + w - MARGIN.right;
  const top = y0 + MARGIN.top;
  const bottom = y0 + h - MARGIN.bottom;
  const xr =
    p.xRange ??
    extent(
      p.series.flatMap((s) => s.points.map(([x]) => x)),
      p.xLog ?? false,
    );
  const yr = p.yRange ?? extent(seriesValues(p.series, 'left'), p.yLog ?? false);
  const y2r = p.y2Range ?? extent(seriesValues(p.series, 'right'), false);
  const sx = makeScale(xr[0], xr[1], p.xLog ?? false, left, right);
  const sy = makeScale(yr[0], yr[1], p.yLog ?? false, bottom, top);
  const sy2 = makeScale(y2r[0], y2r[1], false, bottom, top);
  const out: string[] = [];
  out.push(`<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#333"/>`);
  out.push(
    `<text x="${(left + right) / 2}" y="${y0 + 20}" text-anchor="middle" font-weight="bold">${escapeXml(p.title)}</text>`,
  );
  out.push(...axisTicks(sx, 'x', bottom), ...axisTicks(sy, 'y', left));
  if (p.y2Label) out.push(...axisTicks(sy2, 'y2', right));
  out.push(`<text x="${(left + right) / 2}" y="${bottom + 36}" text-anchor="middle">${escapeXml(p.xLabel)}</text>`);
  out.push(rotatedLabel(p.yLabel, x0 + 16, (top + bottom) / 2));
  if (p.y2Label) out.push(rotatedLabel(p.y2Label, x0 + w - 12, (top + bottom) / 2));
  for (const v of p.vlines ?? []) {
    if (v.x < xr[0] || v.x > xr[1]) continue;
    const X = sx.map(v.x).toFixed(1);
    out.push(`<line x1="${X}" x2="${X}" y1="${top}" y2="${bottom}" stroke="${v.color}" stroke-dasharray="6 4"/>`);
    // labels sit at the foot of the line, away from the legend
    if (v.label)
      out.push(`<text x="${X}" y="${bottom - 6}" dx="3" font-size="10" fill="${v.color}">${escapeXml(v.label)}</text>`);
  }
  for (const s of p.series) out.push(...renderSeries(s, sx, s.axis === 'right' ? sy2 : sy));
  // series without a name (fit lines, bands) are drawn but not listed
  out.push(
    ...legend(
      p.series.filter((s) => s.name !== ''),
      p.legend === 'top-left' ? left + 10 : right - 6,
      top + 8,
      p.legend ?? 'top-right',
    ),
  );
  return `<g clip-path="none">${out.join('\n')}</g>`;
}

function rotatedLabel(text: string, x: number, y: number): string {
  return `<text transform="translate(${x},${y}) rotate(-90)" text-anchor="middle">${escapeXml(text)}</text>`;
}

function axisTicks(s: Scale, which: 'x' | 'y' | 'y2', at: number): string[] {
  const ticks = s.log ? logTicks(s.lo, s.hi) : niceTicks(s.lo, s.hi);
  return ticks.map((t) => {
    const p = s.map(t).toFixed(1);
    if (which === 'x') {
      return `<line x1="${p}" x2="${p}" y1="${at}" y2="${at - 5}" stroke="#333"/><text x="${p}" y="${at + 15}" text-anchor="middle" font-size="11">${formatTick(t)}</text>`;
    }
    const dir = which === 'y' ? 1 : -1;
    const anchor = which === 'y' ? 'end' : 'start';
    return `<line x1="${at}" x2="${at + 5 * dir}" y1="${p}" y2="${p}" stroke="#333"/><text x="${at - 6 * dir}" y="${p}" dy="4" text-anchor="${anchor}" font-size="11">${formatTick(t)}</text>`;
  });
}

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) ticks.push(10 ** e);
  return ticks;
}

function renderSeries(s: Series, sx: Scale, sy: Scale): string[] {
  const pts = s.points.filter(
    ([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!sy.log || y > 0) && (!sx.log || x > 0),
  );
  if (pts.length === 0) return [];
  const out: string[] = [];
  const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${sx.map(x).toFixed(1)},${sy.map(y).toFixed(1)}`).join('');
  out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${dashAttr(s)}/>`);
  s.points.forEach(([x, y], i) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const X = sx.map(x).toFixed(1);
    const err = s.yErr?.[i];
    if (err !== undefined && Number.isFinite(err) && err > 0) {
      const lo = sy.log ? Math.max(y - err, sy.lo) : y - err;
      out.push(
        `<line x1="${X}" x2="${X}" y1="${sy.map(lo).toFixed(1)}" y2="${sy.map(y + err).toFixed(1)}" stroke="${s.color}"/>`,
      );
    }
    if (s.markers) out.push(`<circle cx="${X}" cy="${sy.map(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
  });
  return out;
}

function dashAttr(s: Series): string {
  const dash = s.dash ?? (s.dashed ? '5 3' : undefined);
  return dash ? ` stroke-dasharray="${dash}"` : '';
}

function legend(series: readonly Series[], edge: number, top: number, corner: 'top-right' | 'top-left'): string[] {
  if (series.length === 0) return [];
  const width = 28 + 6.5 * Math.max(...series.map((s) => s.name.length));
  const x0 = corner === 'top-right' ? edge - width : edge;
  const box = `<rect x="${x0 - 4}" y="${top - 8}" width="${width + 4}" height="${series.length * 14 + 4}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`;
  return [
    box,
    ...series.map((s, i) => {
      const y = top + i * 14;
      return `<line x1="${x0}" x2="${x0 + 20}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${dashAttr(s)}/><text x="${x0 + 24}" y="${y + 4}" font-size="11">${escapeXml(s.name)}</text>`;
    }),
  ];
}

/** Renders panels in a grid as one standalone SVG document. */
export function renderFigure(panels: readonly Panel[], options: FigureOptions = {}): string {
  const cols = Math.max(1, Math.min(options.columns ?? 2, panels.length));
  const w = options.panelWidth ?? 460;
  const h = options.panelHeight ?? 320;
  const titleH = options.title ? 30 : 0;
  const rows = Math.ceil(panels.length / cols);
  const W = cols * w;
  const H = rows * h + titleH;
  const body = panels.map((p, i) => renderPanel(p, (i % cols) * w, titleH + Math.floor(i / cols) * h, w, h));
  const title = options.title
    ? `<text x="${W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`
    : '';
  return svgDocument(W, H, [title, ...body]);
}

/** A standalone W × H SVG document on a white background holding `body`. */
export function svgDocument(W: number, H: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
