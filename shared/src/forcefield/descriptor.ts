/**
 * A force field as plain, validated data (the "what"; kernels in node-agent compile it into the
 * "how"). Units: LAMMPS metal (eV, Å, e, amu). Descriptors travel between processes as JSON.
 */

/** LAMMPS `born`: E = A exp((σ − r)/ρ) − C/r⁶ + D/r⁸ (`buckingham` is born with σ = D = 0). */
export interface BornTerm {
  kind: 'born';
  A: number;
  rho: number;
  sigma: number;
  C: number;
  D: number;
  /** pair cutoff for this term, Å (default: the force field's cutoff) */
  cutoff: number;
}

/** Morse: E = D0 [e^{−2α(r−r0)} − 2 e^{−α(r−r0)}]. */
export interface MorseTerm {
  kind: 'morse';
  D0: number;
  alpha: number;
  r0: number;
  cutoff: number;
}

export type PairTerm = BornTerm | MorseTerm;

export interface PairEntry {
  /** element symbols, in the order written in the file */
  elements: [string, string];
  terms: PairTerm[];
}

export type ErfcMode = 'accurate' | 'polynomial';

/** Damped shifted force (Fennell & Gezelter 2006), exactly as LAMMPS coul/dsf. */
export interface DsfCoulomb {
  method: 'dsf';
  alpha: number;
  cutoff: number;
  /** `accurate` (libm-equivalent, what LAMMPS born/coul/dsf uses) or the A&S 7.1.26 polynomial */
  erfc: ErfcMode;
}

/** Ewald summation (reference accuracy, for validation and small systems). */
export interface EwaldCoulomb {
  method: 'ewald';
  /** real-space cutoff, Å */
  cutoff: number;
  /** relative accuracy that sets the splitting parameter and the k-space extent */
  accuracy: number;
}

export type CoulombSettings = DsfCoulomb | EwaldCoulomb;

export interface ElementEntry {
  mass: number;
  charge: number;
}

/**
 * One line of a LAMMPS `tersoff` potential file: the parameters of the triplet (i, j, k), read
 * as LAMMPS does: (i, j, j) gives the i–j two-body part and its cutoff, (i, j, k) how a neighbour
 * k of i weakens the i–j bond (the bond order).
 *   E = ½ Σ_i Σ_j fC(r_ij) [A e^{−λ1 r_ij} − b_ij B e^{−λ2 r_ij}],
 *   b_ij = (1 + β^n ζ_ij^n)^{−1/2n},  ζ_ij = Σ_k fC(r_ik) g(θ_ijk) e^{[λ3 (r_ij − r_ik)]^m},
 *   g(θ) = γ [1 + c²/d² − c²/(d² + (h − cos θ)²)],  fC: 1 below R − D, 0 above R + D.
 */
export interface TersoffEntry {
  i: string;
  j: string;
  k: string;
  /** 1 or 3 */
  m: number;
  gamma: number;
  lambda3: number;
  c: number;
  d: number;
  /** cos θ0 */
  h: number;
  n: number;
  beta: number;
  lambda2: number;
  B: number;
  R: number;
  D: number;
  lambda1: number;
  A: number;
}

/**
 * The parameters of LAMMPS `tersoff/mod` (Kumagai et al., Comput. Mater. Sci. 39, 457 (2007)):
 * b_ij = (1 + (β ζ_ij)^η)^{−1/2n} with η and n free (a bond order that can switch sharply),
 * g(θ) = c1 + c2 (h − cos θ)² / (c3 + (h − cos θ)²) · [1 + c4 e^{−c5 (h − cos θ)²}] and the
 * cutoff function ½ − 9/16 sin(π/2 (r−R)/D) − 1/16 sin(3π/2 (r−R)/D). gamma, c and d are unused.
 */
export interface TersoffModParameters {
  eta: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
}

/**
 * LAMMPS `tersoff` (or `tersoff/mod`: `mod` holds its extra parameters per entry) acting among
 * `elements` (other elements are NULL for it); every triplet given.
 */
export interface TersoffTerm {
  kind: 'tersoff';
  form: 'tersoff' | 'tersoff/mod';
  elements: string[];
  entries: (TersoffEntry & { mod?: TersoffModParameters })[];
}

export type ManyBodyTerm = TersoffTerm;

export interface ForceFieldDescriptor {
  name: string;
  provenance: { text: string; citations: string[] };
  elements: Record<string, ElementEntry>;
  pairs: PairEntry[];
  /**
   * few-body terms on top of the pairs; absent when the file has none (ns-buck-2026), so that the
   * task ids of such force fields are what they were before the section existed
   */
  manybody?: ManyBodyTerm[];
  /** default cutoff of pair terms, Å */
  cutoff: number;
  coulomb: CoulombSettings;
}

/** e²/(4πε0) in eV·Å (LAMMPS metal qqr2e). */
export const COULOMB_CONSTANT = 14.399645;
/** Boltzmann constant in eV/K (CODATA 2018). */
export const BOLTZMANN_EV = 8.617333262e-5;
/** mv² (amu·Å²/ps²) → eV, as LAMMPS metal mvv2e. */
export const MVV2E = 1.0364269e-4;
/** eV/Å³ → bar, as LAMMPS metal nktv2p. */
export const NKTV2P = 1.6021765e6;

/** Key of an unordered element pair, e.g. "S-Si" (sorted so lookups are order-free). */
export function pairKey(a: string, b: string): string {
  return a <= b ? `${a}-${b}` : `${b}-${a}`;
}

/** The terms acting on a pair of elements, or undefined when the file has none. */
export function findPair(ff: ForceFieldDescriptor, a: string, b: string): PairEntry | undefined {
  const key = pairKey(a, b);
  return ff.pairs.find((p) => pairKey(p.elements[0], p.elements[1]) === key);
}
