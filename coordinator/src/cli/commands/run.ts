/** `ionsweep run SWEEP --out DIR`: the whole sweep in this process (embedded mode). */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, parseNumber, parseSweep } from '@ionsweep/shared';
import { runSweepEmbedded } from '../../embedded/run-sweep.js';
import { loadForceField, readTextFile, writableDir } from '../inputs.js';
import { formatDuration, Progress } from '../progress.js';

interface RunOptions {
  out: string;
  threads?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .summary('run a sweep in this process (no servers): MD, analysis, results and plots')
    .argument('<sweep.yaml>', 'sweep file (see examples/sweeps/)')
    .requiredOption('--out <dir>', 'output directory: results.json, results.csv, *.svg, ionsweep.db, checkpoints/')
    .option('--threads <n>', 'worker threads (default: the sweep’s threads, at most the cores)')
    .addHelpText(
      'after',
      '\nRunning the same command again reuses every stored result and resumes unfinished tasks from\ntheir checkpoints.\n\nExample:\n  ionsweep run examples/sweeps/quick.yaml --out results/quick',
    )
    .action((file: string, o: RunOptions) => runSweepCommand(file, o));
}

async function runSweepCommand(file: string, o: RunOptions): Promise<void> {
  const sweep = parseSweep(readTextFile('SWEEP', file), file);
  const ffPath = resolve(dirname(file), sweep.forcefield);
  const forcefield = loadForceField(ffPath);
  const threads = o.threads === undefined ? undefined : parseNumber('--threads', o.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
    throw new InputError('--threads', `must be a positive integer, got ${o.threads}`);
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
