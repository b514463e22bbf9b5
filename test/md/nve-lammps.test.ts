import { describe, expect, it } from 'vitest';
import { loadLammpsFixture, NS_BUCK } from '../helpers/fixtures.js';
import { compareNve, driftSummary } from '../../bench/lib/nve.js';

describe('NVE energy conservation, against LAMMPS on the same run', () => {
  it('2000 K, dt = 1 fs, 10 ps: drift per atom per ps no worse than LAMMPS', () => {
    // 600-atom NS9 configuration, box 24.9 Å
    const run = compareNve(loadLammpsFixture('ewald').conf, NS_BUCK(), {
      temperature: 2000,
      seed: 2024,
      steps: 10_000,
    });
    const driftOurs = Math.abs(driftSummary(run.ours).drift);
    const driftLammps = Math.abs(driftSummary(run.lammps).drift);
    console.log(
      `NVE drift, eV/atom/ps: ionsweep ${driftOurs.toExponential(2)}, LAMMPS ${driftLammps.toExponential(2)} (${run.kernel} kernel)`,
    );
    // same start: the first thermo energies (step 100) agree; the trajectories separate later, chaotically
    expect(run.ours.times[0]).toBeCloseTo(0.1, 12);
    expect(run.lammps.times[0]).toBeCloseTo(0.1, 12);
    expect(Math.abs(run.ours.perAtom[0] - run.lammps.perAtom[0])).toBeLessThan(1e-6);
    // both conserve energy well; ours no worse than LAMMPS (noise allowance: ×1.5 or 5e-6 eV/atom/ps)
    expect(driftOurs).toBeLessThan(Math.max(1.5 * driftLammps, 5e-6));
  }, 240_000);
});
