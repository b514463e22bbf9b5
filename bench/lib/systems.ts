/** Small systems for fast engine tests and benchmarks: ns-buck-2026 with a shorter cutoff, random placement. */
import {
  compileForceField,
  fireMinimize,
  ForceEngine,
  placeAtoms,
  stateFromConfiguration,
  type MdState,
} from '@ionsweep/node-agent';
import { withCutoff, type ForceFieldDescriptor } from '@ionsweep/shared';
import { nsBuck } from './engine.js';

/** A relaxed NS9-like system of about `atoms` atoms at 1.95 g/cm³. */
export function smallSystem(atoms: number, seed: number, cutoff = 6): { state: MdState; ff: ForceFieldDescriptor } {
  const ff = withCutoff(nsBuck(), cutoff);
  const na = Math.round(atoms / 15);
  const si = Math.round((atoms * 4.5) / 15);
  const conf = placeAtoms(
    {
      counts: [
        ['Na', na],
        ['Si', si],
        ['S', atoms - na - si],
      ],
      density: 1.95,
      chargeNeutrality: 'rescale-anion',
      seed,
      minSeparation: 1.8,
    },
    ff,
  );
  const state = stateFromConfiguration(conf);
  fireMinimize(state, new ForceEngine(compileForceField(ff, state), state, { kernel: 'exact' }), {
    maxSteps: 300,
    fmax: 2,
  });
  return { state, ff };
}

/**
 * The force field without its −C/r⁶ dispersion: a potential continuous at the cutoff. ns-buck-2026's
 * dispersion is not shifted there, so every pair crossing the cutoff as a box breathes changes the
 * energy by ≈ 1 meV without a force (LAMMPS alike): conserved-quantity checks at constant pressure
 * use this instead.
 */
export function withoutDispersion(ff: ForceFieldDescriptor): ForceFieldDescriptor {
  return {
    ...ff,
    pairs: ff.pairs.map((p) => ({ ...p, terms: p.terms.map((t) => (t.kind === 'born' ? { ...t, C: 0 } : t)) })),
  };
}
