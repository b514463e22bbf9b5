import { mkdtempSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const FIELDS = 'x m f m_c x_c p4 p3 p2 p44 p43 p42 p33 p32 p22 pSR pIS pFL f2 Ec_avg n_L mu sigma'.split(' ');

describe('ionsweep rigidity', () => {
  it("prints f ≈ 0 and m_c = 3.1111 at the NS9 threshold (the issue's acceptance check)", () => {
    const r = runCli(['rigidity', '--x', '0.1', '--m', '3.1111111', '--format', 'json']);
    expect(r.code).toBe(0);
    const records = JSON.parse(r.stdout);
    expect(records).toHaveLength(1);
    expect(Object.keys(records[0])).toEqual(FIELDS);
    expect(Math.abs(records[0].f)).toBeLessThan(1e-8);
    expect(records[0].m_c).toBeCloseTo(3.1111, 4);
  });

  it('expands ranges and lists into an m × x grid, m outer', () => {
    const r = runCli(['rigidity', '--x', '0:0.3:0.1', '--m', '2,3', '--format', 'json']);
    const records = JSON.parse(r.stdout) as { x: number; m: number }[];
    expect(records.map((p) => [p.m, p.x])).toEqual([
      [2, 0],
      [2, 0.1],
      [2, 0.2],
      [2, 0.3],
      [3, 0],
      [3, 0.1],
      [3, 0.2],
      [3, 0.3],
    ]);
  });

  it('writes CSV with every field and an empty x_c where there is no threshold', () => {
    const r = runCli(['rigidity', '--x', '0.1', '--m', '2,5', '--format', 'csv']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(FIELDS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[2].split(',')[4]).toBe('');
  });

  it('prints a readable table by default', () => {
    const r = runCli(['rigidity', '--x', '0.25', '--m', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^\s*x\s+m\s+f\s+m_c\s+x_c\s+pSR\s+pIS\s+pFL\s+f2/);
    expect(r.stdout).toContain('0.148148');
  });

  it('honours --variant literal and --energies', () => {
    const r = runCli([
      'rigidity',
      '--x',
      '0.2',
      '--m',
      '2',
      '--variant',
      'literal',
      '--energies',
      '0,0,0',
      '--format',
      'json',
    ]);
    const [p] = JSON.parse(r.stdout);
    expect(p.pFL).toBeCloseTo(0.184, 3);
    expect(p.f2).toBeCloseTo(0.0816, 4);
  });

  it('draws the Fig. 1 analogue as SVG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ionsweep-fig1-'));
    const file = join(dir, 'fig1.svg');
    const r = runCli(['rigidity', '--x', '0:0.333:0.01', '--m', '2,3,4', '--plot', file, '--format', 'csv']);
    expect(r.code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg /);
    for (const t of ['m = 2', 'm = 3', 'm = 4', 'x_c(2) = 0.200', 'x_c(3) = 0.111', 'f2, m = 3'])
      expect(svg).toContain(t);
    expect(readdirSync(dir)).toEqual(['fig1.svg']); // no temporary files left behind
  });

  const errors: [string, string[], RegExp][] = [
    ['x above 1/3', ['--x', '0.5', '--m', '2'], /^ionsweep: --x: 0\.5 is outside the allowed range \[0, 1\/3\]$/],
    ['negative x in a range', ['--x', '-0.1:0.2:0.1', '--m', '2'], /^ionsweep: --x: .*allowed range \[0, 1\/3\]$/],
    ['m below 2', ['--x', '0.1', '--m', '1.5'], /^ionsweep: --m: 1\.5 is outside the allowed range \[2, ∞\)$/],
    ['unparsable number', ['--x', '0.1', '--m', 'two'], /^ionsweep: --m: 'two' is not a number$/],
    ['non-finite number', ['--x', '0.1', '--m', '1e400'], /^ionsweep: --m: .*not a finite number$/],
    ['malformed range', ['--x', '0:0.3', '--m', '2'], /^ionsweep: --x: malformed range/],
    ['negative Ec', ['--x', '0.1', '--m', '2', '--ec', '-0.1'], /^ionsweep: --ec: must be a finite number >= 0/],
    ['kT of zero', ['--x', '0.1', '--m', '2', '--kt', '0'], /^ionsweep: --kt: must be a finite number > 0/],
    [
      'unknown variant',
      ['--x', '0.1', '--m', '2', '--variant', 'exact'],
      /^ionsweep: --variant: must be one of pairing, literal/,
    ],
    ['two energies', ['--x', '0.1', '--m', '2', '--energies', '1,2'], /^ionsweep: --energies: expected three values/],
    ['missing --m', ['--x', '0.1'], /^ionsweep: required option '--m <values>' not specified/],
    ['plot not svg', ['--x', '0.1', '--m', '2', '--plot', 'a.png'], /^ionsweep: --plot: /],
  ];
  it.each(errors)('%s → exit 2 and one line naming the argument', (_, args, re) => {
    const r = runCli(['rigidity', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
  });

  it('writes no plot when the input is bad', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ionsweep-bad-'));
    runCli(['rigidity', '--x', '0.9', '--m', '2', '--plot', join(dir, 'f.svg')]);
    expect(existsSync(join(dir, 'f.svg'))).toBe(false);
  });

  it('--help explains the value syntax and ranges', () => {
    const r = runCli(['rigidity', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('start:stop:step');
    expect(r.stdout).toContain('x in [0, 1/3]');
  });
});
