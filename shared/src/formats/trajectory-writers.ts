/** Trajectory frames for other tools: LAMMPS text dumps (id type xu yu zu) and extended XYZ. */
import type { AtomConfiguration } from './atoms.js';
import { boxLengths } from './atoms.js';
import { elementOf } from '../forcefield/species.js';

type Frame = Pick<AtomConfiguration, 'lo' | 'hi' | 'ids' | 'types' | 'positions' | 'images' | 'typeElements'>;

function unwrapped(f: Frame, k: number, d: number): number {
  const L = f.hi[d] - f.lo[d];
  return f.positions[3 * k + d] + f.images[3 * k + d] * L;
}

function idOrder(f: Frame): number[] {
  return Array.from({ length: f.ids.length }, (_, k) => k).sort((a, b) => f.ids[a] - f.ids[b]);
}

/** One frame of `dump custom … id type xu yu zu` (unwrapped coordinates), atoms in id order. */
export function lammpsDumpFrame(f: Frame, timestep: number): string {
  const out = [
    'ITEM: TIMESTEP',
    String(timestep),
    'ITEM: NUMBER OF ATOMS',
    String(f.ids.length),
    'ITEM: BOX BOUNDS pp pp pp',
  ];
  for (let d = 0; d < 3; d++) out.push(`${f.lo[d]} ${f.hi[d]}`);
  out.push('ITEM: ATOMS id type xu yu zu');
  for (const k of idOrder(f))
    out.push(`${f.ids[k]} ${f.types[k]} ${unwrapped(f, k, 0)} ${unwrapped(f, k, 1)} ${unwrapped(f, k, 2)}`);
  return out.join('\n') + '\n';
}

/** One extended-XYZ frame (wrapped positions, orthogonal lattice, time in ps). */
export function extxyzFrame(f: Frame, timePs: number): string {
  const [a, b, c] = boxLengths(f);
  const out = [
    String(f.ids.length),
    `Lattice="${a} 0 0 0 ${b} 0 0 0 ${c}" Origin="${f.lo.join(' ')}" Properties=species:S:1:pos:R:3:id:I:1 Time=${timePs} pbc="T T T"`,
  ];
  const p = f.positions;
  for (const k of idOrder(f))
    out.push(`${elementOf(f.typeElements[f.types[k] - 1])} ${p[3 * k]} ${p[3 * k + 1]} ${p[3 * k + 2]} ${f.ids[k]}`);
  return out.join('\n') + '\n';
}
