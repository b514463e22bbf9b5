import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elementOf, elementsOfTypes, isSpeciesName, parseForceField } from '@ionsweep/shared';
import { assignCharges, compileForceField, stateFromConfiguration, placeAtoms } from '@ionsweep/node-agent';
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

describe('the tersoff section of a force-field file', () => {
  const text = readFileSync(`${ROOT}test/fixtures/forcefields/tersoff-ss.yaml`, 'utf8');

  it('reads a plain tersoff file: every triplet of Si and S, the inert ones with no energy', () => {
    const ff = parseForceField(text, 'tersoff-ss.yaml');
    const t = ff.manybody![0];
    expect(t.kind).toBe('tersoff');
    expect(t.form).toBe('tersoff');
    expect(t.elements).toEqual(['Si', 'S']);
    expect(t.entries).toHaveLength(8);
    expect(t.entries.find((e) => e.i === 'Si' && e.j === 'Si' && e.k === 'Si')).toMatchObject({ A: 0, B: 0, gamma: 0 });
    expect(t.entries.find((e) => e.i === 'S' && e.j === 'S' && e.k === 'S')!.B).toBeGreaterThan(0);
  });

  const broken: [string, (t: string) => string, RegExp][] = [
    [
      'a missing triplet',
      (t) => t.replace(/ {6}Si-Si-Si: inert\n/, ''),
      /missing Si-Si-Si: every triplet of Si, S needs an entry/,
    ],
    [
      'a triplet of an unknown element',
      (t) => t.replace('elements: [Si, S]', 'elements: [Si, S, Ge]'),
      /unknown element 'Ge'/,
    ],
    [
      'a stray triplet',
      (t) => t.replace('      Si-Si-Si: inert\n', '      Si-Si-Si: inert\n      Na-S-S: inert\n'),
      /Na-S-S: is not a triplet of Si, S/,
    ],
    // the first entry of the file is S-S-S: these edits change its first line of the key
    ['D ≥ R', (t) => t.replace(/ {8}R: [\d.]+\n/, '        R: 0.15\n'), /S-S-S\.D: must be below R \(0\.15\)/],
    ['m other than 1 or 3', (t) => t.replace(/ {8}m: 1\n/, '        m: 2\n'), /S-S-S\.m: must be 1 or 3/],
    ['a negative B', (t) => t.replace(/ {8}B: /, '        B: -'), /S-S-S\.B: must be >= 0/],
  ];
  it.each(broken)('refuses %s with file:line and the field', (_, edit, re) => {
    expect(() => parseForceField(edit(text), 'ff.yaml')).toThrow(re);
  });
});

describe('the tersoff/mod section', () => {
  it('reads ns-ss-2026: the species S0, and S0–S0 and S–S0 bonds that count Na, Si, S and S0', () => {
    const ff = parseForceField(readFileSync(`${ROOT}examples/forcefields/ns-ss-2026.yaml`, 'utf8'), 'ns-ss.yaml');
    expect(ff.elements.S0).toEqual({ mass: ff.elements.S.mass, charge: 0 });
    const t = ff.manybody![0];
    expect(t).toMatchObject({ form: 'tersoff/mod', elements: ['Na', 'Si', 'S', 'S0'] });
    expect(t.entries).toHaveLength(64);
    const entry = (i: string, j: string, k: string) => t.entries.find((e) => e.i === i && e.j === j && e.k === k)!;
    // network sulfur keeps ns-buck's S–S wall: no bond between two S
    for (const k of ['Si', 'S', 'S0']) expect(entry('S', 'S', k)).toMatchObject({ A: 0, B: 0 });
    expect(entry('S0', 'S0', 'S0').B).toBeGreaterThan(entry('S', 'S0', 'S0').B);
    expect(entry('S', 'S0', 'S0').A).toBe(entry('S0', 'S', 'S').A);
    // a Si neighbour counts as one neighbour, whatever its angle; a Na of a network S as one half
    expect(entry('S0', 'S0', 'Si').mod).toMatchObject({ c1: 1, c2: 0 });
    expect(entry('S', 'S0', 'Na').mod).toMatchObject({ c1: 0.5, c2: 0 });
    expect(entry('S0', 'S0', 'Na').mod).toMatchObject({ c1: 0, c2: 0 });
  });

  const text = readFileSync(`${ROOT}test/fixtures/forcefields/tersoff-ss.yaml`, 'utf8').replace(
    /^manybody:\n(?:[ #].*\n)+/m,
    [
      'manybody:',
      '  tersoff/mod:',
      '    elements: [Si, S]',
      '    entries:',
      '      S-S-S: { m: 1, lambda3: 0, h: -0.27, eta: 16, beta: 0.6, lambda2: 3.5, B: 1000, R: 3.0, D: 0.15, lambda1: 8.8, A: 9000, n: 1, c1: 1, c2: 2, c3: 1, c4: 0, c5: 0 }',
      ...['S-S-Si', 'S-Si-S', 'S-Si-Si', 'Si-S-S', 'Si-S-Si', 'Si-Si-S', 'Si-Si-Si'].map((t) => `      ${t}: inert`),
      '',
    ].join('\n'),
  );
  it("reads Kumagai's parameters (η, n and c1–c5) beside the Tersoff ones", () => {
    const t = parseForceField(text, 'mod.yaml').manybody![0];
    expect(t.form).toBe('tersoff/mod');
    expect(t.entries.find((e) => e.i === 'S' && e.j === 'S' && e.k === 'S')).toMatchObject({
      n: 1,
      beta: 0.6,
      mod: { eta: 16, c2: 2 },
    });
  });
  it('refuses a Tersoff key it does not have, and both forms at once', () => {
    expect(() => parseForceField(text.replace('eta: 16,', 'gamma: 1,'), 'mod.yaml')).toThrow(
      /S-S-S\.gamma: unknown key/,
    );
    expect(() => parseForceField(text.replace('  tersoff/mod:', '  tersoff: {}\n  tersoff/mod:'), 'mod.yaml')).toThrow(
      /give tersoff or tersoff\/mod, not both/,
    );
  });
});

describe('charge neutrality by excess anions', () => {
  const ff = parseForceField(readFileSync(`${ROOT}examples/forcefields/ns-buck-2026.yaml`, 'utf8'));
  it('keeps S at −1.2 for the 2 N_Si + N_Na/2 that the cations need; the N_Si (m − 2) excess S are a neutral second type', () => {
    // NS9 at m = 4: Na 42, Si 187, S 771 → 395 network S, 376 excess
    const { types, note } = assignCharges(
      ff,
      [
        ['Na', 42],
        ['Si', 187],
        ['S', 771],
      ],
      'excess-anion',
    );
    expect(types).toEqual([
      { element: 'Na', count: 42, charge: 0.6 },
      { element: 'Si', count: 187, charge: 2.4 },
      { element: 'S', count: 395, charge: -1.2 },
      { element: 'S', count: 376, charge: 0 },
    ]);
    expect(note).toMatch(/excess-anion: 395 S keep q = -1\.2; the 376 excess S are type 4 with q = 0/);
    const conf = placeAtoms(
      {
        counts: [
          ['Na', 42],
          ['Si', 187],
          ['S', 771],
        ],
        box: 29.54,
        chargeNeutrality: 'excess-anion',
        seed: 1,
        minSeparation: 1.8,
      },
      ff,
    );
    expect(conf.typeElements).toEqual(['Na', 'Si', 'S', 'S']);
    expect(conf.charges.reduce((a, q) => a + q, 0)).toBeCloseTo(0, 9);
  });
  it('puts the rest of the charge on the excess type when N_Na is odd, and rescales a system with no excess', () => {
    const odd = assignCharges(
      ff,
      [
        ['Na', 41],
        ['Si', 187],
        ['S', 771],
      ],
      'excess-anion',
    ).types;
    const total = odd.reduce((a, t) => a + t.count * t.charge, 0);
    expect(total).toBeCloseTo(0, 12);
    expect(odd[3].count).toBe(771 - 394);
    // no excess (m ≤ 2): every anion is a network anion, rescaled as rescale-anion would
    const none = assignCharges(ff, [['Na', 67], ['Si', 300], ['S', 633]], 'excess-anion'); // prettier-ignore
    expect(none.types).toHaveLength(3);
    expect(none.note).toMatch(/^excess-anion \(no excess anions, so rescaled\): q\(S\) -1\.2 → -1\.2009/);
  });
});

describe('species of an element (S0 beside S)', () => {
  const nsSs = readFileSync(`${ROOT}examples/forcefields/ns-ss-2026.yaml`, 'utf8');
  const ns9m4: [string, number][] = [
    ['Na', 42],
    ['Si', 187],
    ['S', 771],
  ];
  it('are named by an element and a suffix from a digit or _, and count as that element', () => {
    expect(['S0', 'S_chain', 'Si', 'Na', 'S'].map(elementOf)).toEqual(['S', 'S', 'Si', 'Na', 'S']);
    expect(['S0', 'S_2', 'Si'].every(isSpeciesName)).toBe(true);
    expect(['s0', '0S', 'S-0', 'Sulfur', ''].some(isSpeciesName)).toBe(false);
    expect(() => parseForceField(nsSs.replace('  S0: {', '  S-0: {'), 'ff.yaml')).toThrow(
      /elements\.S-0: is not an element symbol \(e\.g\. Na, Si, S\) or a species of one/,
    );
    // the analysis counts types by element: Na, Si, S and S0 are three elements
    const { elements, element } = elementsOfTypes(Int32Array.from([1, 2, 3, 4]), ['Na', 'Si', 'S', 'S0']);
    expect(elements).toEqual(['Na', 'Si', 'S']);
    expect([...element]).toEqual([0, 1, 2, 2]);
  });
  it('excess-anion makes the excess anions the force field’s species of that element', () => {
    const ff = parseForceField(nsSs, 'ns-ss.yaml');
    const { types, note } = assignCharges(ff, ns9m4, 'excess-anion');
    expect(types.map((t) => [t.element, t.count, t.charge])).toEqual([
      ['Na', 42, 0.6],
      ['Si', 187, 2.4],
      ['S', 395, -1.2],
      ['S0', 376, 0],
    ]);
    expect(note).toMatch(/the 376 excess S are type 4 \(species S0\) with q = 0/);
    // rescale-anion leaves S0 unused: every S is network S
    expect(assignCharges(ff, ns9m4, 'rescale-anion').types.map((t) => t.element)).toEqual(['Na', 'Si', 'S']);
  });
  it('auto chooses excess-anion when the force field has the species, rescale-anion when not', () => {
    const auto = assignCharges(parseForceField(nsSs, 'ns-ss.yaml'), ns9m4, 'auto');
    expect(auto.types.map((t) => t.element)).toEqual(['Na', 'Si', 'S', 'S0']);
    expect(auto.note).toMatch(/^auto → excess-anion: /);
    const buck = assignCharges(parseForceField(shipped, 'ns-buck.yaml'), ns9m4, 'auto');
    expect(buck.types.map((t) => t.element)).toEqual(['Na', 'Si', 'S']);
    expect(buck.note).toMatch(/^auto → rescale-anion: q\(S\) -1\.2 → /);
  });
  it('leaves the bond term out when no pair of the system’s types bonds (m = 2: no S0)', () => {
    const ff = parseForceField(nsSs, 'ns-ss.yaml');
    const compiled = (counts: [string, number][]) => {
      const spec = { counts, box: 29.54, chargeNeutrality: 'auto' as const, seed: 1, minSeparation: 1.5 };
      return compileForceField(ff, stateFromConfiguration(placeAtoms(spec, ff)));
    };
    expect(compiled(ns9m4).tersoff).not.toBeNull();
    expect(compiled([['Na', 67], ['Si', 300], ['S', 633]]).tersoff).toBeNull(); // prettier-ignore
  });
  it('refuses a force field with two species of the excess element, naming them', () => {
    const two = nsSs
      .replace(/^( {2}S0: .*)$/m, '$1\n  S_1: { mass: 32.065, charge: 0 }')
      .replace(/^pairs:\n/m, 'pairs:\n' + ['Na', 'Si', 'S', 'S0', 'S_1'].map((e) => `  ${e}-S_1: []\n`).join(''));
    const ff = parseForceField(two, 'two.yaml');
    expect(() => assignCharges(ff, ns9m4, 'excess-anion')).toThrow(
      /^--charge-neutrality: force field 'ns-ss-2026' has 2 species of S \(S0, S_1\); excess-anion needs at most one/,
    );
  });
});
