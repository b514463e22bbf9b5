/** Reading a LAMMPS log: thermo rows, the version line, the error that ended a run. */

/** Thermo rows of a LAMMPS log, keyed by the column names of the `Step …` header above them. */
export function thermoRows(log: string): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  let cols: string[] | null = null;
  for (const line of log.split('\n')) {
    const t = line.trim();
    if (/^Step\b/.test(t)) {
      cols = t.split(/\s+/);
      continue;
    }
    if (cols && /^\d/.test(t)) {
      const v = t.split(/\s+/).map(Number);
      if (v.length === cols.length && v.every(Number.isFinite))
        rows.push(Object.fromEntries(cols.map((c, k) => [c, v[k]])));
    } else if (cols && t.startsWith('Loop time')) cols = null;
  }
  return rows;
}

/** "29 Sep 2021 - Update 2" from the log's first line, or null. */
export function lammpsVersion(log: string): string | null {
  return /^LAMMPS \(([^)]+)\)/m.exec(log)?.[1] ?? null;
}

/** The last `ERROR…` line of a log (or of its screen output), or null. */
export function lammpsError(text: string): string | null {
  const lines = text.split('\n').filter((l) => /^ERROR/.test(l.trim()));
  return lines.length ? lines[lines.length - 1].trim() : null;
}
