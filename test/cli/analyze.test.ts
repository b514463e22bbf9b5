import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { brownian } from '../helpers/brownian.js';

type Style = 'unwrapped' | 'image-flags' | 'wrapped';

/** A LAMMPS dump of a synthetic trajectory (types: 1 = Na, 2 = S), every frame 100 steps apart. */
function writeDump(file: string, b: ReturnType<typeof brownian>, box: number, style: Style, shuffle = false): void {
  const out: string[] = [];
  const n = b.config.ids.length;
  b.frames.forEach((f, t) => {
    out.push(
      'ITEM: TIMESTEP',
      String(100 * t),
      'ITEM: NUMBER OF ATOMS',
      String(n),
      'ITEM: BOX BOUNDS pp pp pp',
      `0 ${box}`,
      `0 ${box}`,
      `0 ${box}`,
    );
    out.push(
      style === 'unwrapped'
        ? 'ITEM: ATOMS id type xu yu zu'
        : style === 'image-flags'
          ? 'ITEM: ATOMS id type x y z ix iy iz'
          : 'ITEM: ATOMS id type x y z',
    );
    const order = Array.from({ length: n }, (_, i) => (shuffle ? n - 1 - i : i));
    for (const i of order) {
      const r = [0, 1, 2].map((d) => f[3 * i + d]);
      const img = r.map((v) => Math.floor(v / box));
      const w = r.map((v, d) => v - img[d] * box);
      const cols = style === 'unwrapped' ? r : style === 'image-flags' ? [...w, ...img] : w;
      out.push(`${b.config.ids[i]} ${b.config.species[i] + 1} ${cols.join(' ')}`);
    }
  });
  writeFileSync(file, out.join('\n') + '\n');
}

const spec = {
  pairs: 30,
  frames: 300,
  dtPs: 0.1,
  box: 25,
  q: 0.6,
  dCommon: 0.02,
  dCation: 0.05,
  dAnion: 0.01,
  temperature: 1500,
};
const args = [
  '--dt-fs',
  '1',
  '--temperature',
  '1500',
  '--charges',
  'Na=0.6,S=-0.6',
  '--types',
  'Na,S',
  '--format',
  'json',
];

describe('ionsweep analyze', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-analyze-'));
  const replicas = [1, 2, 3].map((seed) => brownian({ ...spec, seed }));

  it('reads unwrapped, image-flag and wrapped dumps to the same answer', () => {
    const results = (['unwrapped', 'image-flags', 'wrapped'] as Style[]).map((style) => {
      const files = replicas.map((b, k) => {
        const f = join(dir, `${style}-${k}.lammpstrj`);
        writeDump(f, b, spec.box, style, k === 1);
        return f;
      });
      const r = runCli(['analyze', ...files.flatMap((f) => ['--dump', f]), ...args]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    });
    for (const r of results.slice(1)) {
      expect(r.species.Na.D).toBeCloseTo(results[0].species.Na.D, 15);
      expect(r.sigma_full).toBeCloseTo(results[0].sigma_full, 12);
    }
  });

  it('prints the documented JSON with units cm²/s, S/cm, Å³, ps and recovers the truth', () => {
    const files = replicas.map((_, k) => join(dir, `unwrapped-${k}.lammpstrj`));
    const plot = join(dir, 'msd.svg');
    const r = runCli(['analyze', ...files.flatMap((f) => ['--dump', f]), ...args, '--plot', plot]);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ temperature: 1500, volume: 15625, replicas: 3 });
    expect(out.fit_window_ps).toHaveLength(2);
    for (const key of ['sigma_self', 'sigma_self_err', 'sigma_full', 'sigma_full_err', 'haven_ratio'])
      expect(typeof out[key]).toBe('number');
    expect(Object.keys(out.species).sort()).toEqual(['Na', 'S']);
    const truth = replicas[0].truth;
    // the dump's frame interval comes from its timesteps (100 steps × 1 fs = 0.1 ps)
    expect(Math.abs(out.species.Na.D - truth.D.Na)).toBeLessThan(4 * out.species.Na.D_err);
    expect(Math.abs(out.sigma_self - truth.sigmaSelf)).toBeLessThan(4 * out.sigma_self_err);
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/mean squared displacement/);
    // the fitted lines (dashed) and the β(t) panel with its ±0.1 band
    expect(svg).toMatch(/local slope β\(t\)/);
    expect(svg.match(/stroke-dasharray="4 3"/g)?.length).toBeGreaterThanOrEqual(4);
    // the curves as CSV beside the plot: one row per lag, as many as the dump's frames
    const csv = readFileSync(join(dir, 'msd.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('t_ps,msd_Na_A2,msd_S_A2,self_charge_e2A2,collective_e2A2,origins');
    expect(csv).toHaveLength(1 + spec.frames);
    expect(Number(csv[2].split(',')[0])).toBeCloseTo(0.1, 12);
  });

  it.each([
    [['--charges', 'Na=0.6'], /^ionsweep: --charges: no charge for species 'S'/],
    [['--temperature', '0'], /^ionsweep: --temperature: must be > 0 K/],
    [['--types', 'Na'], /^ionsweep: --types: the dump has type 2; --types names only 1/],
    [['--fit-window', '3:1'], /^ionsweep: --fit-window: need 0 <= t0 < t1/],
    [['--types', 'Na,s'], /^ionsweep: --types: 's' is not an element symbol/],
    [
      ['--charges', 'Na=0.6,S=-0.5'],
      /^ionsweep: --charges: the system is not neutral: 30 Na × 0\.6 \+ 30 S × -0\.5 = 3 e/,
    ],
    [
      ['--fit-window', '5:40'],
      /^ionsweep: --fit-window: 5:40 ps is beyond the data: lags with enough time origins span 0\.1–15 ps/,
    ],
  ])('refuses %j with one line', (extra, re) => {
    const f = join(dir, 'unwrapped-0.lammpstrj');
    const base = [
      'analyze',
      '--dump',
      f,
      '--dt-fs',
      '1',
      '--temperature',
      '1500',
      '--charges',
      'Na=0.6,S=-0.6',
      '--types',
      'Na,S',
    ];
    const merged = [...base];
    for (let k = 0; k < extra.length; k += 2) {
      const at = merged.indexOf(extra[k]);
      if (at >= 0) merged[at + 1] = extra[k + 1];
      else merged.push(extra[k], extra[k + 1]);
    }
    const r = runCli(merged);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(re);
  });

  it('reads gzipped dumps, averages a changing box volume with a note, and errs from one dump by groups of atoms', () => {
    const plain = join(dir, 'unwrapped-0.lammpstrj');
    const gz = join(dir, 'unwrapped-0.lammpstrj.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = runCli(['analyze', '--dump', plain, ...args]);
    const b = runCli(['analyze', '--dump', gz, ...args]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    // one replica: D and σ_self carry errors from 8 groups of atoms, σ_full none
    const one = JSON.parse(a.stdout);
    expect(one.errors_from).toBe('atom-groups');
    expect(one.species.Na.D_err).toBeGreaterThan(0);
    expect(one.species.Na.D_ci95[0]).toBeGreaterThan(0);
    expect(one.sigma_self_ci95[0]).toBeGreaterThan(0);
    expect(one.sigma_full_ci95).toBeNull();
    // a box that breathes (NPT): σ uses the mean volume, and says so
    const npt = join(dir, 'npt.lammpstrj');
    let frame = 0;
    writeFileSync(
      npt,
      readFileSync(plain, 'utf8').replace(/ITEM: BOX BOUNDS pp pp pp\n0 25\n0 25\n0 25/g, () => {
        const L = 25 + (frame++ % 2 === 0 ? 0.5 : -0.5);
        return `ITEM: BOX BOUNDS pp pp pp\n0 ${L}\n0 ${L}\n0 ${L}`;
      }),
    );
    const c = runCli(['analyze', '--dump', npt, ...args]);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(
      /note: the box volume changes across frames \(14706\.1–16581\.4 Å³, NPT\?\); σ uses the mean, 15643\.8 Å³/,
    );
    expect(JSON.parse(c.stdout).volume).toBeCloseTo((24.5 ** 3 + 25.5 ** 3) / 2, 6);
  });

  it('names the line of a broken dump', () => {
    const f = join(dir, 'broken.lammpstrj');
    writeFileSync(
      f,
      readFileSync(join(dir, 'unwrapped-0.lammpstrj'), 'utf8').replace(
        /^(ITEM: ATOMS id type xu yu zu\n1 1) \S+/m,
        '$1 abc',
      ),
    );
    const r = runCli(['analyze', '--dump', f, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ionsweep: .*broken\.lammpstrj:10: coordinate: expected a number, got 'abc'/);
  });
});
