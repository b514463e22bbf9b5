import { describe, expect, it } from 'vitest';
import { loadLammpsFixture, NS_BUCK } from '../helpers/fixtures.js';
import { compareNve, meanAbsDrift, type EnergySeries } from '../../bench/lib/nve.js';

describe('NVE energy conservation, against LAMMPS on the same runs', () => {
  // Three starts per code, compared by their mean |drift|: single 10 ps runs of the same model
  // scatter from 7e-6 to 1.8e-5 eV/atom/ps (LAMMPS and ours alike), too much to compare one by one.
  it('2000 K, dt = 1 fs, 3 × 5 ps: drift per atom per ps no worse than LAMMPS', () => {
    // 600-atom NS9 configuration, box 24.9 Å
    const ours: EnergySeries[] = [];
    const lammps: EnergySeries[] = [];
    for (const seed of [2024, 2025, 2026]) {
      const run = compareNve(loadLammpsFixture('ewald').conf, NS_BUCK(), { temperature: 2000, seed, steps: 5000 });
      // same start: the first thermo energies (step 100) agree; the trajectories separate later, chaotically
      expect(run.ours.times[0]).toBeCloseTo(0.1, 12);
      expect(run.lammps.times[0]).toBeCloseTo(0.1, 12);
      expect(Math.abs(run.ours.perAtom[0] - run.lammps.perAtom[0])).toBeLessThan(1e-6);
      ours.push(run.ours);
      lammps.push(run.lammps);
    }
    const a = meanAbsDrift(ours);
    const b = meanAbsDrift(lammps);
    const fmt = (d: { mean: number; se: number }) => `${d.mean.toExponential(2)} ± ${d.se.toExponential(1)}`;
    console.log(`NVE drift, eV/atom/ps, mean |drift| of 3 runs: ionsweep ${fmt(a)}, LAMMPS ${fmt(b)}`);
    // both conserve energy well; ours no worse than LAMMPS (allowance: ×1.5 plus twice the spread, or 5e-6)
    expect(a.mean).toBeLessThan(Math.max(1.5 * b.mean + 2 * (a.se + b.se), 5e-6));
  }, 300_000);
});
