import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tinySweep } from '../helpers/sweeps.js';
import { killSweepAfterCheckpoints } from '../helpers/kill.js';
import { queryStore } from '../helpers/store.js';

const TINY = `${ROOT}examples/sweeps/tiny.yaml`;
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const results = (dir: string) => readFileSync(join(dir, 'results.json'), 'utf8');

/** A small tmpfs to fill up, where this process may mount one (root in a container that allows it). */
function smallDisk(): { dir: string; grow(): void; remove(): void } | null {
  const dir = tmp('ionsweep-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=700k', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return {
    dir,
    grow: () => execFileSync('mount', ['-o', 'remount,size=64m', dir]),
    remove: () => execFileSync('umount', [dir]),
  };
}

/** Whether smallDisk() can work here (mounts and unmounts one). */
function canMountTmpfs(): boolean {
  const disk = smallDisk();
  disk?.remove();
  return disk !== null;
}

describe('ionsweep run (embedded mode)', () => {
  const first = tmp('ionsweep-sweep-');
  const run1 = runCli(['run', TINY, '--out', first], { timeoutMs: 120_000 });

  it('runs the tiny sweep and writes results.json, results.csv and the plots', () => {
    expect(run1.code, run1.stderr).toBe(0);
    expect(run1.stderr).toMatch(/sweep tiny \([0-9a-f]{16}\): 8 tasks run, 0 reused/);
    expect(readdirSync(first).sort()).toEqual(
      expect.arrayContaining([
        'activation.svg',
        'arrhenius.svg',
        'checkpoints',
        'conductivity.svg',
        'diffusivity.svg',
        'ionsweep.db',
        'results.csv',
        'results.json',
      ]),
    );
    const r = JSON.parse(results(first));
    expect(r.points).toHaveLength(4);
    for (const p of r.points) {
      expect(p).toMatchObject({ x: 0.1, replicas: 2 });
      expect(Object.keys(p.counts)).toEqual(['Na', 'Si', 'S']);
      for (const k of ['sigma_self', 'sigma_self_err', 'sigma_full', 'sigma_full_err', 'haven_ratio'])
        expect(Number.isFinite(p[k])).toBe(true);
      for (const sp of ['Na', 'Si', 'S']) expect(p.species[sp].D).toBeGreaterThan(0);
    }
    expect(r.arrhenius).toHaveLength(2);
    // m_c(0.1) = 28/9, rounded; per-species σ_self and the distinct parts add up
    expect(r.arrhenius[0].m_c).toBe(3.111111111);
    for (const p of r.points) {
      const parts = Object.values(p.species as Record<string, { sigma_self: number }>).reduce(
        (a, s) => a + s.sigma_self,
        0,
      );
      expect(parts).toBeCloseTo(p.sigma_self, 10);
      expect(p.sigma_distinct['Na-S'].mean).toEqual(expect.any(Number));
      expect(p.species.Na.diffusive).toEqual(expect.any(Boolean));
    }
    expect(readFileSync(join(first, 'arrhenius.svg'), 'utf8')).toMatch(/1000 \/ T/);
    // one colour per species (Si and S apart), one dash pattern per temperature (the second dashed)
    const d = readFileSync(join(first, 'diffusivity.svg'), 'utf8');
    const stroke = (name: string) => new RegExp(`stroke="([^"]+)"[^>]*/><text[^>]*>${name}</text>`).exec(d)?.[1];
    expect(new Set([stroke('Na, 2000 K'), stroke('Si, 2000 K'), stroke('S, 2000 K')]).size).toBe(3);
    expect(d).toMatch(/stroke-dasharray="7 3"\/><text[^>]*>Na, 2500 K</);
    for (const a of r.arrhenius) for (const k of ['D_Na', 'sigma']) expect(Number.isFinite(a[k].EA_eV)).toBe(true);
    expect(readFileSync(join(first, 'results.csv'), 'utf8').split('\n')[0]).toMatch(
      /^x,m,temperature_K,replicas,D_Na_cm2_s,D_Na_err,D_Na_lo,D_Na_hi,beta_Na,diffusive_Na,sigma_self_Na_S_cm,/,
    );
  });

  it('stores every task’s result exactly once; running again runs nothing new', () => {
    const rows = queryStore<{ task_id: string }>(first, 'SELECT task_id FROM results');
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.task_id)).size).toBe(8);
    expect(queryStore<{ n: number }>(first, "SELECT COUNT(*) AS n FROM task_state WHERE state = 'done'")[0].n).toBe(8);
    const again = runCli(['run', TINY, '--out', first], { timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/0 tasks run, 8 reused/);
    expect(results(first)).toBe(readFileSync(join(first, 'results.json'), 'utf8'));
  }, 90_000);

  it('gives identical numbers with 1 and 2 worker threads (same seeds)', () => {
    const one = tmp('ionsweep-sweep1-');
    expect(runCli(['run', TINY, '--out', one, '--threads', '1'], { timeoutMs: 120_000 }).code).toBe(0);
    expect(results(one)).toBe(results(first));
  }, 150_000); // the whole tiny sweep on one thread: not within the 30 s default on a loaded machine

  it('threads_per_task: each task’s simulation on 2 threads; not part of a task’s identity', () => {
    // the same tasks as tiny: all reused
    const same = tinySweep('tiny', { 'threads: 2': 'threads: 2\nthreads_per_task: 2' });
    expect(runCli(['run', same, '--out', first], { timeoutMs: 60_000 }).stderr).toMatch(/0 tasks run, 8 reused/);
    // one task of 2000 atoms (a thread needs at least 1000)
    const file = tinySweep('tiny-threads', {
      'atoms: 210': 'atoms: 2000',
      'm: [2.0, 4.0]': 'm: [2.0]',
      'temperatures: [2000, 2500]': 'temperatures: [2000]',
      'replicas: 2': 'replicas: 1',
      'threads: 2': 'threads: 2\nthreads_per_task: 2',
    });
    const dir = tmp('ionsweep-sweep-tpt-');
    const r = runCli(['run', file, '--out', dir], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const stored = queryStore<{ result_json: string }>(dir, 'SELECT result_json FROM results');
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0].result_json)).toMatchObject({ kernel: 'wasm', threads: 2 });
  }, 150_000);

  it('a sweep killed mid-way completes on the next run, resuming from checkpoints, with the same results', async () => {
    const dir = tmp('ionsweep-sweepkill-');
    await killSweepAfterCheckpoints(TINY, dir);
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
    const r = runCli(['run', TINY, '--out', dir], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(results(dir)).toBe(results(first));
  }, 180_000);

  it('refuses a broken sweep file with its line', () => {
    const dir = tmp('ionsweep-badsweep-');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(TINY, 'utf8').replace('replicas: 2', 'replicas: -1'));
    const r = runCli(['run', bad, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ionsweep: .*bad\.yaml:\d+: replicas: must be >= 1, got -1/);
  });

  // needs `mount` (root, and a container that permits tmpfs); elsewhere it is skipped
  it.skipIf(!canMountTmpfs())('reports a full disk by file and reason, and resumes once there is room', () => {
    const disk = smallDisk();
    try {
      const out = join(disk!.dir, 'out');
      const full = runCli(['run', TINY, '--out', out], { timeoutMs: 120_000 });
      expect(full.code).toBe(1);
      expect(full.stderr).toMatch(
        /\nionsweep: cannot write .*out\/checkpoints\/[0-9a-f]+\.ckpt: no space left on the device\n$/,
      );
      disk!.grow();
      const again = runCli(['run', TINY, '--out', out], { timeoutMs: 120_000 });
      expect(again.code, again.stderr).toBe(0);
      const reference = tmp('ionsweep-ref-');
      expect(runCli(['run', TINY, '--out', reference], { timeoutMs: 120_000 }).code).toBe(0);
      expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(
        readFileSync(join(reference, 'results.json'), 'utf8'),
      );
    } finally {
      disk!.remove();
    }
  });

  it('adaptive replicas: points get more until their D_Na interval meets the target or max; a rerun runs nothing', () => {
    const sweep = tinySweep('adaptive', {
      'seed: 1': 'seed: 5',
      'replicas: 2': 'replicas: { min: 2, max: 4, target: { quantity: D_Na, rel_ci95: 0.5 } }',
    });
    const out = tmp('ionsweep-adaptive-');
    const r = runCli(['run', sweep, '--out', out], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(results(out));
    const ran = Number(/: (\d+) tasks run, 0 reused/.exec(r.stderr)?.[1]);
    expect(ran).toBe(res.points.reduce((a: number, p: { replicas: number }) => a + p.replicas, 0));
    expect(ran).toBeGreaterThan(8); // some point needed more than its 2
    for (const p of res.points) {
      expect(p.replicas).toBeGreaterThanOrEqual(2);
      expect(p.replicas).toBeLessThanOrEqual(4);
      expect(p.adaptive).toMatchObject({ quantity: 'D_Na', target_rel_ci95: 0.5 });
      if (p.adaptive.stopped === 'target met') expect(p.adaptive.rel_ci95).toBeLessThanOrEqual(0.5);
      else expect(p).toMatchObject({ replicas: 4, adaptive: { stopped: 'max replicas' } });
    }
    const again = runCli(['run', sweep, '--out', out], { timeoutMs: 120_000 });
    expect(again.stderr).toMatch(new RegExp(`: 0 tasks run, ${ran} reused`));
    expect(results(out)).toBe(JSON.stringify(res, null, 2) + '\n');
  });

  it('refuses an output directory it cannot create before doing any work', () => {
    const dir = tmp('ionsweep-blocked-');
    writeFileSync(join(dir, 'file'), 'in the way');
    const r = runCli(['run', TINY, '--out', join(dir, 'file', 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ionsweep: --out: cannot create or write '.*file\/out': a file is in the way\n$/);
    expect(r.stderr).not.toMatch(/sweep\s+\d/); // no progress: nothing ran
  });
});
