/** What a force evaluation reports besides the forces themselves. */
export interface ForceReport {
  /** Born/Buckingham pair energy, eV */
  born: number;
  morse: number;
  /** real-space Coulomb pair energy (DSF, or Ewald's real-space part) */
  coulombPair: number;
  /** Coulomb self term (DSF or Ewald) */
  coulombSelf: number;
  /** Ewald reciprocal-space energy (0 for DSF) */
  coulombKspace: number;
  /** few-body terms (Tersoff) */
  manybody: number;
  /** virial tensor Σ r_ij ⊗ f_ij: xx yy zz xy xz yz, eV */
  virial: Float64Array;
}

export function createReport(): ForceReport {
  return {
    born: 0,
    morse: 0,
    coulombPair: 0,
    coulombSelf: 0,
    coulombKspace: 0,
    manybody: 0,
    virial: new Float64Array(6),
  };
}

export function resetReport(r: ForceReport): void {
  r.born = r.morse = r.coulombPair = r.coulombSelf = r.coulombKspace = r.manybody = 0;
  r.virial.fill(0);
}

export function potentialEnergy(r: ForceReport): number {
  return r.born + r.morse + r.coulombPair + r.coulombSelf + r.coulombKspace + r.manybody;
}
