/**
 * Structure in sweeps: a tiny sweep with the S–S force field, the excess-anion charge scheme and a
 * `structure:` section gives each point its S–S bonds, r̄, f_MD, Qⁿ and edge sharing averaged over
 * replicas, in results.json, results.csv and the report (Fig. 2 analogue).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { floppyFraction } from '@ionsweep/shared';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tinySweep } from '../helpers/sweeps.js';

describe('a sweep that samples structure', () => {
  it('reports S–S bonds, r̄, f_MD and Qⁿ per point over replicas, in JSON, CSV and the report', () => {
    const file = tinySweep('tiny-structure', {
      '../forcefields/ns-buck-2026.yaml': join(ROOT, 'examples/forcefields/ns-ss-2026.yaml'),
      'charge_neutrality: rescale-anion': 'charge_neutrality: excess-anion',
      'temperatures: [2000, 2500]': 'temperatures: [2000]',
      'seed: 1': 'seed: 1\nstructure: { every: 100, cutoffs: { Si-S: 2.7, S-S: 2.5, Na-S: 3.4 } }',
    });
    const out = mkdtempSync(join(tmpdir(), 'ionsweep-structure-sweep-'));
    const r = runCli(['run', file, '--out', out], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.points).toHaveLength(2);
    for (const p of results.points) {
      const s = p.structure;
      expect(s.replicas).toBe(2);
      expect(s.f_eq1).toBeCloseTo(floppyFraction(p.x, p.m), 1);
      expect(s.f_md.err).toBeGreaterThanOrEqual(0);
      expect(s.qn.reduce((a: number, q: number) => a + q, 0)).toBeCloseTo(1, 9);
      // coordination and bond counts agree: each Si–S bond gives one S to one Si
      expect(s.cn['Si-S'].Si.mean).toBeCloseTo(s.bonds['Si-S'].mean / p.counts.Si, 9);
      expect(s.cn['Si-S'].Si.mean).toBeGreaterThan(1);
      expect(s.bonds['S-S'].mean).toBe(s.homopolar_bonds.mean);
      // the excess sulfur of the second type still counts as S
      expect(Object.keys(p.counts)).toEqual(['Na', 'Si', 'S']);
    }
    const [m2, m4] = results.points;
    expect(m4.structure.homopolar_bonds.mean).toBeGreaterThan(m2.structure.homopolar_bonds.mean + 5);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').split('\n')[0];
    expect(csv).toMatch(
      /,ss_bonds,ss_bonds_err,ss_bonds_apart,mean_coordination,f_md,f_md_err,f_eq1,edge_sharing_fraction$/,
    );
    const rep = runCli(['report', out, '--out', join(out, 'report')]);
    expect(rep.code, rep.stderr).toBe(0);
    const html = readFileSync(join(out, 'report', 'index.html'), 'utf8');
    expect(html).toMatch(/Structure \(Fig\. 2 analogue\)/);
    expect(html).toMatch(/S–S bonds \(Fig\. 2 analogue\)/);
  }, 240_000);
});
