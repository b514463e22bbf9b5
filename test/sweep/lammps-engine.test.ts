/**
 * `engine: lammps`: each task's protocol written as a LAMMPS input, run by the real `lmp`, its
 * dump analysed by ionsweep. Checked: the input says what the protocol says, sweeps run end to
 * end (embedded and array mode), the physics agrees with ionsweep's own engine within the
 * statistics, and a missing or failing LAMMPS is a clear error.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseForceField, parseSweep, planSweep, totalSteps } from '@ionsweep/shared';
import { initialConfiguration, lammpsTaskInput, type TaskResult } from '@ionsweep/node-agent';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tinySweep } from '../helpers/sweeps.js';
import { queryStore } from '../helpers/store.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const withLammps = (name: string, edits: Record<string, string> = {}, lammps = '') =>
  tinySweep(name, { 'threads: 2': `threads: 2\nengine: lammps\n${lammps}`, ...edits });

function storedResults(dir: string): TaskResult[] {
  return queryStore<{ result_json: string }>(dir, 'SELECT result_json FROM results').map(
    (r) => JSON.parse(r.result_json) as TaskResult,
  );
}

describe('engine: lammps', () => {
  it('writes the protocol as a LAMMPS input: data, pair styles, relax, stages, thermostats, dump', () => {
    const file = withLammps('lmp-input');
    const sweep = parseSweep(readFileSync(file, 'utf8'), file);
    expect(sweep.engine).toBe('lammps');
    const ff = parseForceField(readFileSync(`${ROOT}examples/forcefields/ns-buck-2026.yaml`, 'utf8'));
    const [spec] = planSweep(sweep, ff).specs.values();
    expect(spec.lammps).toEqual({ binary: 'lmp', args: [], mpi: [] });
    const job = lammpsTaskInput(spec, initialConfiguration(spec), false);
    const lines = job.input.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'read_data start.data',
        'pair_style born/coul/dsf 0.25 7 7',
        'min_style fire',
        'minimize 0.0 2 200 2000',
        'timestep 0.001',
        'fix dyn all nvt temp 2500 2500 0.05',
        'dump samples all custom 20 production.dump id type xu yu zu',
      ]),
    );
    // the runs add up to the protocol; the csvr melt falls back to nvt on a LAMMPS without it, and says so
    const runs = lines.filter((l) => l.startsWith('run ')).map((l) => Number(l.slice(4)));
    expect(runs.reduce((a, b) => a + b, 0)).toBe(totalSteps(spec.protocol));
    expect(job.totalSteps).toBe(totalSteps(spec.protocol));
    expect(job.productionStart).toBe(totalSteps(spec.protocol) - runs.at(-1)!);
    expect(job.notes).toEqual(['melt: csvr run as fix nvt (this LAMMPS has no fix temp/csvr)']);
    const csvr = lammpsTaskInput(spec, initialConfiguration(spec), true).input;
    expect(csvr).toMatch(
      /fix dyn all nve\nfix thermostat all temp\/csvr 2500 2500 0\.05 \d+\nrun 500\nunfix dyn\nunfix thermostat/,
    );
    expect(Object.keys(job.files)).toEqual(['start.data']);
  });

  it('runs the tiny sweep end to end through lmp (structure included), with the LAMMPS version and input as provenance', () => {
    const out = tmp('ionsweep-lmp-tiny-');
    const structure = 'structure: { every: 100, cutoffs: { Si-S: 2.7, S-S: 2.5, Na-S: 3.4 } }';
    const r = runCli(['run', withLammps('lmp-tiny', {}, structure), '--out', out], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.points).toHaveLength(4);
    for (const p of results.points) {
      expect(p.species.Na.D).toBeGreaterThan(0);
      // the structure of the production, from the dumped frames: r̄ ≈ 2.5 at m = 2, ≈ 1.5 at m = 4
      // (rescale-anion: no S–S bonds, the extra S hangs off the network), as ionsweep's engine gives
      expect(p.structure.qn.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 9);
      expect(Math.abs(p.structure.mean_coordination.mean - (p.m === 2 ? 2.48 : 1.52))).toBeLessThan(0.06);
    }
    const tasks = storedResults(out);
    expect(tasks).toHaveLength(8);
    for (const t of tasks) {
      expect(t.kernel).toBe('lammps');
      expect(t.samples).toBe(100);
      expect(t.lammps!.version).toMatch(/\d{4}/);
      expect(t.lammps!.input).toContain('read_data start.data');
      expect(t.lammps!.command.slice(0, 2)).toEqual(['lmp', '-in']);
      // the thermostat held the production at its temperature (210 atoms: a few per cent)
      expect(Math.abs(t.lammps!.production.temperature_K / t.temperature - 1)).toBeLessThan(0.04);
    }
  }, 240_000);

  it('agrees with ionsweep’s engine within the statistics (16 replicas each, 10 ps, 2500 K)', () => {
    const edits = {
      'm: [2.0, 4.0]': 'm: 2.0',
      'temperatures: [2000, 2500]': 'temperatures: [2500]',
      'replicas: 2': 'replicas: 16',
      'production_ps: 2': 'production_ps: 10',
    };
    const ours = tmp('ionsweep-agree-ours-');
    const theirs = tmp('ionsweep-agree-lmp-');
    expect(runCli(['run', tinySweep('agree', edits), '--out', ours], { timeoutMs: 300_000 }).code).toBe(0);
    expect(runCli(['run', withLammps('agree', edits), '--out', theirs], { timeoutMs: 300_000 }).code).toBe(0);
    const [a] = JSON.parse(readFileSync(join(ours, 'results.json'), 'utf8')).points;
    const [b] = JSON.parse(readFileSync(join(theirs, 'results.json'), 'utf8')).points;
    const z = (x: number, ex: number, y: number, ey: number) => Math.abs(x - y) / Math.hypot(ex, ey);
    for (const s of ['Na', 'Si', 'S']) {
      const [x, y] = [a.species[s], b.species[s]];
      expect(z(x.D, x.D_err, y.D, y.D_err), `D_${s}: ${x.D} ± ${x.D_err} vs ${y.D} ± ${y.D_err}`).toBeLessThan(3);
    }
    expect(z(a.sigma_self, a.sigma_self_err, b.sigma_self, b.sigma_self_err)).toBeLessThan(3);
    expect(b.charges).toEqual(a.charges);
    expect(b.volume).toBe(a.volume);
  }, 360_000);

  it('runs in array mode: run --task into a shared directory, then collect', () => {
    const file = withLammps('lmp-array');
    const dir = tmp('ionsweep-lmp-array-');
    const r = runCli(['run', file, '--out', dir, '--task', '2']);
    expect(r.code, r.stderr).toBe(0);
    const [stored] = readdirSync(join(dir, 'results'));
    const result = JSON.parse(readFileSync(join(dir, 'results', stored), 'utf8')) as TaskResult;
    expect(result.kernel).toBe('lammps');
    expect(result.temperature).toBe(2500);
    expect(runCli(['collect', file, '--out', dir, '--partial']).code).toBe(0);
  }, 120_000);

  it('a missing lmp is an input error before anything is written; a failing run names LAMMPS’s error', () => {
    const out = join(tmp('ionsweep-lmp-missing-'), 'out');
    const missing = runCli([
      'run',
      withLammps('lmp-missing', {}, 'lammps: { binary: lmp-not-installed }'),
      '--out',
      out,
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /lammps\.binary: the LAMMPS binary 'lmp-not-installed' was not found \(install LAMMPS, e\.g\. apt-get install lammps, or set lammps\.binary in the sweep\)\n$/,
    );
    expect(existsSync(out)).toBe(false);

    // a LAMMPS that stops with an error: its ERROR line is the task's failure
    const failing = runCli(['run', withLammps('lmp-failing', {}, 'lammps: { args: [-k, "on"] }'), '--out', out]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(
      /LAMMPS failed \(exit 1\): ERROR: Cannot use -kokkos on without KOKKOS installed .*\(LAMMPS input, log and data kept in \S+\)/,
    );
    const badKey = runCli([
      'run',
      tinySweep('lmp-key', { 'threads: 2': 'threads: 2\nlammps: { binary: lmp }' }),
      '--out',
      out,
    ]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/lammps: is only read with engine: lammps/);
  });
});
