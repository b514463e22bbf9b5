/** One force evaluation of a configuration, in the shape `ionsweep md single-point` prints. */
import { NKTV2P, type AtomConfiguration, type ForceFieldDescriptor } from '@ionsweep/shared';
import { compileForceField, type CompileOptions } from './forcefield/compile.js';
import { ForceEngine, type KernelChoice } from './forcefield/force-engine.js';
import { potentialEnergy } from './forcefield/energy.js';
import { stateFromConfiguration, volume, type MdState } from './state.js';
import { kineticEnergy } from './integrate/kinetic.js';

export interface SinglePointResult {
  /** total potential energy, eV */
  energy: number;
  energy_terms: {
    born: number;
    morse: number;
    coulomb_pair: number;
    coulomb_self: number;
    coulomb_kspace: number;
    manybody: number;
  };
  /** eV/Å, ordered by atom id */
  forces: [number, number, number][];
  /** Σ r_ij ⊗ f_ij: xx yy zz xy xz yz, eV */
  virial: number[];
  /** bar, including the kinetic part when the file has velocities */
  pressure: number;
  kinetic_energy: number;
}

export function singlePoint(
  conf: AtomConfiguration,
  ff: ForceFieldDescriptor,
  options: CompileOptions & { kernel?: KernelChoice } = {},
): SinglePointResult {
  const state = stateFromConfiguration(conf);
  // exact by default: a single point is what people compare against other codes
  const engine = new ForceEngine(compileForceField(ff, state, options), state, { kernel: options.kernel ?? 'exact' });
  engine.compute(state, true);
  return reportOf(state, engine);
}

export function reportOf(state: MdState, engine: ForceEngine): SinglePointResult {
  const r = engine.report;
  const order = Array.from({ length: state.n }, (_, k) => k).sort((a, b) => state.id[a] - state.id[b]);
  const ke = kineticEnergy(state);
  const trace = r.virial[0] + r.virial[1] + r.virial[2];
  return {
    energy: potentialEnergy(r),
    energy_terms: {
      born: r.born,
      morse: r.morse,
      coulomb_pair: r.coulombPair,
      coulomb_self: r.coulombSelf,
      coulomb_kspace: r.coulombKspace,
      manybody: r.manybody,
    },
    forces: order.map((k) => [state.f[3 * k], state.f[3 * k + 1], state.f[3 * k + 2]]),
    virial: Array.from(r.virial),
    pressure: ((2 * ke + trace) / (3 * volume(state))) * NKTV2P,
    kinetic_energy: ke,
  };
}
