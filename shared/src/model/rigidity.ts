/**
 * The rigidity and hopping-conductivity model (paper Eqs. 1–4) evaluated at one (x, m).
 * Options follow the "documented interface → defaults → compiled, immutable object" pattern:
 * compile once (validating), then evaluate many points.
 */
import { PAIR_NAMES, PAIRS, type PairName } from './building-blocks.js';
import { criticalM, criticalX, floppyFraction, unitFractions } from './constraints.js';
import { floppyModeDensity, hoppingConductivity, meanCoulombEnergy } from './hopping.js';
import {
  checkClassEnergies,
  LOW_T_LIMIT,
  literalPairs,
  pairingPairs,
  type ClassEnergies,
} from './pair-probabilities.js';
import { checkComposition } from '../composition/composition.js';
import { InputError } from '../errors.js';

export type Variant = 'pairing' | 'literal';
export const VARIANTS: readonly Variant[] = ['pairing', 'literal'];

export interface RigidityOptions {
  /** pair-probability variant; `pairing` (default) conserves the unit fractions */
  variant: Variant;
  /** Coulomb energy to extract one cation from an anionic site, Ec (same unit as kT) */
  ec: number;
  /** strain-energy scale Δ of E_m = −Δ f2 (same unit as kT) */
  delta: number;
  /** class energies E_SR, E_IS, E_FL in units of kT; default the low-temperature limit */
  energies: ClassEnergies;
  /** thermal energy; Ec and Δ are divided by it (1 means "given in kT units") */
  kT: number;
}

/** The paper's Fig. 1 parameters: Ec = 0.0002 kT, Δ = 0.2 kT. */
export const DEFAULT_RIGIDITY_OPTIONS: Readonly<RigidityOptions> = Object.freeze({
  variant: 'pairing',
  ec: 0.0002,
  delta: 0.2,
  energies: LOW_T_LIMIT,
  kT: 1,
});

export function compileRigidityOptions(options: Partial<RigidityOptions> = {}): Readonly<RigidityOptions> {
  const o = { ...DEFAULT_RIGIDITY_OPTIONS, ...options };
  if (!VARIANTS.includes(o.variant)) {
    throw new InputError('variant', `must be one of ${VARIANTS.join(', ')}, got '${o.variant}'`);
  }
  if (!Number.isFinite(o.kT) || o.kT <= 0) {
    throw new InputError('kT', `must be a finite number > 0, got ${o.kT}`);
  }
  if (!Number.isFinite(o.ec) || o.ec < 0) {
    throw new InputError('ec', `must be a finite number >= 0, got ${o.ec}`);
  }
  if (!Number.isFinite(o.delta)) throw new InputError('delta', `must be a finite number, got ${o.delta}`);
  checkClassEnergies(o.energies);
  return Object.freeze({ ...o, energies: Object.freeze({ ...o.energies }) });
}

type PairFields = { [K in PairName as `p${K}`]: number };

/** One evaluated point: the record printed by `ionsweep rigidity --format json`. */
export interface RigidityPoint extends PairFields {
  x: number;
  m: number;
  /** Eq. 1 */
  f: number;
  m_c: number;
  /** null where there is no threshold in [0, 1/3] (m > 4) */
  x_c: number | null;
  p4: number;
  p3: number;
  p2: number;
  pSR: number;
  pIS: number;
  pFL: number;
  /** Eq. 2 */
  f2: number;
  /** Eq. 4, in the unit of Ec */
  Ec_avg: number;
  n_L: number;
  mu: number;
  /** Eq. 3, arbitrary units */
  sigma: number;
}

/** Field order of the record (also the CSV column order). */
export const RIGIDITY_FIELDS = [
  'x', 'm', 'f', 'm_c', 'x_c', 'p4', 'p3', 'p2',
  ...PAIR_NAMES.map((n) => `p${n}` as const),
  'pSR', 'pIS', 'pFL', 'f2', 'Ec_avg', 'n_L', 'mu', 'sigma',
] as const satisfies readonly (keyof RigidityPoint)[]; // prettier-ignore

export function rigidityPoint(x: number, m: number, compiled: Readonly<RigidityOptions>): RigidityPoint {
  checkComposition(x, m);
  const units = unitFractions(x, m);
  const pairs =
    compiled.variant === 'pairing' ? pairingPairs(units, compiled.energies) : literalPairs(units, compiled.energies);
  const byClass = { SR: 0, IS: 0, FL: 0 };
  PAIRS.forEach((c, i) => (byClass[c.cls] += pairs[i]));
  const f2 = floppyModeDensity(pairs);
  const ecOverKT = meanCoulombEnergy(pairs, compiled.ec / compiled.kT);
  const hop = hoppingConductivity(x, ecOverKT, compiled.delta / compiled.kT, f2);
  const pairFields = Object.fromEntries(PAIR_NAMES.map((n, i) => [`p${n}`, pairs[i]])) as PairFields;
  return {
    x,
    m,
    f: floppyFraction(x, m),
    m_c: criticalM(x),
    x_c: criticalX(m),
    ...units,
    ...pairFields,
    pSR: byClass.SR,
    pIS: byClass.IS,
    pFL: byClass.FL,
    f2,
    Ec_avg: ecOverKT * compiled.kT,
    ...hop,
  };
}

/** Evaluates the grid x × m (m outer, x inner). */
export function rigidityGrid(
  xs: readonly number[],
  ms: readonly number[],
  options: Partial<RigidityOptions> = {},
): RigidityPoint[] {
  const compiled = compileRigidityOptions(options);
  return ms.flatMap((m) => xs.map((x) => rigidityPoint(x, m, compiled)));
}
