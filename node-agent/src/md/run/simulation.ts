/**
 * The MD loop: velocity Verlet with an optional thermostat, a target temperature that may ramp
 * linearly (quenches), at fixed volume or at constant pressure (stochastic cell rescaling with
 * the CSVR thermostat), thermo and sampling hooks. Neighbour-list rebuilds (and atom re-sorts)
 * are forced at checkpoint boundaries so that a run restored from a checkpoint continues
 * bit-for-bit like the uninterrupted one.
 */
import { Rng, type RngState, type ThermoRow } from '@ionsweep/shared';
import type { MdState } from '../state.js';
import { volume } from '../state.js';
import type { ForceEngine } from '../forcefield/force-engine.js';
import { potentialEnergy } from '../forcefield/energy.js';
import { drift, halfKick, scaleVelocities } from '../integrate/velocity-verlet.js';
import { createNhc, nhcEnergy, nhcHalfStep, type NhcState } from '../integrate/nose-hoover-chain.js';
import { csvrFactor } from '../integrate/csvr.js';
import { degreesOfFreedom, kineticEnergy } from '../integrate/kinetic.js';
import {
  BAROSTAT_EVERY,
  crescaleFinish,
  crescaleStep,
  internalPressure,
  type CRescaleSettings,
  type CRescaleStep,
} from '../integrate/c-rescale.js';
import {
  createMtk,
  mtkBoxFactor,
  mtkChainHalfStep,
  mtkEnergy,
  mtkOmegaHalfStep,
  mtkSetup,
  mtkVelocityFactor,
  resetMtk,
  restoreMtk,
  snapshotMtk,
  type MtkSettings,
  type MtkSnapshot,
} from '../integrate/mtk.js';
import { BOLTZMANN_EV, NKTV2P } from '../units.js';

export type Ensemble = 'nve' | 'nvt' | 'csvr' | 'npt';

export interface Segment {
  ensemble: Ensemble;
  steps: number;
  /** target temperature at the start and end of the segment (linear ramp), K */
  tStart: number;
  tEnd: number;
  /** thermostat time constant, ps */
  tdamp: number;
  /** npt: the barostat: stochastic cell rescaling with CSVR, or (method 'mtk') MTK with Nosé–Hoover chains */
  barostat?: CRescaleSettings & { method?: 'mtk' };
}

const mtkSettings = (segment: Segment): MtkSettings => ({
  pressureBar: segment.barostat!.pressureBar,
  pdampPs: segment.barostat!.tauPs,
});

/** The engine's thermo row (shared with the thermo log's CSV: formats/thermo-csv.ts). */
export type Thermo = ThermoRow;

export interface RunHooks {
  thermoEvery?: number;
  onThermo?: (t: Thermo) => void;
  sampleEvery?: number;
  /** called with the unwrapped positions (x + image · box), in memory order, and the atom ids */
  onSample?: (step: number, unwrapped: Float64Array, ids: Int32Array) => void;
  checkpointEvery?: number;
  onCheckpoint?: (step: number) => void;
  /** checked every step: return true to stop early (after the current step) */
  shouldStop?: () => boolean;
}

/** Everything besides the per-atom arrays that a restart needs. */
export interface IntegratorSnapshot {
  step: number;
  nhc: { eta: number[]; etaDot: number[]; etaDotDot: number[]; etaMass: number[] };
  rng: RngState;
  thermostatEnergy: number;
  /** work of the barostat so far (npt), eV; absent in checkpoints written before NPT existed */
  barostatWork?: number;
  /** volume summed over the second half of the last NPT segment, and its samples */
  nptVolume?: { sum: number; count: number };
  /** the MTK barostat's state (npt with method mtk) */
  mtk?: MtkSnapshot;
  neighborBuilds: number;
}

export class Simulation {
  step = 0;
  readonly nhc: NhcState = createNhc(3);
  rng: Rng;
  /** energy the thermostats removed (so that total + this is conserved) */
  thermostatEnergy = 0;
  /** what the barostat exchanged (npt): total + P₀V + thermostat energy + this is conserved */
  readonly barostatWork = { value: 0 };
  /** the last NPT segment's volume over its second half (for `volume: npt_mean`) */
  readonly nptVolume = { sum: 0, count: 0 };
  /** the MTK barostat and its chains (npt, method mtk): fresh at each such segment, as a new LAMMPS fix */
  readonly mtk = createMtk();
  private readonly unwrapped: Float64Array;
  /** forces are valid for the current positions */
  private ready = false;

  constructor(
    readonly state: MdState,
    readonly engine: ForceEngine,
    readonly dt: number,
    seed: number,
  ) {
    this.rng = new Rng(seed, 0x6d64); // stream "md"
    this.unwrapped = new Float64Array(3 * state.n);
  }

  /**
   * Forces for the current positions. Lazy on purpose: a run being restored must not build a
   * neighbour list (and re-sort atoms) before `restore` has set the rebuild counter.
   */
  ensureForces(): void {
    if (this.ready) return;
    this.engine.compute(this.state, true);
    this.ready = true;
  }

  /** Runs one segment (or what is left of it after `done` steps of it). */
  run(segment: Segment, hooks: RunHooks = {}, done = 0): number {
    const s = this.state;
    this.ensureForces();
    // the barostat's first move needs the virial of the current positions
    if (segment.ensemble === 'npt') this.engine.compute(s, true);
    const dof = degreesOfFreedom(s);
    let k = done;
    for (; k < segment.steps; k++) {
      const frac = segment.steps > 1 ? (k + 1) / segment.steps : 1;
      const tTarget = segment.tStart + (segment.tEnd - segment.tStart) * frac;
      const nextStep = this.step + 1;
      const boundary = hooks.checkpointEvery !== undefined && nextStep % hooks.checkpointEvery === 0;
      const thermoNow = hooks.thermoEvery !== undefined && nextStep % hooks.thermoEvery === 0;
      if (segment.ensemble === 'npt') {
        if (k === 0) this.nptVolume.sum = this.nptVolume.count = 0;
        if (segment.barostat?.method === 'mtk') {
          if (k === 0) this.startMtk(segment, dof);
          const tPrev = segment.tStart + ((segment.tEnd - segment.tStart) * k) / Math.max(1, segment.steps);
          this.mtkStep(segment, dof, tPrev, tTarget, boundary);
        } else this.nptStep(segment, dof, tTarget, boundary, nextStep, thermoNow);
        if (2 * k >= segment.steps) {
          this.nptVolume.sum += volume(s);
          this.nptVolume.count++;
        }
      } else {
        if (segment.ensemble === 'nvt') this.nhcScale(dof, tTarget, segment.tdamp);
        halfKick(s, this.dt);
        drift(s, this.dt);
        if (boundary) this.engine.rebuild(s);
        this.engine.compute(s, thermoNow);
        halfKick(s, this.dt);
        if (segment.ensemble === 'nvt') this.nhcScale(dof, tTarget, segment.tdamp);
        else if (segment.ensemble === 'csvr') this.csvr(dof, tTarget, segment.tdamp, this.dt);
      }
      this.step = nextStep;
      if (thermoNow && hooks.onThermo) hooks.onThermo(this.thermo(segment, tTarget));
      if (hooks.sampleEvery !== undefined && hooks.onSample && nextStep % hooks.sampleEvery === 0) {
        hooks.onSample(nextStep, this.unwrappedPositions(), s.id);
      }
      if (boundary && hooks.onCheckpoint) hooks.onCheckpoint(nextStep);
      if (hooks.shouldStop?.()) return k + 1;
    }
    return k;
  }

  /** CSVR over `dt`, the energy it takes out counted. */
  private csvr(dof: number, tTarget: number, tdamp: number, dt: number): void {
    const ke = kineticEnergy(this.state);
    const factor = csvrFactor(ke, dof, tTarget, tdamp, dt, this.rng);
    scaleVelocities(this.state, factor);
    this.thermostatEnergy += ke * (1 - factor * factor);
  }

  /**
   * One step at constant pressure (Bernetti & Bussi's Trotter scheme): CSVR half step, kick,
   * the cell move around the drift (positions scaled by s, moved by v·dt·(s + 1/s)/2,
   * velocities divided by s), forces, kick, CSVR half step. The cell moves every
   * BAROSTAT_EVERY steps over that many steps' time; the virial, which costs an energy pass, is
   * needed only before and after a move.
   */
  private nptStep(
    segment: Segment,
    dof: number,
    tTarget: number,
    boundary: boolean,
    nextStep: number,
    thermoNow: boolean,
  ): void {
    const s = this.state;
    const c = segment.barostat!;
    const moves = nextStep % BAROSTAT_EVERY === 0;
    const dtCell = BAROSTAT_EVERY * this.dt;
    this.csvr(dof, tTarget, segment.tdamp, this.dt / 2);
    halfKick(s, this.dt);
    let move: CRescaleStep | null = null;
    if (moves) {
      const pInt = internalPressure(this.virialSum(), kineticEnergy(s), volume(s));
      move = crescaleStep(c, tTarget, pInt, volume(s), dtCell, this.rng, this.barostatWork);
      this.checkEdge(move.scaling, pInt, c.pressureBar);
      this.engine.rescaleBox(s, move.scaling);
      drift(s, (this.dt * (move.scaling + 1 / move.scaling)) / 2);
      scaleVelocities(s, 1 / move.scaling);
    } else drift(s, this.dt);
    if (boundary) this.engine.rebuild(s);
    this.engine.compute(s, moves || thermoNow || (nextStep + 1) % BAROSTAT_EVERY === 0);
    if (move) {
      const pAfter = internalPressure(this.virialSum(), kineticEnergy(s), volume(s));
      crescaleFinish(c, tTarget, pAfter, volume(s), dtCell, move, this.barostatWork);
    }
    halfKick(s, this.dt);
    this.csvr(dof, tTarget, segment.tdamp, this.dt / 2);
  }

  /** An MTK segment starts with fresh chains and barostat, set up as LAMMPS's fix npt is. */
  private startMtk(segment: Segment, dof: number): void {
    resetMtk(this.mtk);
    mtkSetup(this.mtk, mtkSettings(segment), this.state.n, dof, segment.tStart, segment.tdamp);
  }

  /**
   * One step of LAMMPS's fix npt (iso, MTK, Nosé–Hoover chains; mtk.ts has the sequence). The
   * box scales by e^{dt ω̇} about its corner (LAMMPS: its centre, a translation apart), with
   * the drift between the two half scalings: x ← s²x + s·dt·v, s = e^{dt ω̇/2}.
   * `tPrev` is the target before this step: LAMMPS's first barostat-chain half step uses it.
   */
  private mtkStep(segment: Segment, dof: number, tPrev: number, tTarget: number, boundary: boolean): void {
    const s = this.state;
    const m = this.mtk;
    const c = mtkSettings(segment);
    const n = s.n;
    mtkChainHalfStep(m, c, n, tPrev, this.dt);
    scaleVelocities(s, nhcHalfStep(m.particles, 2 * kineticEnergy(s), dof, tTarget, segment.tdamp, this.dt));
    this.mtkOmega(c);
    scaleVelocities(s, mtkVelocityFactor(m, this.dt));
    halfKick(s, this.dt);
    const scale = mtkBoxFactor(m, this.dt);
    this.checkEdge(scale, this.pressureNow() / NKTV2P, c.pressureBar);
    this.engine.rescaleBox(s, scale);
    drift(s, this.dt * Math.sqrt(scale));
    if (boundary) this.engine.rebuild(s);
    this.engine.compute(s, true);
    halfKick(s, this.dt);
    scaleVelocities(s, mtkVelocityFactor(m, this.dt));
    this.mtkOmega(c);
    scaleVelocities(s, nhcHalfStep(m.particles, 2 * kineticEnergy(s), dof, tTarget, segment.tdamp, this.dt));
    mtkChainHalfStep(m, c, n, tTarget, this.dt);
  }

  /** ω̇ over half a step from the pressure of the current velocities and the last virial. */
  private mtkOmega(c: MtkSettings): void {
    mtkOmegaHalfStep(
      this.mtk,
      c,
      this.state.n,
      this.pressureNow(),
      volume(this.state),
      kineticEnergy(this.state),
      this.dt,
    );
  }

  /** Pressure (bar) of the current velocities and the last force evaluation's virial. */
  private pressureNow(): number {
    return internalPressure(this.virialSum(), kineticEnergy(this.state), volume(this.state)) * NKTV2P;
  }

  /** A move that would leave a box edge under twice the cutoff stops the run, saying why. */
  private checkEdge(scaling: number, pInt: number, target: number): void {
    const s = this.state;
    const edge = Math.min(s.box[0], s.box[1], s.box[2]) * scaling;
    if (!(edge > 2 * this.engine.ff.cutoff))
      throw new Error(
        `the volume collapsed at step ${this.step + 1}: a box edge of ${edge.toFixed(2)} Å is under twice the cutoff ` +
          `(${this.engine.ff.cutoff} Å) at ${(pInt * NKTV2P).toFixed(0)} bar against ${target} bar; ` +
          'a larger system, or a pressure and force field that hold it together',
      );
  }

  /** The mean volume of the last NPT segment's second half, Å³ (null before any). */
  nptMeanVolume(): number | null {
    return this.nptVolume.count > 0 ? this.nptVolume.sum / this.nptVolume.count : null;
  }

  /** Sets the volume (scaling positions about the box corner) and recomputes the forces there. */
  setVolume(v: number): void {
    this.engine.rescaleBox(this.state, Math.cbrt(v / volume(this.state)));
    this.engine.rebuild(this.state);
    this.engine.compute(this.state, true);
    this.ready = true;
  }

  private virialSum(): number {
    const w = this.engine.report.virial;
    return w[0] + w[1] + w[2];
  }

  private nhcScale(dof: number, tTarget: number, tdamp: number): void {
    const factor = nhcHalfStep(this.nhc, 2 * kineticEnergy(this.state), dof, tTarget, tdamp, this.dt);
    scaleVelocities(this.state, factor);
  }

  /** Thermo quantities; energies are those of the last force evaluation with energy. */
  thermo(segment: Pick<Segment, 'ensemble' | 'barostat'>, tTarget: number): Thermo {
    const s = this.state;
    const r = this.engine.report;
    const pe = potentialEnergy(r);
    const ke = kineticEnergy(s);
    const dof = degreesOfFreedom(s);
    const mtk = segment.barostat?.method === 'mtk';
    const thermostat =
      segment.ensemble === 'nvt'
        ? nhcEnergy(this.nhc, dof, tTarget)
        : mtk
          ? nhcEnergy(this.mtk.particles, dof, tTarget)
          : this.thermostatEnergy;
    const barostat = segment.barostat
      ? (segment.barostat.pressureBar / NKTV2P) * volume(s) +
        (mtk ? mtkEnergy(this.mtk, tTarget) : this.barostatWork.value)
      : 0;
    return {
      step: this.step,
      time: this.step * this.dt,
      temperature: (2 * ke) / (dof * BOLTZMANN_EV),
      potential: pe,
      kinetic: ke,
      total: pe + ke,
      conserved: pe + ke + thermostat + barostat,
      pressure: ((2 * ke + r.virial[0] + r.virial[1] + r.virial[2]) / (3 * volume(s))) * NKTV2P,
      volume: volume(s),
    };
  }

  unwrappedPositions(): Float64Array {
    const s = this.state;
    const u = this.unwrapped;
    for (let i = 0; i < s.n; i++) {
      for (let d = 0; d < 3; d++) u[3 * i + d] = s.x[3 * i + d] + s.image[3 * i + d] * s.box[d];
    }
    return u;
  }

  snapshot(): IntegratorSnapshot {
    return {
      step: this.step,
      nhc: {
        eta: Array.from(this.nhc.eta),
        etaDot: Array.from(this.nhc.etaDot),
        etaDotDot: Array.from(this.nhc.etaDotDot),
        etaMass: Array.from(this.nhc.etaMass),
      },
      rng: this.rng.state(),
      thermostatEnergy: this.thermostatEnergy,
      barostatWork: this.barostatWork.value,
      nptVolume: { ...this.nptVolume },
      mtk: snapshotMtk(this.mtk),
      neighborBuilds: this.engine.list.builds,
    };
  }

  /**
   * Restores the integrator after the per-atom arrays were loaded: rebuilds the neighbour list
   * exactly as the original run did at this checkpoint boundary and recomputes the forces.
   */
  restore(snap: IntegratorSnapshot): void {
    this.step = snap.step;
    this.nhc.eta.set(snap.nhc.eta);
    this.nhc.etaDot.set(snap.nhc.etaDot);
    this.nhc.etaDotDot.set(snap.nhc.etaDotDot);
    this.nhc.etaMass.set(snap.nhc.etaMass);
    this.rng = Rng.fromState(snap.rng);
    this.thermostatEnergy = snap.thermostatEnergy;
    this.barostatWork.value = snap.barostatWork ?? 0;
    Object.assign(this.nptVolume, snap.nptVolume ?? { sum: 0, count: 0 });
    if (snap.mtk) restoreMtk(this.mtk, snap.mtk);
    this.engine.list.builds = snap.neighborBuilds - 1;
    this.engine.rebuild(this.state);
    this.engine.compute(this.state, true);
    this.ready = true;
  }
}
