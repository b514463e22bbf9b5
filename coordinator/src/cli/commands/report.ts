/** `ionsweep report RESULTS_DIR --out report/`: a self-contained HTML report of a sweep. */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Command } from 'commander';
import { writableDir } from '../inputs.js';
import { InputError, writeFileAtomic, type SweepSpec, type TaskSpec } from '@ionsweep/shared';
import { SqliteStore } from '../../store/sqlite-store.js';
import { renderReport } from '../../report/html-report.js';
import type { SweepResults } from '../../aggregator/aggregate.js';
import { VERSION } from '../main.js';
import type { SweepCost } from '../../aggregator/cost.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .summary('a self-contained HTML report of a sweep (plots, tables, provenance)')
    .argument('<results-dir>', 'directory written by `ionsweep run` (results.json, ionsweep.db)')
    .requiredOption('--out <dir>', 'directory for index.html')
    .action((dir: string, o: { out: string }) => runReport(dir, o.out));
}

/** ionsweep's version and, when run from a git checkout, its commit. */
function codeVersion(): string {
  try {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short=12', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return `ionsweep ${VERSION} (commit ${commit})`;
  } catch {
    return `ionsweep ${VERSION}`;
  }
}

function runReport(dir: string, out: string): void {
  writableDir('--out', out);
  const resultsFile = join(dir, 'results.json');
  if (!existsSync(resultsFile))
    throw new InputError(
      '<results-dir>',
      `no results.json in '${dir}' (run the sweep with ionsweep run first; array mode: ionsweep collect writes the report)`,
    );
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SweepResults;
  let sweep: SweepSpec | null = null;
  const tasks: ReportTask[] = [];
  const dbFile = join(dir, 'ionsweep.db');
  if (existsSync(dbFile)) {
    const store = new SqliteStore(dbFile);
    try {
      const latest = store.latestSweep();
      if (latest) {
        sweep = JSON.parse(latest.specJson) as SweepSpec;
        for (const t of store.sweepTasks(latest.id)) tasks.push({ ...t, spec: JSON.parse(t.specJson) as TaskSpec });
      }
    } finally {
      store.close();
    }
  }
  writeSweepReport(out, results, sweep, tasks, readCost(dir));
}

/** cost.json of a results directory (written since cost was measured), or null. */
export function readCost(dir: string): SweepCost | null {
  const file = join(dir, 'cost.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SweepCost) : null;
}

export interface ReportTask {
  spec: TaskSpec;
  x: number;
  m: number;
  temperature: number;
  replica: number;
}

/** Writes OUT/index.html: the report of aggregated results, with the sweep and its tasks' provenance when known. */
export function writeSweepReport(
  out: string,
  results: SweepResults,
  sweep: SweepSpec | null,
  tasks: ReportTask[],
  cost: SweepCost | null,
): void {
  const html = renderReport({
    results,
    sweep,
    cost,
    forcefield: tasks[0]?.spec.forcefield ?? null,
    seeds: tasks.map((t) => ({ x: t.x, m: t.m, temperature: t.temperature, replica: t.replica, seed: t.spec.seed })),
    codeVersion: codeVersion(),
    generatedAt: new Date().toISOString(),
  });
  writeFileAtomic(join(out, 'index.html'), html);
  process.stderr.write(`wrote ${join(out, 'index.html')} (${(html.length / 1024).toFixed(0)} kB, self-contained)\n`);
}
