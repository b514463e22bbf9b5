/** Eqs. 2–4 of the paper: floppy-mode density of the pairs and the hopping conductivity. */
import { PAIRS } from './building-blocks.js';

/** Eq. 2: f2 = Σ over flexible pairs of (F_jk / N_jk) P_jk. */
export function floppyModeDensity(pairs: readonly number[]): number {
  return PAIRS.reduce((acc, c, i) => (c.cls === 'FL' ? acc + (c.floppy / c.atoms) * pairs[i] : acc), 0);
}

/**
 * Eq. 4, in units of kT: ⟨Ec⟩/kT = Σ_jk P_jk Σ_{q=1..n_jk} q a e^{−q a}, with a = Ec/kT and
 * n_jk the anionic (NBS) sites of the pair.
 */
export function meanCoulombEnergy(pairs: readonly number[], a: number): number {
  return PAIRS.reduce((acc, c, i) => {
    let sites = 0;
    for (let q = 1; q <= c.nbs; q++) sites += q * a * Math.exp(-q * a);
    return acc + pairs[i] * sites;
  }, 0);
}

/**
 * Eq. 3: σ = n_L μ with the free-carrier rate n_L = 2x exp(−⟨Ec⟩/kT) and the mobility
 * μ = exp(−E_m/kT), E_m = −Δ f2 (all in kT units here; σ in arbitrary units).
 */
export function hoppingConductivity(
  x: number,
  ecMeanOverKT: number,
  deltaOverKT: number,
  f2: number,
): { n_L: number; mu: number; sigma: number } {
  const n_L = 2 * x * Math.exp(-ecMeanOverKT);
  const mu = Math.exp(deltaOverKT * f2);
  return { n_L, mu, sigma: n_L * mu };
}
