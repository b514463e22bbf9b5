/**
 * What each task leaves besides its result: final structure (LAMMPS data, extended XYZ), thermo
 * log, production trajectory, manifest. Read back by independent codes: ASE (Debian's
 * python3-ase) and LAMMPS.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchMeans } from '@ionsweep/shared';
import { runLammps, thermoRows } from '../../bench/lib/lammps.js';
import { runCli } from '../helpers/cli.js';
import { killSweepAfterCheckpoints } from '../helpers/kill.js';
import { tinySweep } from '../helpers/sweeps.js';
import { queryStore } from '../helpers/store.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const ARTIFACTS = ['final.data', 'final.extxyz', 'manifest.json', 'thermo.csv', 'trajectory.lammpstrj'];

/** One composition at 2000 K, 2 replicas: 500 melt + 250 quench + 500 equilibrate + 2000 production steps. */
const sweepFile = (name: string, extra: Record<string, string> = {}) =>
  tinySweep(name, {
    'm: [2.0, 4.0]': 'm: [2.0]',
    'temperatures: [2000, 2500]': 'temperatures: [2000]',
    'threads: 2': 'threads: 2\ndump_every: 100',
    'checkpoint_every: 500': 'checkpoint_every: 500\n  thermo_every: 50',
    ...extra,
  });

function csvRows(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [keys[k], v])));
}

const filesOf = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

describe('task artifacts', () => {
  const file = sweepFile('artifacts');
  const out = tmp('ionsweep-artifacts-');
  const run = runCli(['run', file, '--out', out], { timeoutMs: 120_000 });
  const points = run.code === 0 ? JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).points : [];
  const taskDir = (id: string) => join(out, 'artifacts', id);

  it('every task leaves its final structure, thermo log and trajectory, checked by its manifest', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(points).toHaveLength(1);
    const tasks: string[] = points[0].tasks;
    expect(tasks).toHaveLength(2);
    const means: number[] = [];
    for (const id of tasks) {
      expect(readdirSync(taskDir(id)).sort()).toEqual(ARTIFACTS);
      const manifest = JSON.parse(readFileSync(join(taskDir(id), 'manifest.json'), 'utf8'));
      expect(manifest.task).toBe(id);
      for (const f of manifest.files) {
        const bytes = readFileSync(join(taskDir(id), f.name));
        expect(bytes.length).toBe(f.bytes);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      }
      // every thermo row of every stage: 3250 steps, a row every 50
      const rows = csvRows(join(taskDir(id), 'thermo.csv'));
      expect(rows).toHaveLength(65);
      expect(rows.at(-1)!.step).toBe('3250');
      expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(['melt', 'quench', 'equilibrate', 'production']));
      // the result's production means are those of the log's production rows, with errors
      const result = JSON.parse(
        queryStore<{ result_json: string }>(out, 'SELECT result_json FROM results WHERE task_id = ?', id)[0]
          .result_json,
      );
      const pressure = rows.filter((r) => r.stage === 'production').map((r) => Number(r.pressure_bar));
      expect(result.thermo.rows).toBe(40);
      expect(result.thermo.pressure_bar.mean).toBeCloseTo(batchMeans(pressure).mean, 6);
      expect(result.thermo.pressure_bar.err).toBeGreaterThan(0);
      expect(result.thermo.density_g_cm3.mean).toBeCloseTo(1.95, 6);
      expect(result.thermo.temperature_K.mean).toBeGreaterThan(1800);
      expect(result.thermo.temperature_K.mean).toBeLessThan(2200);
      expect(result.artifacts.map((a: { name: string }) => a.name).sort()).toEqual(
        ARTIFACTS.filter((n) => n !== 'manifest.json'),
      );
      means.push(result.thermo.pressure_bar.mean);
    }
    expect(points[0].pressure_bar.mean).toBeCloseTo((means[0] + means[1]) / 2, 6);
    expect(readFileSync(join(out, 'results.csv'), 'utf8').split('\n')[0]).toContain(
      ',density_err,pressure_bar,pressure_err,potential_eV_per_atom',
    );
  });

  it('ASE reads the extended XYZ, the data file and the trajectory; they agree with each other', () => {
    const dir = taskDir(points[0].tasks[0]);
    const script = `
import json, sys, numpy as np, ase.io
d = sys.argv[1]
x = ase.io.read(d + '/final.extxyz')
data = ase.io.read(d + '/final.data', format='lammps-data', style='charge', sort_by_id=True)
traj = ase.io.read(d + '/trajectory.lammpstrj', index=':', format='lammps-dump-text')
print(json.dumps({
  'atoms': len(x), 'formula': x.get_chemical_formula(), 'pbc': bool(x.pbc.all()),
  'cell': x.cell.lengths().tolist(), 'data_atoms': len(data), 'data_cell': data.cell.lengths().tolist(),
  'positions_differ': float(np.abs(x.positions - data.positions).max()),
  'frames': len(traj), 'frame_atoms': len(traj[0]),
}))`;
    const r = spawnSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a).toMatchObject({ atoms: 210, data_atoms: 210, pbc: true, frames: 20, frame_atoms: 210 });
    expect(a.formula).toMatch(/Na\d+S\d+Si\d+/);
    expect(a.data_cell[0]).toBeCloseTo(a.cell[0], 6);
    expect(a.positions_differ).toBeLessThan(1e-6);
  });

  it('LAMMPS reads the data file: same atoms, volume and temperature (velocities) as the last thermo row', () => {
    const dir = taskDir(points[0].tasks[0]);
    const last = csvRows(join(dir, 'thermo.csv')).at(-1)!;
    const { log } = runLammps(
      [
        'units metal',
        'atom_style charge',
        'read_data final.data',
        'pair_style zero 7.0',
        'pair_coeff * *',
        'thermo_style custom step atoms temp vol',
        'run 0',
      ].join('\n'),
      { 'final.data': readFileSync(join(dir, 'final.data'), 'utf8') },
    );
    const row = thermoRows(log)[0];
    expect(row.Atoms).toBe(210);
    expect(row.Volume / Number(last.volume_A3)).toBeCloseTo(1, 6);
    expect(row.Temp / Number(last.temperature_K)).toBeCloseTo(1, 5);
  });

  it('a task killed mid-way and resumed leaves the same files, byte for byte, as an uninterrupted one', async () => {
    const dir = tmp('ionsweep-artifacts-kill-');
    await killSweepAfterCheckpoints(file, dir);
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
    const again = runCli(['run', file, '--out', dir], { timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    for (const id of points[0].tasks) expect(filesOf(join(dir, 'artifacts', id))).toEqual(filesOf(taskDir(id)));
  }, 180_000);

  it('tasks run in LAMMPS leave the same files, its thermo log and final structure read back', () => {
    const lmpOut = tmp('ionsweep-artifacts-lmp-');
    const r = runCli(['run', sweepFile('artifacts-lmp', { 'seed: 1': 'seed: 1\nengine: lammps' }), '--out', lmpOut], {
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const p = JSON.parse(readFileSync(join(lmpOut, 'results.json'), 'utf8')).points[0];
    for (const id of p.tasks) {
      const dir = join(lmpOut, 'artifacts', id);
      expect(readdirSync(dir).sort()).toEqual(ARTIFACTS);
      const rows = csvRows(join(dir, 'thermo.csv'));
      expect(rows).toHaveLength(65);
      expect(rows.at(-1)).toMatchObject({ step: '3250', stage: 'production' });
      // LAMMPS's econserve: NVT production conserves it to a small fraction of the energy's swings
      const conserved = rows.filter((x) => x.stage === 'production').map((x) => Number(x.conserved_eV));
      expect(Math.max(...conserved) - Math.min(...conserved)).toBeLessThan(1);
      expect(readFileSync(join(dir, 'final.extxyz'), 'utf8').split('\n')[0]).toBe('210');
      expect(readFileSync(join(dir, 'trajectory.lammpstrj'), 'utf8').match(/ITEM: TIMESTEP/g)).toHaveLength(20);
    }
    expect(p.pressure_bar.mean).toBeGreaterThan(0);
  }, 150_000);

  it('refuses a dump_every off the production sampling, or a trajectory over its bound, naming the field', () => {
    const off = runCli([
      'run',
      sweepFile('artifacts-off', { 'dump_every: 100': 'dump_every: 30' }),
      '--out',
      tmp('x-'),
    ]);
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/dump_every: must be a multiple of the production's sample_every \(20 steps\), got 30/);
    const huge = runCli([
      'run',
      sweepFile('artifacts-huge', { 'dump_every: 100': 'dump_every: 20', 'production_ps: 2': 'production_ps: 20000' }),
      '--out',
      tmp('x-'),
    ]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/dump_every: gives 1000000 frames of 210 atoms, ≈ 9613 MiB per task; at most 128 MiB/);
  });
});
