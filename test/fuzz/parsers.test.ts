import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  parseForceField,
  parseProtocol,
  parseSweep,
  readLammpsData,
  readLammpsDump,
  Rng,
} from '@ionsweep/shared';
import { fixturePath, ROOT } from '../helpers/fixtures.js';

/**
 * Mutation fuzzing: valid files, damaged at random (characters deleted, inserted, replaced; lines
 * dropped, duplicated, swapped; numbers made huge, negative, NaN; truncation). Every case must end
 * in a valid parse or an InputError that names where — never another exception, never a hang.
 */
const JUNK = [
  '',
  ' ',
  '-',
  '1e999',
  'NaN',
  'nan',
  '-0',
  '0',
  '1e-320',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '#',
  '"',
  "'",
  '\t',
  '\n',
  'null',
  '~',
  '&a',
  '*a',
  '!!binary',
  'ITEM:',
  'Atoms',
  '9999999999',
];

function mutate(text: string, rng: Rng): string {
  let s = text;
  const ops = 1 + Math.floor(rng.uniform() * 4);
  for (let k = 0; k < ops; k++) {
    const lines = s.split('\n');
    const pick = (n: number) => Math.floor(rng.uniform() * n);
    switch (pick(9)) {
      case 0: {
        const i = pick(s.length + 1);
        s = s.slice(0, i) + s.slice(i + 1 + pick(8));
        break;
      }
      case 1: {
        const i = pick(s.length + 1);
        s = s.slice(0, i) + JUNK[pick(JUNK.length)] + s.slice(i);
        break;
      }
      case 2: {
        const i = pick(s.length);
        s = s.slice(0, i) + String.fromCharCode(32 + pick(95)) + s.slice(i + 1);
        break;
      }
      case 3:
        lines.splice(pick(lines.length), 1);
        s = lines.join('\n');
        break;
      case 4: {
        const i = pick(lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join('\n');
        break;
      }
      case 5: {
        const i = pick(lines.length),
          j = pick(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      case 6:
        s = s.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, (m) => (rng.uniform() < 0.08 ? JUNK[pick(JUNK.length)] : m));
        break;
      case 7:
        s = s.slice(0, pick(s.length + 1));
        break;
      default:
        s = s.replace(/\d+/, String(-1 - pick(1000)));
    }
  }
  return s;
}

function fuzz(name: string, valid: string, parse: (text: string) => unknown, cases: number, seed: number) {
  it(`${name}: ${cases} mutated files end in a parse or a clear InputError`, () => {
    const rng = new Rng(seed);
    let parsed = 0;
    let refused = 0;
    for (let c = 0; c < cases; c++) {
      const text = mutate(valid, rng);
      const t0 = performance.now();
      try {
        parse(text);
        parsed++;
      } catch (err) {
        if (!(err instanceof InputError)) {
          throw new Error(`case ${c}: ${String(err)}\n--- input (first 400 chars) ---\n${text.slice(0, 400)}`, {
            cause: err,
          });
        }
        expect(err.field.length).toBeGreaterThan(0);
        refused++;
      }
      expect(performance.now() - t0).toBeLessThan(2000); // no hang
    }
    expect(parsed + refused).toBe(cases);
    expect(refused).toBeGreaterThan(cases / 10); // the mutations do damage
  }, 120_000);
}

describe('parsers under mutation fuzzing', () => {
  const ff = readFileSync(`${ROOT}examples/forcefields/ns-buck-2026.yaml`, 'utf8');
  const protocol = readFileSync(`${ROOT}examples/protocols/paper-melt-quench.yaml`, 'utf8');
  const sweep = readFileSync(`${ROOT}examples/sweeps/quick.yaml`, 'utf8');
  // a small data file (first atoms of a fixture, header adjusted) keeps each case fast
  const data = (() => {
    const full = readFileSync(fixturePath('ewald/system.data'), 'utf8');
    const lines = full.split('\n');
    const atoms = lines.findIndex((l) => l.startsWith('Atoms'));
    const vel = lines.findIndex((l) => l.startsWith('Velocities'));
    const head = lines.slice(0, atoms + 2).map((l) => l.replace(/^600 atoms$/, '30 atoms'));
    return (
      [...head, ...lines.slice(atoms + 2, atoms + 32), '', 'Velocities', '', ...lines.slice(vel + 2, vel + 32)].join(
        '\n',
      ) + '\n'
    );
  })();
  const dump = (() => {
    const frame = (t: number) =>
      [
        'ITEM: TIMESTEP',
        String(t),
        'ITEM: NUMBER OF ATOMS',
        '4',
        'ITEM: BOX BOUNDS pp pp pp',
        '0 10',
        '0 10',
        '0 10',
        'ITEM: ATOMS id type xu yu zu',
        ...[1, 2, 3, 4].map((i) => `${i} ${1 + (i % 2)} ${i + t * 0.01} ${2 * i} ${3 * i}`),
      ].join('\n');
    return [frame(0), frame(100), frame(200)].join('\n') + '\n';
  })();
  it('starts from valid files', () => {
    expect(() => parseForceField(ff)).not.toThrow();
    expect(() => parseProtocol(protocol)).not.toThrow();
    expect(() => parseSweep(sweep)).not.toThrow();
    expect(readLammpsData(data, { types: ['Na', 'Si', 'S'] }).ids.length).toBe(30);
    expect(readLammpsDump(dump).frames.length).toBe(3);
  });
  fuzz('force-field YAML', ff, (t) => parseForceField(t, 'ff.yaml'), 2000, 1);
  fuzz('protocol YAML', protocol, (t) => parseProtocol(t, 'p.yaml'), 2000, 2);
  fuzz('sweep YAML', sweep, (t) => parseSweep(t, 's.yaml'), 2000, 3);
  fuzz('LAMMPS data', data, (t) => readLammpsData(t, { fileName: 'f.data', types: ['Na', 'Si', 'S'] }), 2000, 4);
  fuzz('LAMMPS dump', dump, (t) => readLammpsDump(t, 'd.lammpstrj'), 2000, 5);
});
