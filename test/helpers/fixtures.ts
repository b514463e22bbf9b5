/** Reads the committed LAMMPS reference fixtures (made by test/fixtures/lammps/make-fixtures.sh). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseForceField, readLammpsData, type AtomConfiguration, type ForceFieldDescriptor } from '@ionsweep/shared';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const fixturePath = (p: string) => `${ROOT}test/fixtures/lammps/${p}`;

export function loadForceFieldFile(path: string): ForceFieldDescriptor {
  return parseForceField(readFileSync(path, 'utf8'), path);
}

export const NS_BUCK = () => loadForceFieldFile(`${ROOT}examples/forcefields/ns-buck-2026.yaml`);

export interface LammpsReference {
  conf: AtomConfiguration;
  pe: number;
  evdwl: number;
  ecoul: number;
  elong: number;
  /** virial-only pressure and tensor (xx yy zz xy xz yz), bar */
  pressure: number;
  tensor: number[];
  forces: number[][];
}

export function loadLammpsFixture(name: string): LammpsReference {
  const dir = fixturePath(name);
  const conf = readLammpsData(readFileSync(`${dir}/system.data`, 'utf8'), {
    types: ['Na', 'Si', 'S'],
    fileName: 'system.data',
  });
  const log = readFileSync(`${dir}/log.lammps`, 'utf8').split('\n');
  const header = log.findIndex((l) => /^\s*Step\s+PotEng\s+E_vdwl/.test(l));
  const [, pe, evdwl, ecoul, elong, pressure, ...tensor] = log[header + 1].trim().split(/\s+/).map(Number);
  const forces = readFileSync(`${dir}/forces.dump`, 'utf8')
    .trim()
    .split('\n')
    .slice(9)
    .map((l) => l.trim().split(/\s+/).slice(1).map(Number));
  return { conf, pe, evdwl, ecoul, elong, pressure, tensor, forces };
}

/** ‖a − b‖ / ‖b‖ over all components. */
export function relativeRms(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let num = 0;
  let den = 0;
  b.forEach((row, i) =>
    row.forEach((v, d) => {
      num += (a[i][d] - v) ** 2;
      den += v * v;
    }),
  );
  return Math.sqrt(num / den);
}
