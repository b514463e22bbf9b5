import { describe, expect, it } from 'vitest';
import { NKTV2P } from '@ionsweep/shared';
import { singlePoint } from '@ionsweep/node-agent';
import { fixturePath, loadForceFieldFile, loadLammpsFixture, NS_BUCK, relativeRms } from '../helpers/fixtures.js';

const volume = (c: { lo: number[]; hi: number[] }) => c.hi.reduce((a, h, d) => a * (h - c.lo[d]), 1);

describe('forces, energy and virial equal LAMMPS', () => {
  const cases = [
    { name: 'ns9-melt', ff: NS_BUCK, what: 'NS9 melt, 3000 atoms, born/coul/dsf' },
    {
      name: 'ns-m3-morse',
      ff: () => loadForceFieldFile(fixturePath('ns-buck-morse.yaml')),
      what: 'x = 0.5, m = 3, Buckingham + S–S Morse',
    },
  ];
  for (const c of cases) {
    describe(c.what, () => {
      const ref = loadLammpsFixture(c.name);
      const ff = c.ff();
      ref.conf.velocities = null; // LAMMPS's virial pressure has no kinetic part

      it('exact kernel: relative RMS force error ≤ 1e-9, energy and pressure tensor to 1e-10', () => {
        const r = singlePoint(ref.conf, ff);
        expect(relativeRms(r.forces, ref.forces)).toBeLessThan(1e-9);
        expect(Math.abs(r.energy - ref.pe) / Math.abs(ref.pe)).toBeLessThan(1e-10);
        const terms = r.energy_terms;
        expect(terms.born + terms.morse).toBeCloseTo(ref.evdwl, 6);
        expect(terms.coulomb_pair + terms.coulomb_self).toBeCloseTo(ref.ecoul, 6);
        const V = volume(ref.conf);
        r.virial.forEach((w, k) =>
          expect(Math.abs((w / V) * NKTV2P - ref.tensor[k])).toBeLessThan(1e-10 * Math.abs(ref.pressure)),
        );
        expect(r.pressure).toBeCloseTo(ref.pressure, 4);
      });

      it('tabulated kernel: relative RMS force error ≤ 1e-6 (measured ≈1e-10)', () => {
        const r = singlePoint(ref.conf, ff, { kernel: 'tabulated' });
        expect(relativeRms(r.forces, ref.forces)).toBeLessThan(1e-6);
        expect(Math.abs(r.energy - ref.pe) / Math.abs(ref.pe)).toBeLessThan(1e-8);
      });

      it('WebAssembly SIMD kernel (the default): relative RMS force error ≤ 1e-6, as the tabulated one', () => {
        const r = singlePoint(ref.conf, ff, { kernel: 'wasm' });
        expect(relativeRms(r.forces, ref.forces)).toBeLessThan(1e-6);
        expect(Math.abs(r.energy - ref.pe) / Math.abs(ref.pe)).toBeLessThan(1e-8);
      });

      it('polynomial erfc (as LAMMPS coul/dsf) differs from born/coul/dsf by the polynomial error only', () => {
        const poly = { ...ff, coulomb: { ...ff.coulomb, erfc: 'polynomial' as const } };
        const err = relativeRms(singlePoint(ref.conf, poly).forces, ref.forces);
        expect(err).toBeGreaterThan(1e-9);
        expect(err).toBeLessThan(1e-5);
      });
    });
  }

  it('Ewald equals born/coul/long + kspace ewald (1e-12) to ≤ 1e-5', () => {
    const ref = loadLammpsFixture('ewald');
    ref.conf.velocities = null;
    const r = singlePoint(ref.conf, NS_BUCK(), { coulomb: 'ewald' });
    expect(relativeRms(r.forces, ref.forces)).toBeLessThan(1e-5);
    expect(Math.abs(r.energy - ref.pe) / Math.abs(ref.pe)).toBeLessThan(1e-6);
    const coulomb = r.energy_terms.coulomb_pair + r.energy_terms.coulomb_self + r.energy_terms.coulomb_kspace;
    expect(Math.abs(coulomb - (ref.ecoul + ref.elong)) / Math.abs(ref.ecoul + ref.elong)).toBeLessThan(1e-6);
    expect(Math.abs(r.pressure - ref.pressure)).toBeLessThan(1e-5 * Math.abs(ref.tensor[0]) + 0.1);
  });
});
