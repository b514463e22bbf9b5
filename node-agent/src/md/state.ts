/**
 * The MD state: flat typed arrays, one record, no behaviour. Integrators, thermostats and
 * kernels are functions over it. Units: LAMMPS metal (Å, ps, eV, amu, K, e).
 */
import {
  boxLengths,
  elementOf,
  elementsOfTypeNames,
  speciesOfTypes,
  InputError,
  type AtomConfiguration,
  type StructureFrame,
} from '@ionsweep/shared';

export interface MdState {
  n: number;
  /** box origin and edge lengths (orthogonal, periodic in x, y, z) */
  lo: Float64Array;
  box: Float64Array;
  /** positions x0 y0 z0 x1 …, kept inside the box at neighbour-list rebuilds */
  x: Float64Array;
  v: Float64Array;
  f: Float64Array;
  /** periodic images: unwrapped = x + image · box */
  image: Int32Array;
  /** 0-based type index into typeElements */
  type: Int32Array;
  q: Float64Array;
  /** atom ids from the data file (atoms are re-ordered in memory for locality) */
  id: Int32Array;
  mass: Float64Array;
  typeElements: string[];
  typeMasses: number[];
}

export function stateFromConfiguration(c: AtomConfiguration): MdState {
  const n = c.ids.length;
  const type = new Int32Array(n);
  const mass = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    type[k] = c.types[k] - 1;
    mass[k] = c.masses[type[k]];
  }
  const state: MdState = {
    n,
    lo: Float64Array.from(c.lo),
    box: Float64Array.from(boxLengths(c)),
    x: Float64Array.from(c.positions),
    v: c.velocities ? Float64Array.from(c.velocities) : new Float64Array(3 * n),
    f: new Float64Array(3 * n),
    image: Int32Array.from(c.images),
    type,
    q: Float64Array.from(c.charges),
    id: Int32Array.from(c.ids),
    mass,
    typeElements: [...c.typeElements],
    typeMasses: [...c.masses],
  };
  wrapIntoBox(state);
  return state;
}

export function configurationFromState(s: MdState, title: string, withVelocities = true): AtomConfiguration {
  return {
    title,
    lo: [s.lo[0], s.lo[1], s.lo[2]],
    hi: [s.lo[0] + s.box[0], s.lo[1] + s.box[1], s.lo[2] + s.box[2]],
    typeElements: [...s.typeElements],
    masses: [...s.typeMasses],
    ids: Int32Array.from(s.id),
    types: Int32Array.from(s.type, (t) => t + 1),
    charges: Float64Array.from(s.q),
    positions: Float64Array.from(s.x),
    images: Int32Array.from(s.image),
    velocities: withVelocities ? Float64Array.from(s.v) : null,
  };
}

/** A deep copy (every array copied). */
export function cloneState(s: MdState): MdState {
  return {
    ...s,
    lo: s.lo.slice(),
    box: s.box.slice(),
    x: s.x.slice(),
    v: s.v.slice(),
    f: s.f.slice(),
    image: s.image.slice(),
    type: s.type.slice(),
    q: s.q.slice(),
    id: s.id.slice(),
    mass: s.mass.slice(),
    typeElements: [...s.typeElements],
    typeMasses: [...s.typeMasses],
  };
}

/** Moves every atom into [lo, lo + box) and counts the crossings in its image flags. */
export function wrapIntoBox(s: MdState): void {
  const { x, image, lo, box } = s;
  for (let i = 0; i < 3 * s.n; i++) {
    const d = i % 3;
    const L = box[d];
    const rel = x[i] - lo[d];
    if (rel < 0 || rel >= L) {
      const shift = Math.floor(rel / L);
      x[i] -= shift * L;
      image[i] += shift;
      if (x[i] - lo[d] >= L) x[i] = lo[d]; // rounding at the upper edge
    }
    if (!Number.isFinite(x[i]))
      throw new Error(`atom ${s.id[(i / 3) | 0]} has a non-finite position (the system blew up)`);
  }
}

export function volume(s: MdState): number {
  return s.box[0] * s.box[1] * s.box[2];
}

/** Applies a permutation (new index k holds old atom perm[k]) to every per-atom array. */
export function permuteAtoms(s: MdState, perm: Int32Array): void {
  const n = s.n;
  const p3 = <T extends Float64Array | Int32Array>(a: T): void => {
    const copy = a.slice();
    for (let k = 0; k < n; k++) {
      const o = perm[k];
      a[3 * k] = copy[3 * o];
      a[3 * k + 1] = copy[3 * o + 1];
      a[3 * k + 2] = copy[3 * o + 2];
    }
  };
  const p1 = <T extends Float64Array | Int32Array>(a: T): void => {
    const copy = a.slice();
    for (let k = 0; k < n; k++) a[k] = copy[perm[k]];
  };
  p3(s.x);
  p3(s.v);
  p3(s.f);
  p3(s.image);
  p1(s.type);
  p1(s.q);
  p1(s.id);
  p1(s.mass);
}

/** Fails when the system is not neutral: DSF and Ewald both assume Σq = 0. */
export function checkNeutral(s: MdState): void {
  let sum = 0;
  let abs = 0;
  for (let i = 0; i < s.n; i++) {
    sum += s.q[i];
    abs += Math.abs(s.q[i]);
  }
  if (Math.abs(sum) > 1e-6 * Math.max(1, abs / Math.max(1, s.n))) {
    throw new InputError(
      'charges',
      `the system carries a net charge of ${sum.toPrecision(6)} e; DSF and Ewald need a neutral system (build it with --charge-neutrality rescale-anion)`,
    );
  }
}

/**
 * Species for analysis are elements, not atom types: two sulfur types (a charge scheme) or the
 * force-field species S and S0 are one species S. Names in first-type order; `ofType[t]` is the
 * species of 0-based type t.
 */
export function elementSpecies(s: Pick<MdState, 'typeElements'>): { names: string[]; ofType: Int32Array } {
  const { elements, ofType } = elementsOfTypeNames(s.typeElements);
  return { names: elements, ofType: Int32Array.from(ofType) };
}

/** The configuration as a structure frame over `elements` (analysis by element, wrapped or not). */
export function structureFrameOf(s: MdState, elements: readonly string[]): StructureFrame {
  const index = s.typeElements.map((e) => elements.indexOf(elementOf(e)));
  return {
    box: [s.box[0], s.box[1], s.box[2]],
    positions: s.x,
    element: Int32Array.from(s.type, (t) => index[t]),
    elements,
    species: speciesOfTypes(s.type, s.typeElements, 0),
  };
}

/**
 * The system's mass, amu, summed by type: atoms are re-sorted in memory, and a sum atom by atom
 * would change in its last bits with their order (a resumed task would then differ).
 */
export function systemMass(s: MdState): number {
  const perType = new Float64Array(s.typeMasses.length);
  for (let i = 0; i < s.n; i++) perType[s.type[i]]++;
  return s.typeMasses.reduce((a, m, t) => a + m * perType[t], 0);
}
