import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseForceField } from '@ionsweep/shared';
import { compileForceField, stateFromConfiguration, placeAtoms } from '@ionsweep/node-agent';
import { ROOT } from '../helpers/fixtures.js';

const shipped = readFileSync(`${ROOT}examples/forcefields/ns-buck-2026.yaml`, 'utf8');

describe('force-field files', () => {
  it('ships ns-buck-2026 exactly as the force-field note, with provenance', () => {
    const ff = parseForceField(shipped, 'ns-buck-2026.yaml');
    expect(ff.name).toBe('ns-buck-2026');
    expect(ff.provenance.text).toMatch(/Dive et al/);
    expect(ff.provenance.citations.length).toBeGreaterThan(2);
    expect(ff.elements).toMatchObject({ Na: { charge: 0.6 }, Si: { charge: 2.4 }, S: { charge: -1.2 } });
    expect(ff.coulomb).toEqual({ method: 'dsf', alpha: 0.25, cutoff: 10, erfc: 'accurate' });
    const table = Object.fromEntries(ff.pairs.map((p) => [p.elements.join('-'), p.terms[0]]));
    expect(table['S-S']).toMatchObject({ kind: 'born', A: 110000, rho: 0.284, C: 1000, sigma: 0, D: 0 });
    expect(table['Si-S']).toMatchObject({ A: 80000, rho: 0.178, C: 0 });
    expect(table['Si-Si']).toMatchObject({ A: 2079884.45214, rho: 0.072 });
    expect(table['Na-S']).toMatchObject({ A: 2504, rho: 0.2936 });
    expect(table['Na-Si']).toMatchObject({ A: 5474616.633, rho: 0.102 });
    expect(table['Na-Na']).toMatchObject({ A: 7020145.65763, rho: 0.107 });
  });

  const broken: [string, (t: string) => string, RegExp][] = [
    [
      'ρ ≤ 0',
      (t) => t.replace('rho: 0.284', 'rho: -0.284'),
      /^ff\.yaml:\d+: pairs\.S-S\[0\]\.buckingham\.rho: must be > 0, got -0\.284/,
    ],
    ['unknown element in a pair', (t) => t.replace('Na-Na:', 'Na-K:'), /pairs\.Na-K: unknown element 'K'/],
    ['missing pair', (t) => t.replace(/ {2}Na-Na:\n.*\n/, ''), /missing pair Na-Na/],
    [
      'unknown term',
      (t) => t.replace('- buckingham: { A: 80000.0', '- lj: { A: 80000.0'),
      /must be one of \{born: …\}/,
    ],
    ['unknown key (typo)', (t) => t.replace('alpha: 0.25', 'alpah: 0.25'), /coulomb\.alpah: unknown key/],
    [
      'bad coulomb method',
      (t) => t.replace('method: dsf', 'method: pppm'),
      /coulomb\.method: must be 'dsf' or 'ewald'/,
    ],
    ['not YAML', () => 'name: [unclosed', /^ff\.yaml:\d+: not valid YAML/],
    ['negative mass', (t) => t.replace('mass: 22.98977', 'mass: -1'), /elements\.Na\.mass: must be > 0/],
  ];
  it.each(broken)('refuses %s with file:line and the field', (_, edit, re) => {
    expect(() => parseForceField(edit(shipped), 'ff.yaml')).toThrow(re);
  });

  it('reports the line of the offending value', () => {
    const text = shipped.replace('rho: 0.178', 'rho: 0');
    const line = text.split('\n').findIndex((l) => l.includes('rho: 0,')) + 1;
    expect(() => parseForceField(text, 'ff.yaml')).toThrow(new RegExp(`^ff\\.yaml:${line}: `));
  });

  const ff = parseForceField(shipped);
  const system = (counts: [string, number][], box: number, neutral = true) =>
    stateFromConfiguration(
      placeAtoms(
        { counts, box, chargeNeutrality: neutral ? 'rescale-anion' : 'refuse', seed: 1, minSeparation: 1.5 },
        ff,
      ),
    );

  it('refuses a cutoff beyond half the box', () => {
    expect(() =>
      compileForceField(
        ff,
        system(
          [
            ['Na', 2],
            ['S', 1],
          ],
          15,
        ),
      ),
    ).toThrow(/cutoff 10 Å is beyond half the box \(7\.500 Å\)/);
  });
  it('refuses elements the force field does not know', () => {
    const s = system(
      [
        ['Na', 2],
        ['S', 1],
      ],
      30,
    );
    s.typeElements[0] = 'Li';
    expect(() => compileForceField(ff, s)).toThrow(/element 'Li' of the system is not in force field 'ns-buck-2026'/);
  });
  it('refuses a non-neutral system', () => {
    const s = system(
      [
        ['Na', 2],
        ['S', 1],
      ],
      30,
    );
    s.q[0] += 0.1;
    expect(() => compileForceField(ff, s)).toThrow(/net charge of 0\.1\d* e/);
  });
  it('the builder refuses a non-neutral composition under --charge-neutrality refuse', () => {
    expect(() =>
      system(
        [
          ['Na', 1],
          ['S', 1],
        ],
        30,
        false,
      ),
    ).toThrow(/^--charge-neutrality: .*net charge of -0\.6/);
  });
});
