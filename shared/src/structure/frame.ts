/**
 * One configuration as the structure analysis sees it: an orthogonal periodic box, positions
 * (wrapped or not: distances use the minimum image) and each atom's element as an index into
 * `elements`. Analysis is by element, so several atom types of one element count as that element.
 */
import { InputError } from '../errors.js';
import { elementOf } from '../forcefield/species.js';

export interface StructureFrame {
  /** box lengths, Å */
  box: [number, number, number];
  /** x0 y0 z0 x1 … , Å */
  positions: Float64Array;
  /** element index of each atom */
  element: Int32Array;
  /** element symbols, in the order the user gave (`--types`) with duplicates removed */
  elements: readonly string[];
  /**
   * The species of each atom, when some type is a force-field species rather than an element
   * (S0 beside S): g(r) and bonds are then also reported by species (Na–S apart from Na–S0).
   */
  species?: { names: readonly string[]; index: Int32Array };
}

/**
 * The elements of the types named `typeElements` (types 0-based here), in first-seen order, and
 * the element of each type: `Na,Si,S,S` and `Na,Si,S,S0` both give Na, Si, S with types 3 and 4
 * on S (a species of an element counts as that element).
 */
export function elementsOfTypeNames(typeElements: readonly string[]): { elements: string[]; ofType: number[] } {
  const names = typeElements.map(elementOf);
  const elements = [...new Set(names)];
  return { elements, ofType: names.map((e) => elements.indexOf(e)) };
}

/**
 * The element list and per-atom element index from LAMMPS types: `typeElements[t − 1]` names
 * type t (elementsOfTypeNames).
 */
export function elementsOfTypes(
  types: Int32Array,
  typeElements: readonly string[],
  field = '--types',
): Pick<StructureFrame, 'elements' | 'element' | 'species'> {
  const { elements, ofType: index } = elementsOfTypeNames(typeElements);
  const element = new Int32Array(types.length);
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (t < 1 || t > typeElements.length)
      throw new InputError(
        field,
        `atom type ${t} has no element (${typeElements.length} named: ${typeElements.join(',')})`,
      );
    element[i] = index[t - 1];
  }
  return { elements, element, species: speciesOfTypes(types, typeElements) };
}

/**
 * Each atom's species when some type name is a species and not an element (`Na,Si,S,S0`);
 * undefined otherwise (`Na,Si,S` or two plain `S` types: nothing to tell apart). Types must be
 * valid (elementsOfTypes checks them).
 */
export function speciesOfTypes(
  types: ArrayLike<number>,
  typeNames: readonly string[],
  typeBase = 1,
): StructureFrame['species'] {
  if (typeNames.every((name) => elementOf(name) === name)) return undefined;
  const names = [...new Set(typeNames)];
  const ofType = typeNames.map((name) => names.indexOf(name));
  return { names, index: Int32Array.from(types, (t) => ofType[t - typeBase]) };
}

/** Atoms of each element. */
export function elementCounts(frame: Pick<StructureFrame, 'element' | 'elements'>): Float64Array {
  const n = new Float64Array(frame.elements.length);
  for (let i = 0; i < frame.element.length; i++) n[frame.element[i]]++;
  return n;
}

export function frameVolume(frame: Pick<StructureFrame, 'box'>): number {
  return frame.box[0] * frame.box[1] * frame.box[2];
}
