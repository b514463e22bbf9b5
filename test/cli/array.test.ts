/**
 * Array mode, as a cluster would drive it: many `run --task I` processes writing into one
 * directory at once, `collect` equal to the embedded `run`, early `collect` naming what is
 * missing, a task stopped by Slurm's warning signal resuming from its checkpoint, and the sbatch
 * script that ties them together (run on a real Slurm in test/cluster/slurm.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tinySweep } from '../helpers/sweeps.js';
import { queryStore } from '../helpers/store.js';

const TINY = `${ROOT}examples/sweeps/tiny.yaml`;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Runs `ionsweep args…` as a child process; resolves with its exit code and stderr. */
function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stderr }));
  });
}

interface PlanRow {
  index: number;
  task_id: string;
  temperature: number;
  replica: number;
  seed: number;
  state?: string;
}

const planOf = (file: string, out?: string) => {
  const r = runCli(['plan', file, '--format', 'json', ...(out ? ['--out', out] : [])]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { sweep_id: string; tasks: PlanRow[]; est_core_hours: number };
};

describe('array mode: plan, run --task, collect', () => {
  it('plans the tasks in a stable order, with ids, seeds and costs', () => {
    const a = planOf(TINY);
    expect(a.tasks.map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(a.tasks.map((t) => t.task_id)).size).toBe(8);
    expect(a.tasks.map((t) => [t.temperature, t.replica])).toEqual([
      [2000, 0],
      [2000, 1],
      [2500, 0],
      [2500, 1],
      [2000, 0],
      [2000, 1],
      [2500, 0],
      [2500, 1],
    ]);
    expect(a.est_core_hours).toBeGreaterThan(0);
    expect(planOf(TINY)).toEqual(a);
    const table = runCli(['plan', TINY]);
    expect(table.stdout).toMatch(/^\s*index\s+task\s+x\s+m\s+T\/K\s+rep\s+seed\s+atoms\s+steps\s+est\. cost/);
    expect(table.stdout).toMatch(/8 tasks, sweep id [0-9a-f]{16}/);
  });

  it('runs every task as its own process into one directory at once; collect equals the embedded run', async () => {
    const dir = tmp('ionsweep-array-');
    // all eight at once, and task 3 twice over (a requeued duplicate): nothing lost or torn
    const runs = await Promise.all(
      [0, 1, 2, 3, 3, 4, 5, 6, 7].map((i) => cli(['run', TINY, '--out', dir, '--task', String(i)])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'results')).filter((f) => !f.startsWith('.'))).toHaveLength(8);
    expect(readdirSync(join(dir, 'results')).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(readdirSync(join(dir, 'checkpoints'))).toEqual([]);
    expect(planOf(TINY, dir).tasks.every((t) => t.state === 'stored')).toBe(true);

    const again = runCli(['run', TINY, '--out', dir, '--task', '5']);
    expect(again.stderr).toMatch(/task 5 \(.*\): already stored in .*; skipped/);

    const collected = runCli(['collect', TINY, '--out', dir]);
    expect(collected.code, collected.stderr).toBe(0);
    expect(collected.stderr).toMatch(/collected 8 of 8 tasks/);
    expect(existsSync(join(dir, 'report/index.html'))).toBe(true);

    const embedded = tmp('ionsweep-array-embedded-');
    const e = runCli(['run', TINY, '--out', embedded], { timeoutMs: 120_000 });
    expect(e.code, e.stderr).toBe(0);
    expect(json(join(dir, 'results.json'))).toEqual(json(join(embedded, 'results.json')));
    expect(readFileSync(join(dir, 'results.csv'), 'utf8')).toBe(readFileSync(join(embedded, 'results.csv'), 'utf8'));
  }, 240_000);

  it('collect fails naming the missing tasks (and why one failed); --partial marks them', async () => {
    const dir = tmp('ionsweep-array-partial-');
    expect(runCli(['run', TINY, '--out', dir, '--task', '1']).code).toBe(0);
    // task 2 cannot save its checkpoints: it fails, and its failure is kept for collect to name
    rmSync(join(dir, 'checkpoints'), { recursive: true });
    writeFileSync(join(dir, 'checkpoints'), 'in the way');
    const failed = runCli(['run', TINY, '--out', dir, '--task', '2']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot create the checkpoint directory .*checkpoints: a file is in the way/);

    const early = runCli(['collect', TINY, '--out', dir]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      /7 of 8 tasks have no result: 0, 2 \(failed on [^:]+: cannot create the checkpoint directory .*\), 3, 4, 5, 6, 7\./,
    );
    expect(existsSync(join(dir, 'results.json'))).toBe(false);

    const partial = runCli(['collect', TINY, '--out', dir, '--partial']);
    expect(partial.code, partial.stderr).toBe(0);
    expect(partial.stderr).toMatch(/collected 1 of 8 tasks \(PARTIAL: 7 missing/);
    const r = json(join(dir, 'results.json'));
    expect(r.partial).toEqual({ tasks: 8, missing: [0, 2, 3, 4, 5, 6, 7] });
    expect(r.points).toHaveLength(1);
    expect(readFileSync(join(dir, 'report/index.html'), 'utf8')).toMatch(/Partial results:<\/strong> 7 of 8 tasks/);
  });

  it('rejects a task index out of range and a directory of another sweep, and writes nothing', () => {
    const dir = tmp('ionsweep-array-bad-');
    const out = runCli(['run', TINY, '--out', dir, '--task', '8']);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('ionsweep: --task: 8 is out of range: this sweep has 8 tasks (0–7; see ionsweep plan)\n');
    expect(runCli(['run', TINY, '--out', dir, '--task', '-1']).code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);

    expect(runCli(['run', TINY, '--out', dir, '--task', '0']).code).toBe(0);
    const other = tinySweep('other', { 'seed: 1': 'seed: 2' });
    for (const args of [
      ['run', other, '--out', dir, '--task', '0'],
      ['collect', other, '--out', dir],
    ]) {
      const r = runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /--out: .* holds the results of another sweep \('tiny', id [0-9a-f]{16}\); this sweep \('other'\) is [0-9a-f]{16}/,
      );
    }
    expect(readdirSync(join(dir, 'results'))).toHaveLength(1);
    expect(runCli(['collect', TINY, '--out', tmp('ionsweep-array-empty-')]).stderr).toMatch(
      /holds no array-mode sweep/,
    );
  });

  it('SIGUSR1 (Slurm’s warning) saves a checkpoint and exits 75; the rerun resumes to the same result', async () => {
    const dir = tmp('ionsweep-array-stop-');
    const p = spawn(process.execPath, [BIN, 'run', TINY, '--out', dir, '--task', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => p.on('exit', (code) => r(code)));
    const ckpts = join(dir, 'checkpoints');
    const deadline = Date.now() + 60_000;
    while (!(existsSync(ckpts) && readdirSync(ckpts).some((f) => f.endsWith('.ckpt'))) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    p.kill('SIGUSR1');
    expect(await exited, stderr).toBe(75);
    expect(stderr).toMatch(/SIGUSR1: saving a checkpoint, then exiting 75/);
    expect(stderr).toMatch(/stopped at a checkpoint; run again to resume/);
    expect(readdirSync(join(dir, 'results')).filter((f) => !f.startsWith('.'))).toEqual([]);

    const resumed = runCli(['run', TINY, '--out', dir, '--task', '0']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const id = planOf(TINY).tasks[0].task_id;
    const result = json(join(dir, 'results', `${id}.json`));
    expect(result.resumedFromStep).toBeGreaterThan(0);

    // the same task run straight through (embedded) gives the same curves
    const straight = tmp('ionsweep-array-straight-');
    expect(runCli(['run', TINY, '--out', straight], { timeoutMs: 120_000 }).code).toBe(0);
    const [row] = queryStore<{ result_json: string }>(
      straight,
      'SELECT result_json FROM results WHERE task_id = ?',
      id,
    );
    expect(result.curves).toEqual(JSON.parse(row.result_json).curves);
  }, 180_000);
});

describe('ionsweep slurm', () => {
  // submitted to a real Slurm in test/cluster/slurm.test.ts
  it('prints a valid submission: an array of the unstored tasks and a collect job after it', () => {
    const dir = tmp('ionsweep-array-slurm-');
    const r = runCli([
      'slurm',
      TINY,
      '--out',
      dir,
      '--partition',
      'short',
      '--time',
      '02:00:00',
      '--throttle',
      '3',
      '--account',
      'glass',
      '--cpus-per-task',
      '2',
      '--setup',
      'module load nodejs/22',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const script = r.stdout;
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
    for (const line of [
      '#SBATCH --array=0-7%3',
      '#SBATCH --partition=short',
      '#SBATCH --account=glass',
      '#SBATCH --time=02:00:00',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --requeue',
      '#SBATCH --signal=B:USR1@300',
      'module load nodejs/22',
      `--dependency=afterany:"$array_job"`,
    ])
      expect(script).toContain(line);
    expect(script).toMatch(/ionsweep\.js run \S+tiny\.yaml --out \S+ --task "\$SLURM_ARRAY_TASK_ID"/);
    expect(script).toMatch(/ionsweep\.js collect \S+tiny\.yaml --out \S+\n/);

    // after two tasks are stored, the array holds only the rest
    expect(runCli(['run', TINY, '--out', dir, '--task', '0']).code).toBe(0);
    expect(runCli(['run', TINY, '--out', dir, '--task', '3']).code).toBe(0);
    expect(runCli(['slurm', TINY, '--out', dir]).stdout).toContain('#SBATCH --array=1-2,4-7\n');

    const bad = runCli(['slurm', TINY, '--out', dir, '--time', 'two hours']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--time: expected Slurm's time syntax/);
  });
});
