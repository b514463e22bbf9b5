/**
 * The WebAssembly SIMD kernel against its references: the JS tabulated kernel (same tables, so
 * equal to rounding), the exact kernel, LAMMPS `pair_style table` written from the same force
 * field (its own interpolation), and itself on 1, 2 and 3 threads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLammpsData, type AtomConfiguration } from '@ionsweep/shared';
import {
  buildNeighborList,
  cloneState,
  compileForceField,
  createNeighborList,
  ForceEngine,
  lammpsTableSetup,
  Simulation,
  stateFromConfiguration,
  type ForceEngineOptions,
  type MdState,
} from '@ionsweep/node-agent';
import { smallSystem } from '../helpers/systems.js';
import { loadLammpsFixture, NS_BUCK, relativeRms } from '../helpers/fixtures.js';
import { runLammps } from '../../bench/lib/lammps.js';

const ff = NS_BUCK();

function forces(state: MdState, options: Partial<ForceEngineOptions>, f = ff): Float64Array {
  const s = cloneState(state);
  const engine = new ForceEngine(compileForceField(f, s), s, { sortEvery: 0, ...options });
  engine.compute(s, false);
  engine.dispose();
  return s.f.slice();
}

function relative(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

describe('WebAssembly SIMD pair kernel', () => {
  const melt = stateFromConfiguration(loadLammpsFixture('ns9-melt').conf);
  const small = smallSystem(300, 5, 6);

  it('runs by default and equals the JS tabulated kernel to rounding (cell list and all-pairs list)', () => {
    const engine = new ForceEngine(compileForceField(ff, melt), cloneState(melt));
    expect(engine.kernel).toBe('wasm');
    expect(engine.fallbackReason).toBeNull();
    expect(relative(forces(melt, { kernel: 'wasm' }), forces(melt, { kernel: 'tabulated' }))).toBeLessThan(1e-13);
    // a 15 Å box: fewer than 5 cells a side, so the list is built from all pairs
    const s = small.state;
    const f = (k: 'wasm' | 'tabulated' | 'exact') => forces(s, { kernel: k }, small.ff);
    expect(relative(f('wasm'), f('tabulated'))).toBeLessThan(1e-13);
    expect(relative(f('wasm'), f('exact'))).toBeLessThan(1e-8);
  });

  it('builds the neighbour list the JS builder builds, entry for entry, on 1, 2 and 3 threads', () => {
    const s = cloneState(melt);
    const js = createNeighborList(s.n, 3, ff.cutoff, 2);
    buildNeighborList(js, s);
    const count = js.start[s.n];
    expect(count).toBeGreaterThan(400_000);
    for (const threads of [1, 2, 3]) {
      const engine = new ForceEngine(compileForceField(ff, s), cloneState(s), { sortEvery: 0, threads });
      const wasm = createNeighborList(s.n, 3, ff.cutoff, 2);
      // twice: the first build grows the room (every block overflows its stretch and is built
      // again), the second fills blocks split as the first list's, with gaps between them
      for (let build = 0; build < 2; build++) {
        buildNeighborList(wasm, s, engine.wasm!.buildRows);
        expect(wasm.start).toEqual(js.start);
        expect(wasm.nbr.subarray(0, count)).toEqual(js.nbr.subarray(0, count));
        engine.compute(s, false);
      }
      engine.dispose();
    }
  });

  it('leaves pairs closer than the table to the exact formulas, as the JS kernel does', () => {
    const s = cloneState(melt);
    // move atom 1 to 1.0 Å from atom 0 (the table starts at 1.2 Å)
    for (let d = 0; d < 3; d++) s.x[3 + d] = s.x[d] + (d === 0 ? 1.0 : 0);
    const wasm = forces(s, { kernel: 'wasm' });
    expect(relative(wasm, forces(s, { kernel: 'exact' }))).toBeLessThan(1e-8);
    expect(Math.abs(wasm[0] - forces(s, { kernel: 'exact' })[0])).toBeLessThan(1e-6 * Math.abs(wasm[0]));
  });

  it("energy and virial in WebAssembly equal the JS tables' (close contacts by the formulas, as there)", () => {
    const report = (s: MdState, kernel: 'wasm' | 'tabulated' | 'exact', threads = 1) => {
      const c = cloneState(s);
      const engine = new ForceEngine(compileForceField(ff, c), c, { sortEvery: 0, kernel, threads });
      engine.compute(c, true);
      engine.dispose();
      const r = engine.report;
      return { e: r.born + r.morse + r.coulombPair + r.coulombSelf, virial: r.virial.slice() };
    };
    const close = cloneState(melt);
    for (let d = 0; d < 3; d++) close.x[3 + d] = close.x[d] + (d === 0 ? 1.0 : 0);
    for (const s of [melt, close]) {
      const js = report(s, 'tabulated');
      for (const threads of [1, 2]) {
        const w = report(s, 'wasm', threads);
        expect(Math.abs(w.e - js.e)).toBeLessThan(1e-11 * Math.abs(js.e));
        expect(relative(w.virial, js.virial)).toBeLessThan(1e-11);
      }
      // and the tables' energy is the formulas' to the tables' accuracy
      expect(Math.abs(report(s, 'wasm').e - report(s, 'exact').e)).toBeLessThan(1e-7 * Math.abs(js.e));
    }
    // the close pair is in: without its exact term the energy would differ by far more
    expect(Math.abs(report(close, 'wasm').e - report(melt, 'wasm').e)).toBeGreaterThan(1);
  });

  it('prunes its rows between builds and follows the unpruned kernel bit for bit (NVT, and MTK NPT)', () => {
    // MTK scales the box every step: the pruning's positions and reach must follow it
    const barostat = { pressureBar: 1, tauPs: 0.2, compressibilityPerBar: 5e-6, method: 'mtk' as const };
    const run = (pruneReach: number, ensemble: 'nvt' | 'npt') => {
      const s = cloneState(melt);
      const engine = new ForceEngine(compileForceField(ff, s), s, { pruneReach, sortEvery: 0 });
      const forcesAt: Float64Array[] = [];
      new Simulation(s, engine, 0.001, 3).run(
        { ensemble, steps: 150, tStart: 2500, tEnd: 2500, tdamp: 0.1, barostat },
        { thermoEvery: 50, onThermo: () => forcesAt.push(s.f.slice()) },
      );
      engine.dispose();
      return {
        x: s.x.slice(),
        forcesAt,
        prunings: engine.wasm!.prunings,
        builds: engine.list.builds,
        volume: s.box[0],
      };
    };
    for (const ensemble of ['nvt', 'npt'] as const) {
      const whole = run(2, ensemble); // reach = skin: the rows are the list's
      const pruned = run(0.4, ensemble);
      // the same pairs within the cutoff, packed alike (the rows here are shorter than a chunk,
      // so the pairs beyond the cutoff change no SIMD lane): the very same trajectory
      for (let k = 0; k < whole.forcesAt.length; k++) expect(pruned.forcesAt[k]).toEqual(whole.forcesAt[k]);
      expect(pruned.x).toEqual(whole.x);
      if (ensemble === 'npt') expect(Math.abs(pruned.volume / melt.box[0] - 1)).toBeGreaterThan(1e-4);
      // pruned again between builds (and, at reach = skin, only at builds: the box scaling is not motion)
      expect(pruned.prunings).toBeGreaterThan(2 * pruned.builds);
      expect(whole.prunings).toBe(whole.builds);
    }
  });

  it('falls back, saying why, when the system cannot be tabulated', () => {
    const s = cloneState(melt);
    // two atoms of one type with other charges (the system stays neutral)
    const k = s.type.findIndex((t, i) => i > 0 && t === s.type[0]);
    s.q[0] += 0.01;
    s.q[k] -= 0.01;
    const engine = new ForceEngine(compileForceField(ff, s), s, { kernel: 'wasm' });
    expect(engine.kernel).toBe('exact');
    expect(engine.fallbackReason).toMatch(/different charges/);
  });

  it('threads: the same forces on 1, 2 and 3 threads, and exactly the same for the same count', () => {
    const one = forces(melt, { threads: 1 });
    const two = forces(melt, { threads: 2 });
    expect(relative(two, one)).toBeLessThan(1e-14);
    expect(relative(forces(melt, { threads: 3 }), one)).toBeLessThan(1e-14);
    expect(forces(melt, { threads: 2 })).toEqual(two);
  });

  it('threads: a 2-thread NVT run is deterministic and follows the 1-thread run', () => {
    const run = (threads: number) => {
      const s = cloneState(melt);
      const engine = new ForceEngine(compileForceField(ff, s), s, { threads });
      new Simulation(s, engine, 0.001, 3).run(
        { ensemble: 'nvt', steps: 200, tStart: 2000, tEnd: 2000, tdamp: 0.1 },
        { thermoEvery: 100 },
      );
      engine.dispose();
      return s.x.slice();
    };
    const a = run(2);
    expect(run(2)).toEqual(a);
    // chaos amplifies the last-bit differences of the summation order, but not in 200 steps
    expect(relative(a, run(1))).toBeLessThan(1e-9);
  });
});

describe('LAMMPS pair_style table written from the force field (lammpsTableSetup)', () => {
  it('gives our forces to the accuracy of its linear interpolation', () => {
    const ref = loadLammpsFixture('ns9-melt');
    const conf: AtomConfiguration = { ...ref.conf, velocities: null };
    const s = stateFromConfiguration(conf);
    const setup = lammpsTableSetup(compileForceField(ff, s), s);
    expect(setup.commands).toMatch(/^pair_style table linear 20000$/m);
    expect(setup.commands.match(/^pair_coeff /gm)).toHaveLength(6);
    const { log, dir } = runLammps(
      [
        'units metal',
        'atom_style charge',
        'boundary p p p',
        'read_data start.data',
        setup.commands,
        'neighbor 2.0 bin',
        'dump d all custom 1 forces.dump id fx fy fz',
        'dump_modify d sort id format float %.17g',
        'run 0',
      ].join('\n'),
      { 'start.data': writeLammpsData(conf), ...setup.files },
    );
    expect(log).toMatch(/Loop time/);
    const lines = runLammpsDump(dir);
    expect(relativeRms(lines, ref.forces)).toBeLessThan(1e-4);
  });
});

/** Forces by atom id from the dump the table run wrote. */
function runLammpsDump(dir: string): number[][] {
  const rows = readFileSync(join(dir, 'forces.dump'), 'utf8').trim().split('\n');
  const at = rows.findIndex((l) => l.startsWith('ITEM: ATOMS'));
  return rows.slice(at + 1).map((l) => l.trim().split(/\s+/).slice(1).map(Number));
}
