import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ATOMIC_MASS, DisplacementAccumulator, lammpsPairCommands, readLammpsDump } from '@ionsweep/shared';
import { runCli } from '../helpers/cli.js';
import { fixturePath, NS_BUCK } from '../helpers/fixtures.js';
import { runLammps, thermoRows } from '../../bench/lib/lammps.js';

describe('single-origin MSD equals LAMMPS compute msd', () => {
  it('on a LAMMPS run continued from our engine’s output data', () => {
    // our engine: a short NVT run; its final data file (with velocities and image flags) is the start
    const dir = mkdtempSync(join(tmpdir(), 'ionsweep-lmpmsd-'));
    const r = runCli([
      'md',
      'run',
      '--data',
      fixturePath('ewald/system.data'),
      '--types',
      'Na,Si,S',
      '--ensemble',
      'nvt',
      '--temperature',
      '2200',
      '--steps',
      '300',
      '--out',
      dir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const data = readFileSync(join(dir, 'final.data'), 'utf8');
    const lmp = runLammps(
      [
        'units metal',
        'atom_style charge',
        'boundary p p p',
        'read_data start.data',
        lammpsPairCommands(NS_BUCK(), ['Na', 'Si', 'S']),
        'neighbor 2.0 bin',
        'group na type 1',
        'group si type 2',
        'group s type 3',
        'compute all all msd com yes',
        'compute na na msd',
        'compute si si msd',
        'compute s s msd',
        'fix e all nve',
        'timestep 0.001',
        'dump d all custom 50 traj.lammpstrj id type xu yu zu',
        'dump_modify d format float %.17g sort id',
        'thermo 50',
        'thermo_style custom step c_all[4] c_na[4] c_si[4] c_s[4]',
        'thermo_modify format float %.15g',
        'run 1000',
      ].join('\n'),
      { 'start.data': data },
    );
    const rows = thermoRows(lmp.log);
    const traj = readLammpsDump(readFileSync(join(lmp.dir, 'traj.lammpstrj'), 'utf8'));
    expect(traj.frames.length).toBe(rows.length);
    const f0 = traj.frames[0];
    const names = ['Na', 'Si', 'S'];
    const config = {
      ids: f0.ids,
      species: Int32Array.from(f0.types, (t) => t - 1),
      speciesNames: names,
      charges: Float64Array.from(f0.types, (t) => [0.6, 2.4, -1.2][t - 1]),
      masses: Float64Array.from(f0.types, (t) => ATOMIC_MASS[names[t - 1]]),
      maxLag: traj.frames.length - 1,
      originEvery: traj.frames.length, // one origin: the first frame, as compute msd
      lagSpacing: 'linear' as const,
    };
    // LAMMPS's com yes uses the masses of the data file; ATOMIC_MASS agrees with ns-buck-2026's
    const withCom = new DisplacementAccumulator({ ...config, removeDrift: true });
    const plain = new DisplacementAccumulator({ ...config, removeDrift: false });
    for (const f of traj.frames) {
      withCom.add(f.positions, f.ids);
      plain.add(f.positions, f.ids);
    }
    const c = withCom.curves();
    const p = plain.curves();
    const n = f0.ids.length;
    rows.forEach((row, k) => {
      const all = c.msd.reduce((a, m, s) => a + m[k] * c.speciesCounts[s], 0) / n;
      expect(all).toBeCloseTo(row['c_all[4]'], 8);
      expect(p.msd[0][k]).toBeCloseTo(row['c_na[4]'], 8);
      expect(p.msd[1][k]).toBeCloseTo(row['c_si[4]'], 8);
      expect(p.msd[2][k]).toBeCloseTo(row['c_s[4]'], 8);
    });
    expect(rows.at(-1)!['c_na[4]']).toBeGreaterThan(0.5); // the ions did move
  }, 120_000);
});
