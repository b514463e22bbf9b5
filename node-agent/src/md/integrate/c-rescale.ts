/**
 * Stochastic cell rescaling, isotropic (M. Bernetti and G. Bussi, "Pressure control using
 * stochastic cell rescaling", J. Chem. Phys. 153, 114107, 2020): the volume follows a
 * first-order stochastic equation that samples the isothermal–isobaric ensemble,
 *
 *   dε = −(β_T/τ_p)(P₀ − P_int − k_BT/V) dt + √(2 k_BT β_T / (V τ_p)) dW,   ε = ln V,
 *
 * with positions scaled by e^{dε/3} and velocities by e^{−dε/3} (P_int then includes the
 * kinetic term of the current velocities). Integrated in the paper's time-reversible Trotter
 * form, in λ = √V, around the position update of velocity Verlet; `work` collects what the
 * barostat exchanged, so that K + U + P₀V + thermostat and barostat work is conserved up to the
 * integration error (the effective-energy check of the paper). Robust from any start: no
 * barostat mass to oscillate, so a glass quenched at constant pressure does not ring.
 */
import type { Rng } from '@ionsweep/shared';
import { BOLTZMANN_EV, NKTV2P } from '../units.js';

export interface CRescaleSettings {
  /** target pressure, bar */
  pressureBar: number;
  /** relaxation time of the volume, ps */
  tauPs: number;
  /** isothermal compressibility, 1/bar: sets how fast the volume moves, not where it goes */
  compressibilityPerBar: number;
}

/**
 * Steps between cell moves, each over that many steps' time (GROMACS couples every 10). 1: the
 * effective energy is then conserved as well as CSVR's (measured, 300-atom NS9 melt with a
 * continuous potential: its spread over 6 ps 0.08 % of the total energy's, against 2 % with 10).
 * The price: a virial every step, from the JS energy pass, so an NPT step costs ≈ 3–4 plain ones.
 */
export const BAROSTAT_EVERY = 1;

/** A silicate or sulfide melt's order of magnitude (bulk modulus ≈ 20 GPa). */
export const DEFAULT_COMPRESSIBILITY_PER_BAR = 5e-6;

export interface CRescaleStep {
  /** scale factor of box and positions; velocities are divided by it */
  scaling: number;
  /** the λ increment, kept for the second half of the work bookkeeping */
  dLambda: number;
}

/**
 * Pressure from the virial (Σ r·F, eV) and the kinetic energy (eV) in volume V (Å³), eV/Å³.
 * The kinetic energy is that of the current velocities (the velocity-scaling variant).
 */
export const internalPressure = (virialSum: number, kinetic: number, volume: number) =>
  (virialSum / 3 + (2 * kinetic) / 3) / volume;

/** The generalised force on λ = √V, eV/Å^{3/2}. */
function lambdaForce(c: CRescaleSettings, kT: number, pInt: number, volume: number): number {
  const p0 = c.pressureBar / NKTV2P;
  return -2 * Math.sqrt(volume) * (p0 - pInt - (0.5 * kT) / volume);
}

/** λ's diffusion coefficient, Å³/ps (the compressibility in Å³/eV). */
const lambdaDiffusion = (c: CRescaleSettings, kT: number) => (0.25 * kT * c.compressibilityPerBar * NKTV2P) / c.tauPs;

/**
 * The barostat's move over dt, before the positions are updated; adds the first half of the
 * work. `temperature` is the thermostat's target, K.
 */
export function crescaleStep(
  c: CRescaleSettings,
  temperature: number,
  pInt: number,
  volume: number,
  dt: number,
  rng: Rng,
  work: { value: number },
): CRescaleStep {
  const kT = BOLTZMANN_EV * temperature;
  const D = lambdaDiffusion(c, kT);
  const f = lambdaForce(c, kT, pInt, volume);
  const dLambda = (D / kT) * f * dt + Math.sqrt(2 * D * dt) * rng.normal();
  const scaling = Math.exp((2 * Math.log1p(dLambda / Math.sqrt(volume))) / 3);
  work.value += 0.5 * dLambda * f - 0.25 * (D / kT) * dt * f * f + 0.5 * kT * Math.log(volume);
  return { scaling, dLambda };
}

/** The second half of the work, with the pressure and volume after the move. */
export function crescaleFinish(
  c: CRescaleSettings,
  temperature: number,
  pInt: number,
  volume: number,
  dt: number,
  step: CRescaleStep,
  work: { value: number },
): void {
  const kT = BOLTZMANN_EV * temperature;
  const D = lambdaDiffusion(c, kT);
  const f = lambdaForce(c, kT, pInt, volume);
  work.value += 0.5 * step.dLambda * f + 0.25 * (D / kT) * dt * f * f - 0.5 * kT * Math.log(volume);
}
