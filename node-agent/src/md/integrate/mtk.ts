/**
 * The Martyna–Tobias–Klein barostat, isotropic, with Nosé–Hoover chains on the particles and on
 * the barostat: the twin of LAMMPS `fix npt … iso` (fix_nh.cpp, defaults tchain = pchain = 3,
 * one Trotter loop, mtk yes, no drag), step for step. G. J. Martyna, D. J. Tobias and
 * M. L. Klein, J. Chem. Phys. 101, 4177 (1994); the integrator is that of M. E. Tuckerman et al.,
 * J. Phys. A 39, 5629 (2006), as LAMMPS implements it:
 *
 *   first half:  barostat chain ½ · particle chain ½ · ω̇ ½ (pressure now) · v ← v·e^{−dt/2 (ω̇ + ω̇/N)}
 *                · kick · box and positions ← ·e^{dt ω̇} around the drift
 *   second half: kick · v ← v·e^{−dt/2 (ω̇ + ω̇/N)} · ω̇ ½ (new pressure) · particle chain ½ ·
 *                barostat chain ½
 *
 * with the barostat mass W = (N + 1) k_B T / ω_p² (ω_p = 1/pdamp) and its chain masses
 * k_B T / ω_p², re-set from the current target every step, as LAMMPS does. A deterministic
 * barostat with inertia: the volume oscillates with a period of the order of a few pdamp, so
 * means need runs long against it; stochastic cell rescaling (c-rescale.ts) is the robust default.
 */
import { BOLTZMANN_EV, NKTV2P } from '../units.js';
import { createNhc, type NhcState } from './nose-hoover-chain.js';

export const MTK_CHAIN = 3;

export interface MtkState {
  /** ω̇, the strain rate of the box, 1/ps (one for all three dimensions: isotropic) */
  omegaDot: number;
  omegaMass: number;
  /** the barostat's own thermostat chain (M + 1 velocities, the last 0) */
  etap: Float64Array;
  etapDot: Float64Array;
  etapDotDot: Float64Array;
  etapMass: Float64Array;
  /** the particles' chain (its own, as LAMMPS's fix npt is a fix of its own) */
  particles: NhcState;
  /** ω̇ / N: the MTK correction to the velocity scaling, from the last ω̇ update */
  term2: number;
}

export interface MtkSettings {
  /** target pressure, bar */
  pressureBar: number;
  /** barostat damping time, ps (LAMMPS's Pdamp) */
  pdampPs: number;
}

export function createMtk(): MtkState {
  return {
    omegaDot: 0,
    omegaMass: 0,
    etap: new Float64Array(MTK_CHAIN),
    etapDot: new Float64Array(MTK_CHAIN + 1),
    etapDotDot: new Float64Array(MTK_CHAIN),
    etapMass: new Float64Array(MTK_CHAIN),
    particles: createNhc(MTK_CHAIN),
    term2: 0,
  };
}

/** Zero barostat and chains (a new segment, as a new LAMMPS fix). */
export function resetMtk(m: MtkState): void {
  restoreMtk(m, snapshotMtk(createMtk()));
}

/** Masses at temperature T (K) for n atoms, as set at every step. */
function setMasses(m: MtkState, c: MtkSettings, n: number, temperature: number): void {
  const kT = BOLTZMANN_EV * temperature;
  const pfreq2 = 1 / (c.pdampPs * c.pdampPs);
  m.omegaMass = ((n + 1) * kT) / pfreq2;
  for (let k = 0; k < MTK_CHAIN; k++) m.etapMass[k] = kT / pfreq2;
}

/**
 * What LAMMPS's setup does at the start of a run: the masses, and the chains' higher
 * accelerations from their current velocities (the chains' first kicks use them).
 */
export function mtkSetup(m: MtkState, c: MtkSettings, n: number, dof: number, temperature: number, tdampPs: number) {
  setMasses(m, c, n, temperature);
  const kT = BOLTZMANN_EV * temperature;
  for (let k = 1; k < MTK_CHAIN; k++)
    m.etapDotDot[k] = (m.etapMass[k - 1] * m.etapDot[k - 1] ** 2 - kT) / m.etapMass[k];
  const p = m.particles;
  const tfreq2 = 1 / (tdampPs * tdampPs);
  p.etaMass[0] = (dof * kT) / tfreq2;
  for (let k = 1; k < MTK_CHAIN; k++) p.etaMass[k] = kT / tfreq2;
  for (let k = 1; k < MTK_CHAIN; k++) p.etaDotDot[k] = (p.etaMass[k - 1] * p.etaDot[k - 1] ** 2 - kT) / p.etaMass[k];
}

/** The barostat's chain over dt/2 (LAMMPS nhc_press_integrate); rescales ω̇. */
export function mtkChainHalfStep(m: MtkState, c: MtkSettings, n: number, temperature: number, dt: number): void {
  setMasses(m, c, n, temperature);
  const kT = BOLTZMANN_EV * temperature;
  const { etap, etapDot, etapDotDot, etapMass } = m;
  const dt4 = dt / 4;
  const dt8 = dt / 8;
  // three dimensions of one isotropic ω̇, against one k_B T (as LAMMPS counts them)
  const ke = () => 3 * m.omegaMass * m.omegaDot * m.omegaDot;
  etapDotDot[0] = (ke() - kT) / etapMass[0];
  for (let k = MTK_CHAIN - 1; k > 0; k--) {
    const e = Math.exp(-dt8 * etapDot[k + 1]);
    etapDot[k] = (etapDot[k] * e + etapDotDot[k] * dt4) * e;
  }
  const expfac = Math.exp(-dt8 * etapDot[1]);
  etapDot[0] = (etapDot[0] * expfac + etapDotDot[0] * dt4) * expfac;
  for (let k = 0; k < MTK_CHAIN; k++) etap[k] += (dt / 2) * etapDot[k];
  m.omegaDot *= Math.exp((-dt / 2) * etapDot[0]);
  etapDotDot[0] = (ke() - kT) / etapMass[0];
  etapDot[0] = (etapDot[0] * expfac + etapDotDot[0] * dt4) * expfac;
  for (let k = 1; k < MTK_CHAIN; k++) {
    const e = Math.exp(-dt8 * etapDot[k + 1]);
    etapDot[k] *= e;
    etapDotDot[k] = (etapMass[k - 1] * etapDot[k - 1] * etapDot[k - 1] - kT) / etapMass[k];
    etapDot[k] = (etapDot[k] + etapDotDot[k] * dt4) * e;
  }
}

/**
 * ω̇ over dt/2 from the pressure (bar) with the current kinetic energy (LAMMPS nh_omega_dot):
 * the force is (P − P₀)·V plus the MTK term 2K/(3N); sets term2 = ω̇/N.
 */
export function mtkOmegaHalfStep(
  m: MtkState,
  c: MtkSettings,
  n: number,
  pressureBar: number,
  volume: number,
  kinetic: number,
  dt: number,
): void {
  const term1 = (2 * kinetic) / (3 * n);
  const force = ((pressureBar - c.pressureBar) * volume) / (m.omegaMass * NKTV2P) + term1 / m.omegaMass;
  m.omegaDot += force * (dt / 2);
  m.term2 = m.omegaDot / n;
}

/** The factor velocities are scaled by around each kick (LAMMPS nh_v_press, both halves of it). */
export const mtkVelocityFactor = (m: MtkState, dt: number) => Math.exp((-dt / 2) * (m.omegaDot + m.term2));

/** The factor box and positions are scaled by over a step (LAMMPS remap, twice). */
export const mtkBoxFactor = (m: MtkState, dt: number) => Math.exp(dt * m.omegaDot);

/** The barostat's share of the conserved quantity, besides P₀V (LAMMPS fix npt compute_scalar). */
export function mtkEnergy(m: MtkState, temperature: number): number {
  const kT = BOLTZMANN_EV * temperature;
  let e = 3 * 0.5 * m.omegaMass * m.omegaDot * m.omegaDot;
  e += kT * m.etap[0] + 0.5 * m.etapMass[0] * m.etapDot[0] ** 2;
  for (let k = 1; k < MTK_CHAIN; k++) e += kT * m.etap[k] + 0.5 * m.etapMass[k] * m.etapDot[k] ** 2;
  return e;
}

export interface MtkSnapshot {
  omegaDot: number;
  term2: number;
  etap: number[];
  etapDot: number[];
  etapDotDot: number[];
  eta: number[];
  etaDot: number[];
  etaDotDot: number[];
}

export function snapshotMtk(m: MtkState): MtkSnapshot {
  return {
    omegaDot: m.omegaDot,
    term2: m.term2,
    etap: Array.from(m.etap),
    etapDot: Array.from(m.etapDot),
    etapDotDot: Array.from(m.etapDotDot),
    eta: Array.from(m.particles.eta),
    etaDot: Array.from(m.particles.etaDot),
    etaDotDot: Array.from(m.particles.etaDotDot),
  };
}

export function restoreMtk(m: MtkState, s: MtkSnapshot): void {
  m.omegaDot = s.omegaDot;
  m.term2 = s.term2;
  m.etap.set(s.etap);
  m.etapDot.set(s.etapDot);
  m.etapDotDot.set(s.etapDotDot);
  m.particles.eta.set(s.eta);
  m.particles.etaDot.set(s.etaDot);
  m.particles.etaDotDot.set(s.etaDotDot);
}
