/**
 * The structure analysis held to independent references: g(r) to LAMMPS `compute rdf` on the
 * same frames (one data file, and the average over a LAMMPS trajectory), bond and angle counts
 * to a brute-force count over all pairs, and S(k) of antifluorite Na2S to its reflections.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeStructure,
  DEFAULT_STRUCTURE_SETTINGS,
  elementsOfTypes,
  lammpsPairCommands,
  readLammpsData,
  readLammpsDump,
  writeLammpsData,
  Rng,
  type StructureFrame,
  type StructureReport,
} from '@ionsweep/shared';
import { fixturePath, NS_BUCK } from '../helpers/fixtures.js';
import { runLammps } from '../../bench/lib/lammps.js';

const TYPES = ['Na', 'Si', 'S'];
const melt = () => readFileSync(fixturePath('ns9-melt/system.data'), 'utf8');

function frameOf(box: number[], positions: Float64Array, types: Int32Array, typeElements = TYPES): StructureFrame {
  return { box: [box[0], box[1], box[2]], positions, ...elementsOfTypes(types, typeElements) };
}

function analyse(frames: StructureFrame[], cutoffs: Record<string, number> = {}, extra = {}): StructureReport {
  const settings = { ...DEFAULT_STRUCTURE_SETTINGS, cutoffs: new Map(Object.entries(cutoffs)), ...extra };
  return analyzeStructure(frames[0].elements, settings, (visit) => frames.forEach(visit));
}

/** LAMMPS compute rdf (500 bins to 10 Å, all six type pairs) averaged by fix ave/time. */
function lammpsRdf(extra: string[], every: number, repeat: number, steps: number, data: string) {
  const { dir } = runLammps(
    [
      'units metal',
      'atom_style charge',
      'boundary p p p',
      'read_data start.data',
      lammpsPairCommands(NS_BUCK(), TYPES),
      'neighbor 2.0 bin',
      'compute rdf all rdf 500 1 1 1 2 1 3 2 2 2 3 3 3 cutoff 10.0',
      `fix r all ave/time ${every} ${repeat} ${every * repeat} c_rdf[*] file rdf.txt mode vector format " %.15g"`,
      ...extra,
      'timestep 0.001',
      `run ${steps}`,
    ].join('\n'),
    { 'start.data': data },
  );
  const rows = readFileSync(join(dir, 'rdf.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((v) => v.length > 2);
  // columns: row, r, then g and coord for each pair
  return { dir, r: rows.map((v) => v[1]), g: (p: number) => rows.map((v) => v[2 + 2 * p]) };
}

const PAIRS = ['Na-Na', 'Na-Si', 'Na-S', 'Si-Si', 'Si-S', 'S-S'];

describe('g(r) equals LAMMPS compute rdf', () => {
  it('on one frame (the 3000-atom NS9 melt)', () => {
    const lmp = lammpsRdf([], 1, 1, 0, melt());
    const conf = readLammpsData(melt(), { types: TYPES });
    const ours = analyse([frameOf([42.6, 42.6, 42.6], conf.positions, conf.types)]);
    PAIRS.forEach((name, p) => {
      const mine = ours.pairs[name].rdf;
      expect(mine.r.length).toBe(500);
      mine.r.forEach((r, k) => expect(r).toBeCloseTo(lmp.r[k], 10));
      const diff = Math.max(...mine.g.map((g, k) => Math.abs(g - lmp.g(p)[k])));
      expect(diff, name).toBeLessThan(1e-9);
    });
    expect(ours.pairs['Si-S'].first_peak).toBeGreaterThan(2.0);
    expect(ours.pairs['Si-S'].first_peak).toBeLessThan(2.2);
  });

  it('averaged over the frames of a LAMMPS trajectory, read from its dump', () => {
    const lmp = lammpsRdf(
      [
        'velocity all create 2000 5 dist gaussian',
        'fix e all nve',
        'dump d all custom 10 traj.lammpstrj id type x y z',
        'dump_modify d format float %.17g',
      ],
      10,
      3,
      30,
      melt(),
    );
    const traj = readLammpsDump(readFileSync(join(lmp.dir, 'traj.lammpstrj'), 'utf8'));
    expect(traj.frames).toHaveLength(4);
    // fix ave/time averaged steps 10, 20, 30
    const frames = traj.frames.slice(1).map((f) => frameOf([42.6, 42.6, 42.6], f.positions, f.types));
    const ours = analyse(frames);
    PAIRS.forEach((name, p) => {
      const diff = Math.max(...ours.pairs[name].rdf.g.map((g, k) => Math.abs(g - lmp.g(p)[k])));
      expect(diff, name).toBeLessThan(1e-9);
    });
  });
});

describe('by species (S0 beside S)', () => {
  it('splits g(r) as LAMMPS compute rdf by type, and the element bonds into species bonds', () => {
    // the melt with every third S relabelled S0 (type 4): a structure, not a force field, is tested
    const conf = readLammpsData(melt(), { types: TYPES });
    let s = 0;
    const types = Int32Array.from(conf.types, (t) => (t === 3 && s++ % 3 === 0 ? 4 : t));
    const data = writeLammpsData({
      ...conf,
      types,
      typeElements: [...TYPES, 'S0'],
      masses: [...conf.masses, conf.masses[2]],
    });
    const { dir } = runLammps(
      [
        'units metal',
        'atom_style charge',
        'read_data start.data',
        'pair_style zero 10.0',
        'pair_coeff * *',
        'compute rdf all rdf 500 1 3 1 4 3 4 4 4 cutoff 10.0',
        'fix r all ave/time 1 1 1 c_rdf[*] file rdf.txt mode vector format " %.15g"',
        'run 0',
      ].join('\n'),
      { 'start.data': data },
    );
    const rows = readFileSync(join(dir, 'rdf.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter((v) => v.length > 2);
    const frame = frameOf([42.6, 42.6, 42.6], conf.positions, types, [...TYPES, 'S0']);
    const ours = analyse([frame], { 'Na-S': 3.4, 'Si-S': 2.7, 'S-S': 3.6 });
    expect(ours.elements).toEqual(['Na', 'Si', 'S']);
    expect(ours.species!.names).toEqual(['Na', 'Si', 'S', 'S0']);
    ['Na-S', 'Na-S0', 'S-S0', 'S0-S0'].forEach((name, p) => {
      const diff = Math.max(...ours.species!.pairs[name].rdf.g.map((g, k) => Math.abs(g - rows[k][2 + 2 * p])));
      expect(diff, name).toBeLessThan(1e-9);
    });
    // species bonds add up to the element's, and coordination is per atom of each species
    const sp = ours.species!.pairs;
    expect(sp['Na-S'].bonds + sp['Na-S0'].bonds).toBe(ours.pairs['Na-S'].bonds);
    expect(sp['S-S'].bonds + sp['S-S0'].bonds + sp['S0-S0'].bonds).toBe(ours.pairs['S-S'].bonds);
    expect(sp['Na-S0'].cn.Na * ours.atoms.Na).toBeCloseTo(sp['Na-S0'].bonds, 9);
    expect(sp['S0-S0'].cn.S0 * ours.species!.atoms.S0).toBeCloseTo(2 * sp['S0-S0'].bonds, 9);
    // one species of each element: no species section
    expect(analyse([frameOf([42.6, 42.6, 42.6], conf.positions, conf.types)]).species).toBeUndefined();
  });
});

/** Every pair by minimum image, no cells: bonds, per-atom neighbour counts and angles at a vertex. */
function bruteForce(frame: StructureFrame, cut: Record<string, number>) {
  const { positions: x, element, elements, box } = frame;
  const n = element.length;
  const nbrs: number[][] = Array.from({ length: n }, () => []);
  const vec = (i: number, j: number) =>
    [0, 1, 2].map((d) => {
      const v = x[3 * j + d] - x[3 * i + d];
      return v - box[d] * Math.round(v / box[d]);
    });
  const bonds: Record<string, number> = {};
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const [a, b] = [element[i], element[j]].sort();
      const name = `${elements[a]}-${elements[b]}`;
      const c = cut[name];
      if (!c) continue;
      const d = vec(i, j);
      if (Math.hypot(...d) < c) {
        bonds[name] = (bonds[name] ?? 0) + 1;
        nbrs[i].push(j);
        nbrs[j].push(i);
      }
    }
  const angles = (vertex: string, outer: string) => {
    const out: number[] = [];
    for (let b = 0; b < n; b++) {
      if (elements[element[b]] !== vertex) continue;
      const ns = nbrs[b].filter((j) => elements[element[j]] === outer);
      for (let p = 0; p < ns.length; p++)
        for (let q = p + 1; q < ns.length; q++) {
          const u = vec(b, ns[p]);
          const v = vec(b, ns[q]);
          const cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(...u) * Math.hypot(...v));
          out.push((Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI);
        }
    }
    return out;
  };
  const histogram = (a: string, b: string) => {
    const counts: number[] = [];
    let atoms = 0;
    for (let i = 0; i < n; i++) {
      if (elements[element[i]] !== a) continue;
      const c = nbrs[i].filter((j) => elements[element[j]] === b).length;
      while (counts.length <= c) counts.push(0);
      counts[c]++;
      atoms++;
    }
    return counts.map((c) => c / atoms);
  };
  return { bonds, angles, histogram };
}

describe('bonds, coordination and angles equal a brute-force count', () => {
  it('on the NS9 melt with S–S contacts forced by a generous S–S cutoff', () => {
    const conf = readLammpsData(melt(), { types: TYPES });
    const frame = frameOf([42.6, 42.6, 42.6], conf.positions, conf.types);
    const cut = { 'Si-S': 2.7, 'Na-S': 3.3, 'S-S': 3.4, 'Si-Si': 3.2 };
    const ours = analyse([frame], cut);
    const ref = bruteForce(frame, cut);
    expect(ref.bonds['S-S']).toBeGreaterThan(100);
    for (const [name, n] of Object.entries(ref.bonds)) expect(ours.pairs[name].bonds, name).toBe(n);
    expect(ours.pairs['Na-Si'].bonds).toBe(0);
    for (const [a, b] of [
      ['Si', 'S'],
      ['S', 'Si'],
      ['S', 'S'],
      ['Na', 'S'],
      ['S', 'Na'],
    ]) {
      const mine = ours.pairs[PAIRS.find((p) => p === `${a}-${b}` || p === `${b}-${a}`)!].histogram[a];
      const want = ref.histogram(a, b);
      expect(mine.length).toBe(want.length);
      mine.forEach((f, k) => expect(f).toBeCloseTo(want[k], 12));
    }
    for (const [name, vertex, outer] of [
      ['S-Si-S', 'Si', 'S'],
      ['S-S-S', 'S', 'S'],
    ]) {
      const want = ref.angles(vertex, outer);
      expect(ours.angles[name].count, name).toBe(want.length);
      expect(ours.angles[name].mean!, name).toBeCloseTo(want.reduce((s, v) => s + v, 0) / want.length, 0);
    }
  });
});

describe('S(k) of a crystal peaks at its reflections', () => {
  it('antifluorite Na2S (a = 6.5373 Å): every peak is a reflection, the strongest 220', () => {
    const a = 6.5373;
    const cells = 8;
    const basis: [string, number[]][] = [];
    for (const f of [
      [0, 0, 0],
      [0, 0.5, 0.5],
      [0.5, 0, 0.5],
      [0.5, 0.5, 0],
    ]) {
      basis.push(['S', f]);
      basis.push(['Na', f.map((v) => v + 0.25)]);
      basis.push(['Na', f.map((v) => v + 0.75)]);
    }
    const rng = new Rng(7, 1);
    const noise = () => 0.05 * rng.normal();
    const pos: number[] = [];
    const types: number[] = [];
    for (let i = 0; i < cells; i++)
      for (let j = 0; j < cells; j++)
        for (let k = 0; k < cells; k++)
          for (const [el, f] of basis) {
            pos.push((i + f[0]) * a + noise(), (j + f[1]) * a + noise(), (k + f[2]) * a + noise());
            types.push(el === 'Na' ? 1 : 2);
          }
    const L = cells * a;
    const frame = frameOf([L, L, L], Float64Array.from(pos), Int32Array.from(types), ['Na', 'S']);
    // the Lorch window (the default) suppresses the side lobes of cutting g(r) at rmax
    const r = analyse([frame], {}, { rmax: 26, dr: 0.01, kmax: 6, dk: 0.005 });
    expect(r.density_g_cm3).toBeCloseTo((4 * (2 * 22.98977 + 32.065) * 1.6605390666) / a ** 3, 6);
    // fcc reflections: h, k, l all odd or all even
    const reflections: number[] = [];
    for (let h = 0; h <= 5; h++)
      for (let k = 0; k <= h; k++)
        for (let l = 0; l <= k; l++)
          if (h + k + l > 0 && [h, k, l].every((v) => v % 2 === h % 2))
            reflections.push((2 * Math.PI * Math.hypot(h, k, l)) / a);
    for (const s of [r.sk.neutron!, r.sk.xray!]) {
      const peaks = r.sk.k
        .map((k, q) => ({ k, s: s[q], q }))
        .filter(({ k, s: v, q }) => k > 1 && q < s.length - 1 && v > s[q - 1] && v >= s[q + 1] && v > 1.5);
      expect(peaks.length).toBeGreaterThanOrEqual(4);
      for (const p of peaks)
        expect(Math.min(...reflections.map((k) => Math.abs(k - p.k))), `peak at ${p.k}`).toBeLessThan(0.03);
      const strongest = peaks.reduce((best, p) => (p.s > best.s ? p : best));
      expect(strongest.k).toBeCloseTo((2 * Math.PI * Math.sqrt(8)) / a, 1); // 220
      for (const hkl of [
        [4, 0, 0],
        [4, 2, 2],
      ]) {
        const k = (2 * Math.PI * Math.hypot(...hkl)) / a;
        expect(Math.min(...peaks.map((p) => Math.abs(p.k - k))), hkl.join('')).toBeLessThan(0.02);
      }
    }
  });
});
