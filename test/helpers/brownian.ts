/**
 * Synthetic trajectories with known transport: N_p neutral cation–anion pairs in a periodic
 * box. Each pair shares a common Brownian displacement (D_common) and each ion adds its own
 * (D_cation, D_anion), so
 *   D_cat = D_common + D_cation,  D_an = D_common + D_anion,
 *   ⟨|ΔM|²⟩ = N_p q² · 6 (D_cation + D_anion) t   (the shared motion carries no current),
 * which gives σ_self and σ_full exactly, and their parts: σ_self of each species from its own
 * D, no distinct Na–Na or S–S correlation (the pairs move independently), and a cation–anion
 * cross term 2 ⟨ΔM_Na·ΔM_S⟩ = −2 N_p q² · 6 D_common t (the shared motion of opposite charges).
 */
import { BOLTZMANN_EV, CONDUCTIVITY_TO_S_PER_CM, Rng } from '@ionsweep/shared';

export interface BrownianSpec {
  pairs: number;
  frames: number;
  dtPs: number;
  box: number;
  q: number;
  dCommon: number;
  dCation: number;
  dAnion: number;
  seed: number;
  temperature: number;
  /** uniform drift velocity of every atom, Å/ps */
  drift?: number;
}

export function brownian(spec: BrownianSpec) {
  const n = 2 * spec.pairs;
  const rng = new Rng(spec.seed, 0x62726f77);
  const species = Int32Array.from({ length: n }, (_, i) => i % 2); // 0 cation, 1 anion
  const charges = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -spec.q : spec.q));
  const masses = new Float64Array(n).fill(1);
  const ids = Int32Array.from({ length: n }, (_, i) => i + 1);
  const r = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) r[i] = rng.uniform() * spec.box;
  const frames: Float64Array[] = [r.slice()];
  const s = (d: number) => Math.sqrt(2 * d * spec.dtPs);
  for (let t = 1; t < spec.frames; t++) {
    for (let p = 0; p < spec.pairs; p++) {
      for (let d = 0; d < 3; d++) {
        const common = s(spec.dCommon) * rng.normal() + (spec.drift ?? 0) * spec.dtPs;
        r[3 * (2 * p) + d] += common + s(spec.dCation) * rng.normal();
        r[3 * (2 * p + 1) + d] += common + s(spec.dAnion) * rng.normal();
      }
    }
    frames.push(r.slice());
  }
  const V = spec.box ** 3;
  const kT = BOLTZMANN_EV * spec.temperature;
  const toS = (x: number) => (x / (V * kT)) * CONDUCTIVITY_TO_S_PER_CM;
  const dCat = spec.dCommon + spec.dCation;
  const dAn = spec.dCommon + spec.dAnion;
  return {
    config: { species, speciesNames: ['Na', 'S'], charges, masses, ids, removeDrift: false },
    frames,
    volume: V,
    truth: {
      D: { Na: dCat * 1e-4, S: dAn * 1e-4 },
      sigmaSelf: toS(spec.pairs * spec.q ** 2 * (dCat + dAn)),
      sigmaFull: toS(spec.pairs * spec.q ** 2 * (spec.dCation + spec.dAnion)),
      sigmaSelfSpecies: { Na: toS(spec.pairs * spec.q ** 2 * dCat), S: toS(spec.pairs * spec.q ** 2 * dAn) },
      sigmaDistinct: { 'Na-Na': 0, 'Na-S': toS(-2 * spec.pairs * spec.q ** 2 * spec.dCommon), 'S-S': 0 },
    },
  };
}
