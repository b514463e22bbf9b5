/**
 * Compiles a force-field descriptor for one system: validated against the system's elements,
 * box and charges, and laid out as flat type × type tables for the kernels (OpenMM's split
 * between what a force is and how a kernel computes it).
 */
import { COULOMB_CONSTANT, findPair, InputError, type ForceFieldDescriptor, type PairTerm } from '@ionsweep/shared';
import { BORN_STRIDE, packBorn } from './born.js';
import { MORSE_STRIDE, packMorse } from './morse.js';
import { dsfCoulomb, ewaldRealSpace, type RealSpaceCoulomb } from './coulomb-dsf.js';
import { checkNeutral, type MdState } from '../state.js';
import { compileTersoff, tersoffActsOn, type CompiledTersoff } from './tersoff.js';

export interface EwaldSettings {
  /** splitting parameter g, Å⁻¹ */
  g: number;
  /** reciprocal cutoff, Å⁻¹ */
  kCut: number;
}

export interface CompiledForceField {
  name: string;
  ntypes: number;
  typeElements: string[];
  /** the largest interaction range, Å (the neighbour list adds its skin) */
  cutoff: number;
  /** per type pair (ti · ntypes + tj): number of born terms and their packed coefficients */
  bornCount: Int32Array;
  bornParams: Float64Array;
  maxBorn: number;
  morseCount: Int32Array;
  morseParams: Float64Array;
  maxMorse: number;
  coulomb: RealSpaceCoulomb;
  /** set when the long-range part is summed in k-space */
  ewald: EwaldSettings | null;
  /** e²/(4πε0), eV·Å */
  qqrd2e: number;
  /** the pair terms per type pair, for the reference path and tables */
  terms: PairTerm[][];
  /** the Tersoff term, when the force field has one */
  tersoff: CompiledTersoff | null;
}

export interface CompileOptions {
  /** override the file's Coulomb method */
  coulomb?: 'dsf' | 'ewald';
  /** Ewald accuracy when switching to ewald from a dsf file */
  ewaldAccuracy?: number;
}

export function compileForceField(
  ff: ForceFieldDescriptor,
  state: MdState,
  options: CompileOptions = {},
): CompiledForceField {
  const elements = state.typeElements;
  for (const el of elements) {
    if (!(el in ff.elements)) {
      throw new InputError(
        'forcefield',
        `element '${el}' of the system is not in force field '${ff.name}' (it has ${Object.keys(ff.elements).join(', ')})`,
      );
    }
  }
  const nt = elements.length;
  const terms: PairTerm[][] = [];
  for (let a = 0; a < nt; a++) {
    for (let b = 0; b < nt; b++) {
      const entry = findPair(ff, elements[a], elements[b]);
      if (!entry) throw new InputError('forcefield', `no pair entry for ${elements[a]}-${elements[b]} in '${ff.name}'`);
      terms.push(entry.terms);
    }
  }
  const maxBorn = Math.max(1, ...terms.map((ts) => ts.filter((t) => t.kind === 'born').length));
  const maxMorse = Math.max(1, ...terms.map((ts) => ts.filter((t) => t.kind === 'morse').length));
  const bornCount = new Int32Array(nt * nt);
  const morseCount = new Int32Array(nt * nt);
  const bornParams = new Float64Array(nt * nt * maxBorn * BORN_STRIDE);
  const morseParams = new Float64Array(nt * nt * maxMorse * MORSE_STRIDE);
  terms.forEach((ts, tp) => {
    for (const t of ts) {
      if (t.kind === 'born') packBorn(t, bornParams, (tp * maxBorn + bornCount[tp]++) * BORN_STRIDE);
      else packMorse(t, morseParams, (tp * maxMorse + morseCount[tp]++) * MORSE_STRIDE);
    }
  });

  const method = options.coulomb ?? ff.coulomb.method;
  const coulCut = ff.coulomb.cutoff;
  let coulomb: RealSpaceCoulomb;
  let ewald: EwaldSettings | null = null;
  if (method === 'dsf') {
    if (ff.coulomb.method !== 'dsf')
      throw new InputError('--coulomb', `force field '${ff.name}' has no DSF settings (alpha); use ewald`);
    coulomb = dsfCoulomb(ff.coulomb.alpha, coulCut, ff.coulomb.erfc);
  } else {
    const accuracy = ff.coulomb.method === 'ewald' ? ff.coulomb.accuracy : (options.ewaldAccuracy ?? 1e-8);
    // g so that erfc(g rc) ≈ accuracy; k-space cut so that exp(−k²/4g²) ≈ accuracy.
    const s = Math.sqrt(-Math.log(accuracy));
    const g = s / coulCut;
    ewald = { g, kCut: 2 * g * s };
    coulomb = ewaldRealSpace(g, coulCut);
  }
  const cutoff = Math.max(coulCut, ...terms.flat().map((t) => t.cutoff));
  const halfBox = Math.min(state.box[0], state.box[1], state.box[2]) / 2;
  if (cutoff > halfBox) {
    throw new InputError(
      'forcefield',
      `cutoff ${cutoff} Å is beyond half the box (${halfBox.toFixed(3)} Å); use a larger system or a shorter cutoff`,
    );
  }
  checkNeutral(state);
  const tersoffTerm = ff.manybody?.find((t) => t.kind === 'tersoff');
  const tersoff = tersoffTerm && tersoffActsOn(tersoffTerm, elements) ? compileTersoff(tersoffTerm, elements) : null;
  if (tersoff && tersoff.cutoff > cutoff)
    throw new InputError(
      'forcefield',
      `the tersoff cutoff (R + D = ${tersoff.cutoff} Å) is beyond the pair cutoff ${cutoff} Å`,
    );
  return {
    name: ff.name,
    ntypes: nt,
    typeElements: [...elements],
    cutoff,
    bornCount,
    bornParams,
    maxBorn,
    morseCount,
    morseParams,
    maxMorse,
    coulomb,
    ewald,
    qqrd2e: COULOMB_CONSTANT,
    terms,
    tersoff,
  };
}
