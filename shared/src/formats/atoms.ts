/** An atomic configuration as files carry it: flat arrays, LAMMPS 1-based types, orthogonal box. */
export interface AtomConfiguration {
  title: string;
  /** box corners, Å */
  lo: [number, number, number];
  hi: [number, number, number];
  /** element of each type (index type − 1) */
  typeElements: string[];
  /** mass of each type (index type − 1), amu */
  masses: number[];
  ids: Int32Array;
  /** LAMMPS type, 1-based */
  types: Int32Array;
  charges: Float64Array;
  /** x0 y0 z0 x1 … (Å) */
  positions: Float64Array;
  /** periodic image flags, 3 per atom */
  images: Int32Array;
  /** Å/ps, or null when the file has none */
  velocities: Float64Array | null;
}

export function boxLengths(c: Pick<AtomConfiguration, 'lo' | 'hi'>): [number, number, number] {
  return [c.hi[0] - c.lo[0], c.hi[1] - c.lo[1], c.hi[2] - c.lo[2]];
}
