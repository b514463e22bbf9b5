/**
 * `ionsweep structure` as a user runs it: on a data file and on a dump of the same frames, with
 * two atom types of one element, the JSON contract, the plots, and bad input refused with one line.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLammpsData } from '@ionsweep/shared';
import { runCli } from '../helpers/cli.js';
import { fixturePath } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ionsweep-structure-'));
const DATA = fixturePath('ns9-melt/system.data');
const conf = readLammpsData(readFileSync(DATA, 'utf8'), { types: ['Na', 'Si', 'S'] });

/** The melt as a dump of `frames` identical frames, wrapped coordinates, with S split over types 3 and 4. */
function dumpOf(frames: number, splitSulfur = false): string {
  const out: string[] = [];
  for (let t = 0; t < frames; t++) {
    out.push('ITEM: TIMESTEP', String(100 * t), 'ITEM: NUMBER OF ATOMS', String(conf.ids.length));
    out.push('ITEM: BOX BOUNDS pp pp pp', '0 42.6', '0 42.6', '0 42.6', 'ITEM: ATOMS id type x y z');
    conf.ids.forEach((id, i) => {
      const type = splitSulfur && conf.types[i] === 3 && id % 2 ? 4 : conf.types[i];
      const p = [0, 1, 2].map((d) => conf.positions[3 * i + d]);
      out.push(`${id} ${type} ${p.join(' ')}`);
    });
  }
  return out.join('\n') + '\n';
}

const json = (args: string[]) => {
  const r = runCli(['structure', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

describe('ionsweep structure', () => {
  it('gives the same answer on a data file and on a dump of its frame, whatever the sulfur types', () => {
    const dump = join(dir, 'melt.lammpstrj');
    writeFileSync(dump, dumpOf(3, true));
    const fromData = json([DATA, '--types', 'Na,Si,S', '--cutoffs', 'S-S=2.5']);
    const fromDump = json([dump, '--types', 'Na,Si,S,S', '--frames', '1:', '--cutoffs', 'S-S=2.5']);
    expect(fromDump.frames).toBe(2);
    expect(fromDump.elements).toEqual(['Na', 'Si', 'S']);
    expect(Object.keys(fromData.pairs)).toEqual(['Na-Na', 'Na-Si', 'Na-S', 'Si-Si', 'Si-S', 'S-S']);
    for (const name of Object.keys(fromData.pairs)) {
      const a = fromData.pairs[name];
      const b = fromDump.pairs[name];
      expect(b.bonds, name).toBe(a.bonds);
      expect(b.cutoff, name).toBe(a.cutoff);
      b.rdf.g.forEach((g: number, k: number) => expect(g).toBeCloseTo(a.rdf.g[k], 9));
    }
    // the JSON contract
    const siS = fromData.pairs['Si-S'];
    expect(siS).toMatchObject({ cutoff_source: 'first-min', cn: { Si: expect.any(Number), S: expect.any(Number) } });
    expect(siS.cutoff).toBeCloseTo(siS.first_min, 12);
    expect(siS.cn.Si).toBeGreaterThan(3.7);
    expect(siS.cn.Si).toBeLessThan(4.1);
    expect(siS.histogram.Si.reduce((s: number, f: number) => s + f, 0)).toBeCloseTo(1, 12);
    expect(fromData.pairs['S-S']).toMatchObject({ cutoff: 2.5, cutoff_source: 'given' });
    expect(fromData.pairs['Na-Si']).toMatchObject({ cutoff: null, cutoff_source: 'none', bonds: 0 });
    expect(fromData.angles['S-Si-S'].mean).toBeGreaterThan(105);
    expect(fromData.angles['S-Si-S'].mean).toBeLessThan(112);
    expect(fromData.constraints.x).toBeCloseTo(0.1, 12);
    expect(fromData.constraints.m).toBeCloseTo(2, 12);
    expect(fromData.sk.k.length).toBe(fromData.sk.neutron.length);
  });

  it('writes the plots and a readable table', () => {
    const plots = join(dir, 'plots');
    const r = runCli(['structure', DATA, '--types', 'Na,Si,S', '--plot', plots]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Si-S +[\d.]+ +first-min/);
    expect(r.stdout).toMatch(
      /constraints: n_c [\d.]+ per atom, f_MD -?[\d.]+; Eq\. 1 at x = 0\.1000, m = 2\.0000: f -0\.3333/,
    );
    for (const f of ['rdf.svg', 'total.svg', 'angles.svg', 'coordination.svg']) {
      expect(existsSync(join(plots, f)), f).toBe(true);
      expect(readFileSync(join(plots, f), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    }
    const csv = runCli(['structure', DATA, '--types', 'Na,Si,S', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe(
      'pair,cutoff_A,cutoff_from,bonds,cn_first,cn_second,first_peak_A,first_min_A',
    );
  });

  it('refuses bad input with one line naming the argument', () => {
    const noTypes = join(dir, 'short.lammpstrj');
    writeFileSync(noTypes, dumpOf(1));
    const noCoords = join(dir, 'nocoords.lammpstrj');
    writeFileSync(noCoords, dumpOf(1).replace('ITEM: ATOMS id type x y z', 'ITEM: ATOMS id type a b c'));
    const cases: [string[], RegExp][] = [
      [[DATA, '--types', 'Na,Si,S', '--cutoffs', 'Xx-S=2'], /--cutoffs: 'Xx' in Xx-S is not an element/],
      [[DATA, '--types', 'Na,Si,S', '--cutoffs', 'Si-S=-1'], /--cutoffs: Si-S: the cutoff must be a number >= 0/],
      [[DATA, '--types', 'Na,Si,S', '--cutoffs', 'Si:S=2'], /--cutoffs: expected A-B=cutoff/],
      [[DATA, '--types', 'Na,Si,S', '--rmax', '30'], /--rmax: 30 Å is beyond half the shortest box length/],
      [[noTypes], /--types: a dump names no elements/],
      [[noTypes, '--types', 'Na,Si,S', '--frames', '5:'], /--frames: selects no frames: the dump has 1/],
      [[noTypes, '--types', 'Na,Si,S', '--frames', '3:2'], /--frames: '3:2' selects no frames/],
      [[noTypes, '--types', 'Na,Si'], /--types: atom type 3 has no element/],
      [[noCoords, '--types', 'Na,Si,S'], /no coordinates: need xu yu zu/],
      [[join(dir, 'missing.data')], /cannot read .*no such file/],
      [[DATA, '--types', 'Na,Si,S', '--format', 'xml'], /--format: must be one of table, json, csv/],
      [[DATA, '--types', 'Na,Si,S', '--bin', '0'], /--bin: must be in \(0, 1\]/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['structure', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
