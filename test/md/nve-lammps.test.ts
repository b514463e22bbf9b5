import { describe, expect, it } from 'vitest';
import { lammpsPairCommands, linearFit, Rng, writeLammpsData } from '@ionsweep/shared';
import {
  compileForceField,
  configurationFromState,
  ForceEngine,
  initVelocities,
  Simulation,
  stateFromConfiguration,
} from '@ionsweep/node-agent';
import { loadLammpsFixture, NS_BUCK } from '../helpers/fixtures.js';
import { lammpsNve } from '../../bench/lib/lammps.js';

const slope = (t: number[], y: number[]) => linearFit(t, y).slope;

describe('NVE energy conservation, against LAMMPS on the same run', () => {
  it('2000 K, dt = 1 fs, 10 ps: drift per atom per ps no worse than LAMMPS', () => {
    const ff = NS_BUCK();
    const conf = loadLammpsFixture('ewald').conf; // 600-atom NS9 configuration, box 24.9 Å
    const state = stateFromConfiguration(conf);
    initVelocities(state, 2000, new Rng(2024));
    const start = writeLammpsData(configurationFromState(state, 'NVE start'));
    const steps = 10_000;

    const lrows = lammpsNve(lammpsPairCommands(ff, state.typeElements), start, steps);
    const engine = new ForceEngine(compileForceField(ff, state), state);
    const sim = new Simulation(state, engine, 0.001, 1);
    const ours: number[] = [];
    const times: number[] = [];
    sim.run(
      { ensemble: 'nve', steps, tStart: 0, tEnd: 0, tdamp: 1 },
      { thermoEvery: 100, onThermo: (t) => (ours.push(t.total), times.push(t.time)) },
    );

    const n = state.n;
    const lt = lrows.map((r) => r.step * 0.001);
    const driftLammps = Math.abs(
      slope(
        lt,
        lrows.map((r) => r.etotal / n),
      ),
    );
    const driftOurs = Math.abs(
      slope(
        times,
        ours.map((e) => e / n),
      ),
    );
    console.log(
      `NVE drift, eV/atom/ps: ionsweep ${driftOurs.toExponential(2)}, LAMMPS ${driftLammps.toExponential(2)} (${engine.kernel} kernel)`,
    );
    // same start: the first thermo energies agree (the trajectories separate later, chaotically)
    expect(Math.abs(ours[0] - lrows.find((r) => r.step === 100)!.etotal) / n).toBeLessThan(1e-6);
    // both conserve energy well; ours no worse than LAMMPS (noise allowance: ×1.5 or 5e-6 eV/atom/ps)
    expect(driftOurs).toBeLessThan(Math.max(1.5 * driftLammps, 5e-6));
  }, 240_000);
});
