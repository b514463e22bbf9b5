/** Client commands of a coordinator: submit, status, watch, results (and the tasks' files), cancel. */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, parseChoice, parseSweep, writeFileAtomic } from '@ionsweep/shared';
import type { ArtifactChunk__Output, SweepEvent__Output, SweepStatus__Output } from '@ionsweep/shared/net';
import { call, cliError, sweepClient } from '../../grpc/client.js';
import { clientSecurityFrom, withClientSecurity, type ClientSecurityFlags } from '../security-options.js';
import { readTextFile, writableDir } from '../inputs.js';
import { Progress } from '../progress.js';

const DEFAULT_COORDINATOR = '127.0.0.1:50051';

/** The options every client command takes: where the coordinator is, and how to prove who we are. */
function withCoordinator(cmd: Command): Command {
  return withClientSecurity(cmd.option('--coordinator <host:port>', 'coordinator address', DEFAULT_COORDINATOR));
}

interface Target extends ClientSecurityFlags {
  coordinator: string;
}

const clientFor = (t: Target) => sweepClient(t.coordinator, clientSecurityFrom(t));

function line(s: SweepStatus__Output): string {
  return `${s.sweep_id}  ${s.name.padEnd(16)} ${s.state.padEnd(9)} ${s.done}/${s.tasks} done${s.failed ? `, ${s.failed} failed` : ''}${s.running ? `, ${s.running} running` : ''}${s.error ? `  (${s.error})` : ''}`;
}

/** Follows WatchSweep until the sweep ends; resolves to its last status. */
function follow(
  target: Target,
  sweepId: string,
  onEvent: (e: SweepEvent__Output) => void,
): Promise<SweepStatus__Output> {
  const client = clientFor(target);
  return new Promise((resolveDone, reject) => {
    let last: SweepStatus__Output | null = null;
    const stream = client.WatchSweep({ sweep_id: sweepId });
    stream.on('data', (e: SweepEvent__Output) => {
      if (e.status) last = e.status;
      onEvent(e);
    });
    stream.on('end', () =>
      last ? resolveDone(last) : reject(new Error('the coordinator ended the watch without a status')),
    );
    stream.on('error', (err: Error) => reject(cliError(err)));
  });
}

function watchWithProgress(target: Target, sweepId: string): Promise<SweepStatus__Output> {
  let bar: Progress | null = null;
  return follow(target, sweepId, (e) => {
    if (e.status) {
      bar ??= new Progress('sweep', e.status.tasks);
      bar.update(e.status.done, `${e.status.state}, ${e.status.running} running`);
    }
  }).finally(() => (bar as Progress | null)?.finish(''));
}

export function registerClient(program: Command): void {
  withCoordinator(program.command('submit'))
    .summary('submit a sweep to a coordinator')
    .argument('<sweep.yaml>', 'sweep file; its force field is read here and sent along')
    .option('--wait', 'wait for the sweep to end and print its results')
    .option('--format <format>', 'with --wait: json (the results.json document) | csv | table', 'table')
    .action(async (file: string, o: Target & { wait?: boolean; format: string }) => {
      const format = parseChoice('--format', o.format, ['json', 'csv', 'table'] as const);
      const sweepText = readTextFile('SWEEP', file);
      const sweep = parseSweep(sweepText, file); // fail here, before the network, on a bad file
      const ffPath = resolve(dirname(file), sweep.forcefield);
      const client = clientFor(o);
      const res = await call(client, client.SubmitSweep, {
        sweep_yaml: sweepText,
        sweep_file_name: file,
        forcefield_yaml: readTextFile('--forcefield', ffPath),
        forcefield_file_name: ffPath,
      });
      process.stderr.write(`submitted ${res.sweep_id}: ${res.tasks} tasks, ${res.reused} reused\n`);
      if (!o.wait) {
        process.stdout.write(`${res.sweep_id}\n`);
        return;
      }
      const last = await watchWithProgress(o, res.sweep_id);
      if (last.state !== 'done')
        throw new Error(`sweep ${res.sweep_id} ended ${last.state}${last.error ? `: ${last.error}` : ''}`);
      await printResults(o, res.sweep_id, format);
    });

  withCoordinator(program.command('status'))
    .summary('sweeps on a coordinator, or one of them')
    .argument('[sweep-id]')
    .option('--format <format>', 'table | json', 'table')
    .action(async (id: string | undefined, o: Target & { format: string }) => {
      const format = parseChoice('--format', o.format, ['json', 'table'] as const);
      const client = clientFor(o);
      const list = id
        ? [await call(client, client.GetSweep, { sweep_id: id })]
        : (await call(client, client.ListSweeps, {})).sweeps;
      process.stdout.write(
        format === 'json'
          ? JSON.stringify(id ? list[0] : list, null, 2) + '\n'
          : list.map(line).join('\n') + (list.length ? '\n' : ''),
      );
    });

  withCoordinator(program.command('watch'))
    .summary('follow a sweep until it ends')
    .argument('<sweep-id>')
    .action(async (id: string, o: Target) => {
      const last = await watchWithProgress(o, id);
      process.stdout.write(line(last) + '\n');
    });

  withCoordinator(program.command('results'))
    .summary('the results of a finished sweep, or the files its tasks left')
    .argument('<sweep-id>')
    .option('--format <format>', 'json | csv', 'json')
    .option(
      '--artifacts <dir>',
      "instead of the results: each task's files into DIR/<task>/ (final.data, final.extxyz, thermo.csv, " +
        'trajectory.lammpstrj when the sweep dumps one, manifest.json)',
    )
    .option('--task <task-id>', 'with --artifacts: only this task')
    .action(async (id: string, o: Target & { format: string; artifacts?: string; task?: string }) => {
      if (o.task !== undefined && o.artifacts === undefined) throw new InputError('--task', 'is read with --artifacts');
      if (o.artifacts !== undefined) return fetchArtifacts(o, id, writableDir('--artifacts', o.artifacts), o.task);
      return printResults(o, id, parseChoice('--format', o.format, ['json', 'csv'] as const));
    });

  withCoordinator(program.command('cancel'))
    .summary('stop a sweep’s queued and running tasks (checkpoints are kept)')
    .argument('<sweep-id>')
    .action(async (id: string, o: Target) => {
      const client = clientFor(o);
      await call(client, client.CancelSweep, { sweep_id: id });
      const last = await follow(o, id, () => {});
      process.stdout.write(line(last) + '\n');
    });
}

/** GetArtifacts into DIR/<task>/<file>, each file written whole (atomically) once its last chunk is in. */
async function fetchArtifacts(target: Target, sweepId: string, dir: string, task = ''): Promise<void> {
  const client = clientFor(target);
  const stream = client.GetArtifacts({ sweep_id: sweepId, task_id: task });
  const parts = new Map<string, Buffer[]>();
  const tasks = new Set<string>();
  const missing: string[] = [];
  let files = 0;
  let bytes = 0;
  await new Promise<void>((done, fail) => {
    stream.on('data', (c: ArtifactChunk__Output) => {
      tasks.add(c.task_id);
      if (c.missing) return void missing.push(c.task_id);
      const key = `${c.task_id}/${c.name}`;
      const got = [...(parts.get(key) ?? []), c.data];
      parts.set(key, got);
      if (!c.last) return;
      parts.delete(key);
      const whole = Buffer.concat(got);
      if (whole.length !== c.size) return fail(new Error(`${key}: received ${whole.length} of ${c.size} bytes`));
      writeFileAtomic(join(dir, c.task_id, c.name), whole);
      files++;
      bytes += whole.length;
    });
    stream.on('end', done);
    stream.on('error', (err: Error) => fail(cliError(err)));
  });
  process.stderr.write(
    `wrote ${files} files (${(bytes / 2 ** 20).toFixed(1)} MiB) of ${tasks.size - missing.length} tasks into ${dir}/` +
      (missing.length
        ? `; ${missing.length} task(s) left no files (stored before tasks kept them, or unfinished): ${missing.join(', ')}`
        : '') +
      '\n',
  );
}

async function printResults(target: Target, id: string, format: 'json' | 'csv' | 'table'): Promise<void> {
  const client = clientFor(target);
  const r = await call(client, client.GetResults, { sweep_id: id });
  if (format === 'csv' || format === 'table') process.stdout.write(r.results_csv);
  else process.stdout.write(r.results_json);
}
