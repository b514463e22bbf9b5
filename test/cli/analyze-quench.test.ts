/**
 * `ionsweep analyze-quench`: Tg from a thermo log. A synthetic log of known Tg checks the reading,
 * binning and fit end to end; a real constant-pressure quench of a small melt checks that md run's
 * log goes through; bad input is refused with the column or stage named.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationFromState } from '@ionsweep/node-agent';
import { Rng, writeLammpsData } from '@ionsweep/shared';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { smallSystem } from '../helpers/systems.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ionsweep-quench-'));
const HEAD =
  'step,time_ps,stage,temperature_K,potential_eV,kinetic_eV,total_eV,conserved_eV,pressure_bar,volume_A3,density_g_cm3';

/** A quench log whose V(T) and H(T) bend at `tg`, with noise. */
function syntheticLog(tg: number): string {
  const rng = new Rng(4);
  const rows = [HEAD];
  for (let k = 0; k < 800; k++) {
    const t = 3000 - (2700 * k) / 799 + 20 * rng.normal();
    const v = 9000 + 0.3 * (t - tg) + 0.6 * Math.max(0, t - tg) + 8 * rng.normal();
    const e = -3800 + 0.05 * (t - tg) + 0.05 * Math.max(0, t - tg) + 1.5 * rng.normal();
    rows.push(`${k},${k / 100},quench,${t},0,0,${e},0,0,${v},${(300 * 27.3) / v}`);
  }
  return rows.join('\n') + '\n';
}

describe('ionsweep analyze-quench', () => {
  it('recovers the Tg a synthetic quench was made with, in V(T) and H(T), and plots both', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'thermo.csv'), syntheticLog(1400));
    const r = runCli(['analyze-quench', join(dir, 'thermo.csv'), '--format', 'json', '--plot', join(dir, 'tg.svg')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const f of [out.volume, out.enthalpy]) {
      expect(f.ci95[0]).toBeLessThanOrEqual(1400);
      expect(f.ci95[1]).toBeGreaterThanOrEqual(1400);
      expect(f.ci95[1] - f.ci95[0]).toBeLessThan(300);
      expect(f.atEdge).toBe(false);
    }
    expect(out.volume.slopeLiquid / out.volume.slopeGlass).toBeCloseTo(3, 0);
    expect(out.bins).toBeGreaterThanOrEqual(38);
    expect(readFileSync(join(dir, 'tg.svg'), 'utf8')).toMatch(/Tg 1[34]\d\d K/);
    expect(runCli(['analyze-quench', join(dir, 'thermo.csv')]).stdout).toMatch(
      /^800 rows in \d+ bins of [\d.]+ K\nV\(T\) {2}Tg = \d+ K {2}\(95 %: \d+–\d+ K\)\n/,
    );
  });

  it('reads the log of a real constant-pressure quench (md run, 150 atoms, 3000 → 300 K at 500 K/ps)', () => {
    const dir = tmp();
    const { state } = smallSystem(150, 3, 6);
    writeFileSync(join(dir, 'start.data'), writeLammpsData(configurationFromState(state, 'quench start', false)));
    writeFileSync(
      join(dir, 'q.yaml'),
      [
        'timestep_fs: 1',
        'thermo_every: 20',
        'stages:',
        '  - melt: { temperature: 3000, duration_ps: 2, thermostat: npt, pdamp_ps: 0.5 }',
        '  - quench: { from: 3000, to: 300, rate_K_per_ps: 500, thermostat: npt, pdamp_ps: 0.5 }',
        '  - production: { temperature: 300, duration_ps: 0.5, thermostat: npt, sample_every: 50 }',
      ].join('\n'),
    );
    const ff = join(dir, 'ff.yaml');
    writeFileSync(
      ff,
      readFileSync(`${ROOT}examples/forcefields/ns-buck-2026.yaml`, 'utf8').replace(/cutoff: 10\.0/g, 'cutoff: 6.0'),
    );
    const md = runCli(['md', 'run', '--data', join(dir, 'start.data'), '--forcefield', ff, '--protocol', join(dir, 'q.yaml'), '--out', join(dir, 'run')], { timeoutMs: 120_000 }); // prettier-ignore
    expect(md.code, md.stderr).toBe(0);
    const r = runCli(['analyze-quench', join(dir, 'run', 'thermo.csv'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows).toBe(270);
    expect(out.volume.tg).toBeGreaterThan(300);
    expect(out.volume.tg).toBeLessThan(3000);
    // the glass expands on heating; 150 atoms quenched in 5 ps say little more (a smoke test of
    // the log's path: the synthetic log above checks the numbers)
    expect(out.volume.expansion_glass_per_K).toBeGreaterThan(0);
    expect(out.density_g_cm3_at_lowest_T).toBeGreaterThan(1.5);
  }, 120_000);

  it('names the missing column, the stage that is not there, and too few bins', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'old.csv'),
      'step,time_ps,stage,temperature_K,total_eV,pressure_bar\n1,0,quench,3000,1,1\n',
    );
    writeFileSync(join(dir, 'thermo.csv'), syntheticLog(1400));
    const cases: [string[], RegExp][] = [
      [[join(dir, 'old.csv')], /<thermo\.csv>: .*old\.csv has no volume_A3 column/],
      [
        [join(dir, 'thermo.csv'), '--stage', 'anneal'],
        /--stage: .* has no rows of stage 'anneal' \(it has quench, or all\)/,
      ],
      [[join(dir, 'thermo.csv'), '--bin-K', '500'], /--bin-K: \d temperature bins of 500\.0 K .* need at least 8/],
    ];
    for (const [args, re] of cases) {
      const r = runCli(['analyze-quench', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
    }
  });
});
