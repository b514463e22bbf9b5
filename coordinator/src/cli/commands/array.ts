/**
 * Array mode without servers: `plan` lists a sweep's tasks in a stable order, `run --task I`
 * (run.ts) runs one of them into a shared directory, `collect` aggregates the directory, and
 * `slurm` prints the job-array submission that does all of it on a cluster.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  InputError,
  parseChoice,
  parseIntegerIn,
  totalSteps,
  type SweepSpec,
  type ForceFieldDescriptor,
} from '@ionsweep/shared';
import { arrayPlan, arrayRanges, estimatedCoreSeconds, type ArrayPlan } from '../../array/array-plan.js';
import { TaskFileStore } from '../../array/task-files.js';
import { collectArray } from '../../array/collect.js';
import { slurmScript } from '../../array/slurm-script.js';
import { loadSweepFile, writableDir } from '../inputs.js';
import { formatDuration } from '../progress.js';
import { readCost, writeSweepReport } from './report.js';

/** The sweep, its plan, and the array directory when one is given and holds this sweep (or nothing yet). */
export function openArray(
  file: string,
  out: string | undefined,
  runsHere = false,
): { sweep: SweepSpec; forcefield: ForceFieldDescriptor; plan: ArrayPlan; store: TaskFileStore | null } {
  const { sweep, forcefield } = loadSweepFile(file, runsHere);
  const store = out !== undefined && existsSync(out) ? new TaskFileStore(out) : null;
  const plan = arrayPlan(sweep, forcefield, store);
  const manifest = store?.manifest();
  if (store && manifest) store.claim(plan.sweepId, sweep);
  return { sweep, forcefield, plan, store: manifest ? store : null };
}

type TaskState = 'stored' | 'failed' | 'checkpointed' | 'pending';

function stateOf(store: TaskFileStore | null, taskId: string): TaskState {
  if (!store) return 'pending';
  if (store.hasResult(taskId)) return 'stored';
  if (store.failure(taskId)) return 'failed';
  return existsSync(resolve(store.checkpointDir, `${taskId}.ckpt`)) ? 'checkpointed' : 'pending';
}

function runPlan(file: string, o: { format: string; out?: string }): void {
  const format = parseChoice('--format', o.format, ['json', 'table'] as const);
  const { sweep, plan, store } = openArray(file, o.out);
  const rows = plan.tasks.map((t) => ({
    index: t.index,
    task_id: t.taskId,
    point: t.placement.pointIndex,
    x: t.placement.x,
    m: t.placement.m,
    temperature: t.placement.temperature,
    replica: t.placement.replica,
    seed: t.spec.seed,
    atoms: t.spec.system.counts.reduce((a, [, n]) => a + n, 0),
    steps: totalSteps(t.spec.protocol),
    est_core_seconds: Math.round(estimatedCoreSeconds(t.spec)),
    round: t.round,
    ...(o.out !== undefined ? { state: stateOf(store, t.taskId) } : {}),
  }));
  const coreHours = rows.reduce((a, r) => a + r.est_core_seconds, 0) / 3600;
  if (format === 'json') {
    process.stdout.write(
      JSON.stringify(
        { sweep: sweep.name, sweep_id: plan.sweepId, settled: plan.settled, est_core_hours: coreHours, tasks: rows },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  const head = [
    'index',
    'task',
    'x',
    'm',
    'T/K',
    'rep',
    'seed',
    'atoms',
    'steps',
    'est. cost',
    ...(o.out !== undefined ? ['state'] : []),
  ];
  const body = rows.map((r) => [
    String(r.index),
    r.task_id.slice(0, 12),
    r.x.toFixed(3),
    r.m.toFixed(3),
    String(r.temperature),
    String(r.replica),
    String(r.seed),
    String(r.atoms),
    String(r.steps),
    formatDuration(r.est_core_seconds),
    ...(r.state ? [r.state] : []),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padStart(widths[k])).join('  ');
  process.stdout.write([line(head), ...body.map(line)].join('\n') + '\n');
  process.stdout.write(
    `${rows.length} tasks, sweep id ${plan.sweepId}, ≈ ${coreHours.toFixed(1)} core-hours (rough: bench:md rates, ±50 %)` +
      (sweep.adaptive && !plan.settled ? '; adaptive: more replicas may follow once these are stored' : '') +
      '\n',
  );
}

function runCollect(file: string, o: { out: string; partial?: boolean }): void {
  if (!existsSync(resolve(o.out, 'sweep.json')))
    throw new InputError('--out', `'${o.out}' holds no array-mode sweep (no sweep.json): run tasks into it first`);
  const { sweep, plan, store } = openArray(file, o.out);
  const { results, missing } = collectArray(store!, plan, sweep, o.out, Boolean(o.partial));
  writeSweepReport(
    resolve(o.out, 'report'),
    results,
    sweep,
    plan.tasks.map((t) => ({ ...t.placement, spec: t.spec })),
    readCost(o.out),
  );
  process.stderr.write(
    `collected ${plan.tasks.length - missing.length} of ${plan.tasks.length} tasks` +
      (missing.length ? ` (PARTIAL: ${missing.length} missing, marked in results.json)` : '') +
      `: wrote ${o.out}/results.json, results.csv, the plots and report/index.html\n`,
  );
}

interface SlurmCliOptions {
  out: string;
  partition?: string;
  account?: string;
  time?: string;
  cpusPerTask?: string;
  mem?: string;
  throttle?: string;
  signalSeconds: string;
  ionsweep?: string;
  setup: string[];
  all?: boolean;
}

function runSlurm(file: string, o: SlurmCliOptions): void {
  const { sweep, plan, store } = openArray(file, o.out);
  const todo = plan.tasks.filter((t) => o.all || !store?.hasResult(t.taskId)).map((t) => t.index);
  if (todo.length === 0)
    throw new InputError('--out', `every task of this sweep is stored in '${o.out}': run ionsweep collect instead`);
  const cpus =
    o.cpusPerTask === undefined ? sweep.threadsPerTask : parseIntegerIn('--cpus-per-task', o.cpusPerTask, 1, 256);
  if (o.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(o.time))
    throw new InputError('--time', `expected Slurm's time syntax (minutes, HH:MM:SS or D-HH:MM:SS), got '${o.time}'`);
  const bin = process.argv[1] ? resolve(process.argv[1]) : 'ionsweep';
  process.stdout.write(
    slurmScript({
      jobName: `ionsweep-${sweep.name}`.replace(/[^A-Za-z0-9_.-]/g, '_'),
      sweepFile: resolve(file),
      outDir: resolve(writableDir('--out', o.out)),
      array: arrayRanges(todo),
      throttle: o.throttle === undefined ? undefined : parseIntegerIn('--throttle', o.throttle, 1, 100_000),
      partition: o.partition,
      account: o.account,
      time: o.time,
      cpusPerTask: cpus,
      mem: o.mem,
      signalSeconds: parseIntegerIn('--signal-seconds', o.signalSeconds, 10, 86_400),
      ionsweep: o.ionsweep ?? `${process.execPath} ${bin}`,
      setup: o.setup,
    }),
  );
}

const collectLines = (value: string, previous: string[] = []) => [...previous, value];

export function registerArray(program: Command): void {
  program
    .command('plan')
    .summary('list a sweep’s tasks in array-mode order: index, id, point, replica, seed, estimated cost')
    .argument('<sweep.yaml>', 'sweep file')
    .option('--format <format>', 'table | json', 'table')
    .option('--out <dir>', 'array directory: also show each task’s state (stored, failed, checkpointed, pending)')
    .addHelpText(
      'after',
      '\nThe order is stable: task I is the same task on every node and in every resubmission. An adaptive\nsweep whose listed tasks are all stored in --out lists the replicas it still needs after them.\n\nExample:\n  ionsweep plan examples/sweeps/quick.yaml --format table',
    )
    .action((file: string, o: { format: string; out?: string }) => runPlan(file, o));
  program
    .command('collect')
    .summary('aggregate an array-mode directory into results.json, results.csv, plots and report/')
    .argument('<sweep.yaml>', 'the sweep file the tasks were run from')
    .requiredOption('--out <dir>', 'the array directory (as given to run --task)')
    .option('--partial', 'aggregate even when tasks are missing (results.json lists them)')
    .addHelpText(
      'after',
      '\nExits 1 naming the missing tasks (and why each failed, when it did) unless every task is stored.\nThe results equal those of `ionsweep run` on the same sweep.',
    )
    .action((file: string, o: { out: string; partial?: boolean }) => runCollect(file, o));
  program
    .command('slurm')
    .summary('print a Slurm submission: a job array of the tasks and a collect job after it')
    .argument('<sweep.yaml>', 'sweep file')
    .requiredOption('--out <dir>', 'shared directory (NFS/Lustre) where the tasks store their results')
    .option('--partition <p>', 'Slurm partition')
    .option('--account <a>', 'Slurm account')
    .option('--time <t>', 'time limit per array task (Slurm syntax, e.g. 04:00:00)')
    .option(
      '--cpus-per-task <n>',
      'cores per array task, used as pair-force threads (default: the sweep’s threads_per_task)',
    )
    .option('--mem <m>', 'memory per array task (e.g. 2G)')
    .option('--throttle <n>', 'at most n array tasks at once (Slurm’s %n)')
    .option('--signal-seconds <s>', 'seconds before the time limit to checkpoint and requeue', '300')
    .option('--ionsweep <cmd>', 'how compute nodes run ionsweep (default: this node and this file)')
    .option(
      '--setup <line>',
      'shell line run first in every job, e.g. "module load nodejs" (repeatable)',
      collectLines,
      [],
    )
    .option('--all', 'array over every task, not only those without a stored result')
    .addHelpText(
      'after',
      '\nThe script submits the array and the collect job (afterany). Each array task runs\n`ionsweep run SWEEP --out DIR --task $SLURM_ARRAY_TASK_ID`; near its time limit it saves a\ncheckpoint and requeues itself, and resumes from it. Only tasks without a stored result are in\nthe array, so printing and submitting again finishes what is left.\n\nExample:\n  ionsweep slurm sweep.yaml --out /scratch/me/ns9 --partition compute --time 04:00:00 --throttle 50 > submit.sh\n  bash submit.sh',
    )
    .action((file: string, o: SlurmCliOptions) => runSlurm(file, o));
}
