import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLammpsData } from '@ionsweep/shared';
import { BIN, runCli } from '../helpers/cli.js';
import { fixturePath, loadLammpsFixture, relativeRms, ROOT } from '../helpers/fixtures.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** Starts `ionsweep` with args and SIGKILLs it as soon as DIR/checkpoint.bin exists. */
async function killAfterFirstCheckpoint(args: string[], dir: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(dir, 'checkpoint.bin')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
}

describe('ionsweep build', () => {
  it('builds NS9 from (x, m, N) with exact counts, the box, neutral charges and a relaxation', () => {
    const out = join(tmp('ionsweep-build-'), 'ns9.data');
    const r = runCli([
      'build',
      '--x',
      '0.1',
      '--m',
      '2',
      '--atoms',
      '600',
      '--density',
      '1.95',
      '--seed',
      '3',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Na 40, Si 180, S 380; box 24\.91\d+ Å; FIRE \d+ steps/);
    const conf = readLammpsData(readFileSync(out, 'utf8'));
    expect(conf.typeElements).toEqual(['Na', 'Si', 'S']);
    expect(conf.ids.length).toBe(600);
    expect(conf.charges.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
  });

  it('builds from explicit counts with the excess sulfur as S0 (the default ns-ss-2026, auto charges)', () => {
    const out = join(tmp('ionsweep-build-'), 'm3.data');
    const r = runCli(['build', '--counts', 'Na=40,Si=90,S=300', '--box', '20', '--relax-steps', '0', '--out', out]);
    expect(r.code).toBe(0);
    const conf = readLammpsData(readFileSync(out, 'utf8'));
    expect(conf.typeElements).toEqual(['Na', 'Si', 'S', 'S0']);
    // the 180 + 20 network S that the cations need keep −1.2 e; the 100 excess S0 carry nothing
    expect(conf.types.filter((t) => t === 3)).toHaveLength(200);
    expect(conf.charges[conf.types.findIndex((t) => t === 4)]).toBe(0);
    expect(conf.title).toMatch(/auto → excess-anion/);
  });

  it('builds with ns-buck-2026 and rescales the anion charge for m ≠ 2', () => {
    const out = join(tmp('ionsweep-build-'), 'm3.data');
    const ff = join(ROOT, 'examples/forcefields/ns-buck-2026.yaml');
    const r = runCli(['build', '--counts', 'Na=40,Si=90,S=300', '--box', '20', '--relax-steps', '0', '--forcefield', ff, '--out', out]); // prettier-ignore
    expect(r.code).toBe(0);
    const conf = readLammpsData(readFileSync(out, 'utf8'));
    const qS = conf.charges[conf.types.findIndex((t) => t === 3)];
    expect(qS).toBeCloseTo(-(40 * 0.6 + 90 * 2.4) / 300, 12);
    expect(conf.title).toMatch(/auto → rescale-anion/);
  });

  it.each([
    [
      ['--counts', 'Na=40,Si=90,S=300', '--box', '20', '--charge-neutrality', 'refuse'],
      /^ionsweep: --charge-neutrality: .*net charge/,
    ],
    [['--x', '0.1', '--m', '1', '--atoms', '100', '--box', '20'], /^ionsweep: --m: 1 is outside the allowed range/],
    [['--counts', 'Na=40,Xx=3', '--box', '20'], /^ionsweep: --counts: /],
    [['--counts', 'Na=4,S=2', '--box', '-1'], /^ionsweep: --box: must be a positive length/],
    [['--counts', 'Na=400,S=200', '--box', '8'], /^ionsweep: --min-separation: /],
  ])('refuses bad input %j with one line and exit 2', (args, re) => {
    const r = runCli(['build', ...args, '--out', join(tmp('ionsweep-bad-'), 'x.data')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(re);
  });
});

describe('ionsweep md single-point', () => {
  it('prints energy, terms, forces by atom id, virial and pressure as JSON equal to LAMMPS', () => {
    const ref = loadLammpsFixture('ns9-melt');
    const r = runCli([
      'md',
      'single-point',
      '--data',
      fixturePath('ns9-melt/system.data'),
      '--types',
      'Na,Si,S',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(
      expect.arrayContaining(['energy', 'energy_terms', 'forces', 'virial', 'pressure']),
    );
    expect(out.forces).toHaveLength(3000);
    expect(relativeRms(out.forces, ref.forces)).toBeLessThan(1e-9);
    expect(out.energy).toBeCloseTo(ref.pe, 6);
  });

  it('names the missing type mapping', () => {
    const r = runCli(['md', 'single-point', '--data', fixturePath('ns9-melt/system.data')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/type 1 has no element: add a Masses comment .* or pass --types/);
  });
});

describe('ionsweep md run', () => {
  const data = fixturePath('ewald/system.data');
  const base = [
    'md',
    'run',
    '--data',
    data,
    '--types',
    'Na,Si,S',
    '--ensemble',
    'csvr',
    '--temperature',
    '1500',
    '--steps',
    '300',
    '--thermo-every',
    '50',
    '--checkpoint-every',
    '100',
    '--dump-every',
    '100',
  ];

  it('writes final.data, thermo.csv, dump, run.json and a checkpoint', () => {
    const dir = tmp('ionsweep-run-');
    const r = runCli([...base, '--out', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([
      'checkpoint.bin',
      'dump.lammpstrj',
      'final.data',
      'run.json',
      'thermo.csv',
    ]);
    const thermo = readFileSync(join(dir, 'thermo.csv'), 'utf8').trim().split('\n');
    expect(thermo[0]).toBe(
      'step,time_ps,stage,temperature_K,potential_eV,kinetic_eV,total_eV,conserved_eV,pressure_bar,volume_A3,density_g_cm3',
    );
    expect(thermo.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([50, 100, 150, 200, 250, 300]);
    expect(readFileSync(join(dir, 'dump.lammpstrj'), 'utf8').match(/ITEM: TIMESTEP/g)).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toMatchObject({
      steps: 300,
      kernel: 'wasm',
      atoms: 600,
    });
  });

  it('a run killed mid-way and resumed ends exactly like an uninterrupted one', async () => {
    const whole = tmp('ionsweep-whole-');
    runCli([...base, '--steps', '3000', '--out', whole]);
    const dir = tmp('ionsweep-killed-');
    // start the same run, kill it once a checkpoint exists, then resume
    await killAfterFirstCheckpoint([...base, '--steps', '3000', '--out', dir], dir);
    const r = runCli([...base, '--steps', '3000', '--out', dir, '--resume']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/resuming from step \d+/);
    expect(readFileSync(join(dir, 'final.data'), 'utf8')).toBe(readFileSync(join(whole, 'final.data'), 'utf8'));
    expect(readFileSync(join(dir, 'thermo.csv'), 'utf8')).toBe(readFileSync(join(whole, 'thermo.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'dump.lammpstrj'), 'utf8')).toBe(readFileSync(join(whole, 'dump.lammpstrj'), 'utf8'));
  }, 120_000);

  it('--threads 2: a killed and resumed run on 2 threads ends exactly like an uninterrupted one on 2', async () => {
    // the 3000-atom melt: a 600-atom system gets one thread (fewer than 1000 atoms per thread)
    const melt = ['md', 'run', '--data', fixturePath('ns9-melt/system.data'), '--types', 'Na,Si,S',
      '--forcefield', join(ROOT, 'examples/forcefields/ns-buck-2026.yaml'), '--ensemble', 'nvt', '--temperature', '2000', '--steps', '600',
      '--thermo-every', '50', '--checkpoint-every', '100', '--threads', '2']; // prettier-ignore
    const whole = tmp('ionsweep-whole2-');
    expect(runCli([...melt, '--out', whole], { timeoutMs: 120_000 }).code).toBe(0);
    expect(JSON.parse(readFileSync(join(whole, 'run.json'), 'utf8'))).toMatchObject({ kernel: 'wasm', threads: 2 });
    const dir = tmp('ionsweep-killed2-');
    await killAfterFirstCheckpoint([...melt, '--out', dir], dir);
    const r = runCli([...melt, '--out', dir, '--resume'], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'final.data'), 'utf8')).toBe(readFileSync(join(whole, 'final.data'), 'utf8'));
    const small = tmp('ionsweep-small2-');
    const one = runCli([...base, '--steps', '20', '--threads', '2', '--out', small]);
    expect(one.stderr).toMatch(/note: 600 atoms: 1 thread\(s\), at least 1000 atoms each/);
    expect(JSON.parse(readFileSync(join(small, 'run.json'), 'utf8'))).toMatchObject({ threads: 1 });
    const bad = runCli([...base, '--threads', '0', '--out', tmp('ionsweep-x-')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ionsweep: --threads: must be an integer in 1\.\.64, got 0/);
  }, 240_000);

  it('--analyze --structure: the accumulators ride in the checkpoint, so a killed and resumed run reports the same', async () => {
    // NS9 at m = 3 with the default ns-ss-2026: S0 beside S, so the species sums ride along too
    const m3 = join(tmp('ionsweep-m3-'), 'm3.data');
    const built = runCli(['build', '--x', '0.1', '--m', '3', '--atoms', '600', '--density', '1.95', '--seed', '3', '--relax-steps', '300', '--out', m3]); // prettier-ignore
    expect(built.code).toBe(0);
    const args = [
      ...base.map((a) => (a === data ? m3 : a === 'Na,Si,S' ? 'Na,Si,S,S0' : a)),
      '--steps',
      '3000',
      '--analyze',
      '--sample-every',
      '10',
      '--structure',
      '--structure-every',
      '100',
    ];
    const whole = tmp('ionsweep-an-whole-');
    expect(runCli([...args, '--out', whole]).code).toBe(0);
    const dir = tmp('ionsweep-an-killed-');
    await killAfterFirstCheckpoint([...args, '--out', dir], dir);
    const r = runCli([...args, '--out', dir, '--resume']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/resuming from step \d+/);
    const a = JSON.parse(readFileSync(join(whole, 'transport.json'), 'utf8'));
    expect(a.samples).toBe(300);
    expect(readFileSync(join(dir, 'transport.json'), 'utf8')).toBe(readFileSync(join(whole, 'transport.json'), 'utf8'));
    expect(readFileSync(join(dir, 'msd.svg'), 'utf8')).toMatch(/mean squared displacement/);
    expect(readFileSync(join(dir, 'msd.csv'), 'utf8')).toMatch(/^t_ps,msd_Na_A2,msd_Si_A2,msd_S_A2,/);
    const structure = JSON.parse(readFileSync(join(whole, 'structure.json'), 'utf8'));
    expect(structure.frames).toBe(30);
    expect(structure.pairs['Si-S'].cn.Si).toBeGreaterThan(3);
    expect(structure.species.names).toEqual(['Na', 'Si', 'S', 'S0']);
    expect(structure.species.pairs['S0-S0'].bonds).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'structure.json'), 'utf8')).toBe(readFileSync(join(whole, 'structure.json'), 'utf8'));
    expect(r.stderr).toMatch(/structure: 30 frames; .*f_MD/);
  }, 120_000);

  it('writes extended XYZ with --dump-format extxyz, and refuses a dump interval off the sampling grid', () => {
    const dir = tmp('ionsweep-xyz-');
    const r = runCli([...base, '--dump-format', 'extxyz', '--out', dir]);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(dir, 'dump.extxyz'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(3 * 602);
    expect(lines[1]).toMatch(/^Lattice="24\.91\d* 0 0 0 24\.91\d* 0 0 0 24\.91\d*" .*Time=0\.1 /);
    const bad = runCli([...base, '--dump-every', '15', '--out', tmp('ionsweep-x-')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^ionsweep: --dump-every: must be a multiple of the production sampling interval \(10 steps/,
    );
  });

  it('checks --fit-window before running, not after', () => {
    const r = runCli([...base, '--steps', '100000', '--analyze', '--fit-window', '3:1', '--out', tmp('ionsweep-fw-')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ionsweep: --fit-window: need 0 <= t0 < t1, got 3:1/);
    // 300 steps of 1 fs sampled every 10: lags reach 0.15 ps
    const beyond = runCli([...base, '--analyze', '--fit-window', '0.05:5', '--out', tmp('ionsweep-fw-')]);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(
      /^ionsweep: --fit-window: 0\.05:5 ps is beyond the data: lags reach half the production, 0\.15 ps/,
    );
  });

  it('asks for what is missing', () => {
    const r = runCli([
      'md',
      'run',
      '--data',
      data,
      '--types',
      'Na,Si,S',
      '--ensemble',
      'nvt',
      '--steps',
      '10',
      '--out',
      tmp('ionsweep-x-'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ionsweep: --temperature: nvt needs a target temperature/);
  });
});
