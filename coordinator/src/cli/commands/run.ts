/** `ionsweep run SWEEP --out DIR`: the whole sweep in this process (embedded mode). */
import type { Command } from 'commander';
import { InputError, parseIntegerIn, parseNumber } from '@ionsweep/shared';
import { runSweepEmbedded } from '../../embedded/run-sweep.js';
import { TaskFileStore } from '../../array/task-files.js';
import { runArrayTask } from '../../array/run-task.js';
import { STOPPED_EXIT_CODE } from '../../array/slurm-script.js';
import { loadSweepFile, writableDir } from '../inputs.js';
import { formatDuration, Progress } from '../progress.js';
import { ExitWith } from '../exit.js';
import { openArray } from './array.js';

interface RunOptions {
  out: string;
  threads?: string;
  task?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .summary('run a sweep in this process (no servers): MD, analysis, results and plots')
    .argument('<sweep.yaml>', 'sweep file (see examples/sweeps/)')
    .requiredOption('--out <dir>', 'output directory: results.json, results.csv, *.svg, ionsweep.db, checkpoints/')
    .option(
      '--threads <n>',
      'worker threads (default: the sweep’s threads, at most the cores); with --task: the task’s pair-force threads',
    )
    .option(
      '--task <i>',
      'array mode: run only task I (0-based, the order of `ionsweep plan`) into --out; see `ionsweep collect`',
    )
    .addHelpText(
      'after',
      '\nRunning the same command again reuses every stored result and resumes unfinished tasks from\ntheir checkpoints.\n\nArray mode (--task): many processes, on many nodes, may run tasks into one --out directory on a\nshared filesystem at once; each result is its own file, renamed into place. A stored task is\nskipped. SIGUSR1 or SIGTERM: save a checkpoint and exit ' +
        STOPPED_EXIT_CODE +
        ' (run again to resume).\n\nExamples:\n  ionsweep run examples/sweeps/quick.yaml --out results/quick\n  ionsweep run examples/sweeps/quick.yaml --out /shared/quick --task 3',
    )
    .action((file: string, o: RunOptions) => (o.task === undefined ? runSweepCommand(file, o) : runOneTask(file, o)));
}

async function runSweepCommand(file: string, o: RunOptions): Promise<void> {
  const { sweep, forcefield } = loadSweepFile(file, true);
  const threads = parseThreads(o.threads);
  writableDir('--out', o.out);
  const started = Date.now();
  const tasks = sweep.points.length * sweep.temperatures.length * sweep.replicas;
  const a = sweep.adaptive;
  process.stderr.write(
    `sweep ${sweep.name}: ${sweep.points.length} compositions × ${sweep.temperatures.length} temperatures × ` +
      (a
        ? `${a.min}–${a.max} replicas (adaptive: until the 95 % interval of ${a.quantity} is within ±${100 * a.relCi95} %) = ${tasks} tasks to start\n`
        : `${sweep.replicas} replicas = ${tasks} tasks\n`),
  );
  let bar: Progress | null = null;
  let roundTasks = 0;
  const outcome = await runSweepEmbedded(sweep, forcefield, {
    out: o.out,
    threads,
    onProgress: (p) => {
      // an adaptive sweep's next round has more tasks: a new bar for it
      if (bar && p.tasks !== roundTasks) {
        bar.finish(`sweep: ${p.tasks - roundTasks} more replicas for the points that missed their target`);
        bar = null;
      }
      if (!bar) roundTasks = p.tasks;
      bar ??= new Progress('sweep', p.totalSteps);
      bar.update(p.steps, `tasks ${p.done}/${p.tasks} (${p.running} running)  ${p.nsPerDay.toFixed(2)} ns/day`);
    },
  });
  (bar as Progress | null)?.finish('');
  process.stderr.write(
    `sweep ${sweep.name} (${outcome.sweepId}): ${outcome.ran} tasks run, ${outcome.reused} reused, in ${formatDuration((Date.now() - started) / 1000)}; wrote ${o.out}/results.json, results.csv and the plots (diffusivity, conductivity, activation, arrhenius .svg)\n`,
  );
}

function parseThreads(text: string | undefined): number | undefined {
  const threads = text === undefined ? undefined : parseNumber('--threads', text);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
    throw new InputError('--threads', `must be a positive integer, got ${text}`);
  return threads;
}

/** Array mode: one task of the plan into the shared directory. */
async function runOneTask(file: string, o: RunOptions): Promise<void> {
  writableDir('--out', o.out);
  const { sweep, plan } = openArray(file, o.out, true);
  const index = parseIntegerIn('--task', o.task!, 0, Number.MAX_SAFE_INTEGER);
  if (index >= plan.tasks.length)
    throw new InputError(
      '--task',
      `${index} is out of range: this sweep has ${plan.tasks.length} tasks (0–${plan.tasks.length - 1}; see ionsweep plan)`,
    );
  const store = new TaskFileStore(o.out);
  store.ensure();
  store.claim(plan.sweepId, sweep);
  const task = plan.tasks[index];
  const threads = parseThreads(o.threads) ?? sweep.threadsPerTask;
  const label = `task ${index} (${task.taskId.slice(0, 12)}: x=${task.placement.x.toFixed(3)} m=${task.placement.m.toFixed(3)} T=${task.placement.temperature} K replica ${task.placement.replica})`;
  let stopRequested: (signal: string) => void = () => {};
  const stopWhen = new Promise<string>((res) => (stopRequested = res));
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: saving a checkpoint, then exiting ${STOPPED_EXIT_CODE}\n`);
    stopRequested(signal);
  };
  for (const s of ['SIGUSR1', 'SIGTERM', 'SIGINT'] as const) process.on(s, onSignal);
  const started = Date.now();
  let bar: Progress | null = null;
  try {
    const outcome = await runArrayTask(store, task, {
      threads,
      stopWhen,
      onProgress: (p) => {
        bar ??= new Progress(`task ${index}`, p.total_steps);
        bar.update(p.step, `${p.stage}  ${p.temperature.toFixed(0)} K  ${p.ns_per_day.toFixed(2)} ns/day`);
      },
    });
    (bar as Progress | null)?.finish('');
    if (outcome === 'skipped') process.stderr.write(`${label}: already stored in ${o.out}; skipped\n`);
    else if (outcome === 'stopped')
      throw new ExitWith(STOPPED_EXIT_CODE, `${label}: stopped at a checkpoint; run again to resume`);
    else
      process.stderr.write(
        `${label}: stored in ${o.out}/results/ in ${formatDuration((Date.now() - started) / 1000)}\n`,
      );
  } finally {
    for (const s of ['SIGUSR1', 'SIGTERM', 'SIGINT'] as const) process.off(s, onSignal);
  }
}
