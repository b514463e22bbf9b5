import { describe, expect, it } from 'vitest';
import {
  extxyzFrame,
  lammpsDumpFrame,
  readLammpsData,
  writeLammpsData,
  type AtomConfiguration,
} from '@ionsweep/shared';

const conf: AtomConfiguration = {
  title: 'two atoms',
  lo: [0, 0, 0],
  hi: [10, 11, 12],
  typeElements: ['Na', 'S'],
  masses: [22.98977, 32.065],
  ids: Int32Array.from([2, 1]),
  types: Int32Array.from([1, 2]),
  charges: Float64Array.from([0.6, -0.6]),
  positions: Float64Array.from([1.25, 2.5, 3.75, 9.999999999999998, 0.1, 0.2]),
  images: Int32Array.from([0, -1, 2, 1, 0, 0]),
  velocities: Float64Array.from([0.1, -0.2, 0.3, 1e-17, 5, -6]),
};

describe('LAMMPS data files', () => {
  it('round-trip exactly, atoms in id order, elements in the Masses comments', () => {
    const text = writeLammpsData(conf);
    expect(text).toMatch(/^1 22\.98977 # Na$/m);
    expect(text).toMatch(/^Atoms # charge$/m);
    const back = readLammpsData(text);
    expect(Array.from(back.ids)).toEqual([1, 2]);
    expect(Array.from(back.positions)).toEqual([9.999999999999998, 0.1, 0.2, 1.25, 2.5, 3.75]);
    expect(Array.from(back.images)).toEqual([1, 0, 0, 0, -1, 2]);
    expect(Array.from(back.velocities!)).toEqual([1e-17, 5, -6, 0.1, -0.2, 0.3]);
    expect(back.typeElements).toEqual(['Na', 'S']);
    expect(back.hi).toEqual([10, 11, 12]);
  });

  it('maps types with --types when the file has no element comments', () => {
    const text = writeLammpsData(conf).replace(/ # (Na|S)$/gm, '');
    expect(() => readLammpsData(text)).toThrow(/type 1 has no element/);
    expect(readLammpsData(text, { types: ['Na', 'S'] }).typeElements).toEqual(['Na', 'S']);
    expect(() => readLammpsData(text, { types: ['Na'] })).toThrow(/^--types: the file has 2 atom types; got 1/);
  });

  it.each([
    ['a bad number', (t: string) => t.replace('1.25', '1.2.5'), /^f\.data:\d+: x: expected a number, got '1\.2\.5'/],
    [
      'a missing field',
      (t: string) => t.replace(/^2 1 0\.6 .*$/m, '2 1 0.6 1 2'),
      /^f\.data:\d+: Atoms: expected 'id type q x y z \[ix iy iz\]', got 5 fields/,
    ],
    ['too few atoms', (t: string) => t.replace('2 atoms', '3 atoms'), /the header says 3 atoms, the section has 2/],
    ['a type out of range', (t: string) => t.replace(/^2 1 0\.6/m, '2 5 0.6'), /type 5 outside 1\.\.2/],
    ['a repeated id', (t: string) => t.replace(/^2 1 0\.6/m, '1 1 0.6'), /atom id 1 is repeated/],
    [
      'another atom style',
      (t: string) => t.replace('Atoms # charge', 'Atoms # full'),
      /only atom_style charge is supported/,
    ],
    [
      'a triclinic box',
      (t: string) => t.replace('0.0 12.0 zlo zhi', '0.0 12.0 zlo zhi\n1 0 0 xy xz yz'),
      /triclinic boxes are not supported/,
    ],
    ['no box', (t: string) => t.replace(/^.*ylo yhi$/m, ''), /header line for 'ylo yhi' is missing/],
  ])('refuses %s with file:line', (_, edit, re) => {
    expect(() => readLammpsData(edit(writeLammpsData(conf)), { fileName: 'f.data' })).toThrow(re);
  });
});

describe('trajectory writers', () => {
  it('writes LAMMPS dump frames with unwrapped coordinates in id order', () => {
    const text = lammpsDumpFrame(conf, 42);
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual(['ITEM: TIMESTEP', '42', 'ITEM: NUMBER OF ATOMS', '2']);
    expect(lines[8]).toBe('ITEM: ATOMS id type xu yu zu');
    expect(lines[9]).toBe('1 2 20 0.1 0.2'); // 9.999999999999998 + 10 rounds to 20
    expect(lines[10]).toBe('2 1 1.25 -8.5 27.75');
  });

  it('writes extended XYZ with the lattice and species', () => {
    const lines = extxyzFrame(conf, 1.5).trim().split('\n');
    expect(lines[0]).toBe('2');
    expect(lines[1]).toMatch(/^Lattice="10 0 0 0 11 0 0 0 12" .*Properties=species:S:1:pos:R:3:id:I:1 Time=1\.5/);
    expect(lines[2]).toBe('S 9.999999999999998 0.1 0.2 1');
  });
});
