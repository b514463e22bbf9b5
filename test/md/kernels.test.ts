import { describe, expect, it } from 'vitest';
import {
  compileForceField,
  cloneState,
  ForceEngine,
  potentialEnergy,
  referencePairForces,
  type KernelChoice,
  type MdState,
} from '@ionsweep/node-agent';
import { smallSystem } from '../helpers/systems.js';

function forcesAndEnergy(
  state: MdState,
  ff: ReturnType<typeof smallSystem>['ff'],
  kernel: KernelChoice,
  coulomb?: 'ewald',
) {
  const engine = new ForceEngine(compileForceField(ff, state, { coulomb }), state, { kernel, sortEvery: 0 });
  engine.compute(state, true);
  return { f: state.f.slice(), e: potentialEnergy(engine.report), virial: engine.report.virial.slice() };
}

describe('pair kernels', () => {
  const { state, ff } = smallSystem(300, 5, 6);

  it('the exact kernel equals the slow reference path', () => {
    const fast = forcesAndEnergy(state, ff, 'exact');
    const ref = referencePairForces(state, compileForceField(ff, state));
    for (let i = 0; i < fast.f.length; i++) expect(fast.f[i]).toBeCloseTo(ref.forces[i], 9);
    expect(fast.e).toBeCloseTo(potentialEnergy(ref.report), 8);
    for (let k = 0; k < 6; k++) expect(fast.virial[k]).toBeCloseTo(ref.report.virial[k], 7);
  });

  it('the tabulated kernel agrees with the exact one to 1e-8 relative', () => {
    const exact = forcesAndEnergy(state, ff, 'exact');
    const tab = forcesAndEnergy(state, ff, 'tabulated');
    let num = 0,
      den = 0;
    for (let i = 0; i < exact.f.length; i++) {
      num += (tab.f[i] - exact.f[i]) ** 2;
      den += exact.f[i] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(1e-8);
    expect(Math.abs(tab.e - exact.e) / Math.abs(exact.e)).toBeLessThan(1e-10);
  });

  for (const [kernel, coulomb] of [
    ['exact', undefined],
    ['tabulated', undefined],
    ['exact', 'ewald'],
  ] as const) {
    it(`F = −∇U by central differences (${kernel}${coulomb ? ', ewald' : ''})`, () => {
      const s = cloneState(state);
      const base = forcesAndEnergy(s, ff, kernel, coulomb);
      const h = 1e-5;
      for (const k of [0, 7, 151, 3 * 299 + 2]) {
        const x0 = s.x[k];
        s.x[k] = x0 + h;
        const ep = forcesAndEnergy(s, ff, kernel, coulomb).e;
        s.x[k] = x0 - h;
        const em = forcesAndEnergy(s, ff, kernel, coulomb).e;
        s.x[k] = x0;
        const numeric = -(ep - em) / (2 * h);
        expect(Math.abs(numeric - base.f[k])).toBeLessThan(1e-4 * Math.max(1, Math.abs(base.f[k])));
      }
    });
  }

  it('forces are unchanged by the spatial re-sort and by translating the system', () => {
    const a = forcesAndEnergy(state, ff, 'exact');
    const moved = cloneState(state);
    moved.x.forEach((v, i) => (moved.x[i] = v + [3.3, -7.1, 11.9][i % 3]));
    const engine = new ForceEngine(compileForceField(ff, moved), moved, { kernel: 'exact', sortEvery: 1 });
    engine.compute(moved, true);
    expect(potentialEnergy(engine.report)).toBeCloseTo(a.e, 7);
    const byId = new Map<number, number>();
    moved.id.forEach((id, k) => byId.set(id, k));
    for (let k = 0; k < state.n; k++) {
      const m = byId.get(state.id[k])!;
      for (let d = 0; d < 3; d++) expect(moved.f[3 * m + d]).toBeCloseTo(a.f[3 * k + d], 8);
    }
  });
});
