/** Plain-text renderings of flat records: aligned tables for people, CSV for programs. */

export type Cell = number | string | null | undefined;

/** Numbers with 6 significant digits for tables; null as '—'. */
export function formatCell(v: Cell, digits = 6): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

export function renderTable(records: readonly Record<string, Cell>[], columns: readonly string[]): string {
  const rows = records.map((r) => columns.map((c) => formatCell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((s, i) => s.padStart(widths[i])).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with full-precision numbers and empty cells for null. */
export function renderCsv(records: readonly Record<string, Cell>[], columns: readonly string[]): string {
  return [columns.join(','), ...records.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
