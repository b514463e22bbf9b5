import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSweep, planSweep, pointKey, protocolFor, withCutoff } from '@ionsweep/shared';
import { NS_BUCK, ROOT } from '../helpers/fixtures.js';

const tiny = readFileSync(`${ROOT}examples/sweeps/tiny.yaml`, 'utf8');

describe('sweep files', () => {
  it('parses compositions (x fixed: every count changes with m), temperatures and the protocol template', () => {
    const s = parseSweep(tiny, 'tiny.yaml');
    expect(s.points.map((p) => p.counts)).toEqual([
      [
        ['Na', 14],
        ['Si', 63],
        ['S', 133],
      ],
      [
        ['Na', 9],
        ['Si', 39],
        ['S', 162],
      ],
    ]);
    expect(s.temperatures).toEqual([2000, 2500]);
    expect(s).toMatchObject({ replicas: 2, threads: 2, density: 1.95, box: null, cutoff: 7 });
    const p = protocolFor(s.protocol, 2000);
    expect(p.stages.map((st) => st.kind)).toEqual(['relax', 'melt', 'quench', 'equilibrate', 'production']);
    expect(p.stages[2]).toMatchObject({ tStart: 2500, tEnd: 2000, steps: 250 });
    // no quench when the target is the melt temperature
    expect(protocolFor(s.protocol, 2500).stages.map((st) => st.kind)).toEqual([
      'relax',
      'melt',
      'equilibrate',
      'production',
    ]);
  });

  it('reads explicit count sets and checks their totals', () => {
    const text = tiny.replace('  x: 0.10\n  m: [2.0, 4.0]\n', '  counts: [{ Na: 14, Si: 63, S: 133 }]\n');
    expect(parseSweep(text).points).toMatchObject([{ x: 0.1, m: 2 }]);
    expect(() => parseSweep(text.replace('S: 133', 'S: 130'), 's.yaml')).toThrow(
      /^s\.yaml:\d+: system\.counts\[0\]: adds up to 207 atoms, but system\.atoms is 210/,
    );
  });

  it('reads x as a list (an x series, or an x × m grid, x outer) and counts without atoms', () => {
    const xs = parseSweep(tiny.replace('  x: 0.10\n  m: [2.0, 4.0]\n', '  x: [0.1, 0.33, 0.5]\n  m: 2\n'));
    expect(xs.points.map((p) => [p.x, p.m, p.index])).toEqual([
      [0.1, 2, 0],
      [0.33, 2, 1],
      [0.5, 2, 2],
    ]);
    expect(xs.points.every((p) => p.counts.reduce((a, [, n]) => a + n, 0) === 210)).toBe(true);
    const grid = parseSweep(tiny.replace('  x: 0.10\n', '  x: [0.1, 0.5]\n'));
    expect(grid.points.map((p) => [p.x, p.m])).toEqual([
      [0.1, 2],
      [0.1, 4],
      [0.5, 2],
      [0.5, 4],
    ]);
    // counts of two sizes, atoms left out: each set is its own size
    const sizes = tiny
      .replace('  x: 0.10\n  m: [2.0, 4.0]\n', '  counts: [{ Na: 14, Si: 63, S: 133 }, { Na: 28, Si: 126, S: 266 }]\n')
      .replace('  atoms: 210\n', '');
    const s = parseSweep(sizes);
    expect(s.atoms).toBeNull();
    expect(s.points.map((p) => p.m)).toEqual([2, 2]);
    expect(() => parseSweep(tiny.replace('  atoms: 210\n', ''), 's.yaml')).toThrow(/system\.atoms: /);
  });

  it('reads adaptive replicas (min, max, target) and refuses a bad target, naming the field', () => {
    const a = parseSweep(
      tiny.replace('replicas: 2', 'replicas: { min: 2, max: 6, target: { quantity: D_Na, rel_ci95: 0.2 } }'),
    );
    expect(a.replicas).toBe(2);
    expect(a.adaptive).toEqual({ min: 2, max: 6, quantity: 'D_Na', relCi95: 0.2 });
    expect(parseSweep(tiny).adaptive).toBeNull();
    const bad = (r: string) => () => parseSweep(tiny.replace('replicas: 2', `replicas: ${r}`), 's.yaml');
    expect(bad('{ min: 2, max: 6, target: { quantity: D_K, rel_ci95: 0.2 } }')).toThrow(
      /replicas\.target\.quantity: must be one of D_Na, sigma_self, sigma_full/,
    );
    expect(bad('{ min: 4, max: 3, target: { quantity: D_Na, rel_ci95: 0.2 } }')).toThrow(/replicas\.max: must be >= 4/);
    expect(bad('{ min: 1, max: 3, target: { quantity: D_Na, rel_ci95: 0.2 } }')).toThrow(/replicas\.min: must be >= 2/);
  });

  it.each([
    [
      'both box and density',
      (t: string) => t.replace('  density: 1.95', '  density: 1.95\n  box: 20'),
      /system: give exactly one of box/,
    ],
    ['m below 2', (t: string) => t.replace('m: [2.0, 4.0]', 'm: [1.5, 4.0]'), /system\.m\[0\]: must be >= 2, got 1\.5/],
    [
      'a negative temperature',
      (t: string) => t.replace('[2000, 2500]', '[2000, -5]'),
      /temperatures\[1\]: must be > 0/,
    ],
    [
      'repeated temperatures',
      (t: string) => t.replace('[2000, 2500]', '[2000, 2000]'),
      /temperatures: has repeated values/,
    ],
    ['zero replicas', (t: string) => t.replace('replicas: 2', 'replicas: 0'), /replicas: must be >= 1/],
    ['an unknown key', (t: string) => t.replace('replicas: 2', 'replica: 2'), /replica: unknown key/],
    [
      'a bad thermostat',
      (t: string) => t.replace('thermostat: nvt', 'thermostat: langevin'),
      /protocol\.thermostat: must be one of nve, nvt, csvr/,
    ],
  ])('refuses %s, naming line and field', (_, edit, re) => {
    expect(() => parseSweep(edit(tiny), 's.yaml')).toThrow(/^s\.yaml:\d+: /);
    expect(() => parseSweep(edit(tiny), 's.yaml')).toThrow(re);
  });
});

describe('planner', () => {
  it('gives a point more replicas on request, keeping the tasks it had', () => {
    const s = parseSweep(tiny);
    const small = planSweep(s, NS_BUCK());
    const grown = planSweep(s, NS_BUCK(), new Map([[pointKey(1, 2500), 5]]));
    expect(grown.placements).toHaveLength(small.placements.length + 3);
    for (const id of small.specs.keys()) expect(grown.specs.has(id)).toBe(true);
    expect(grown.placements.filter((p) => p.pointIndex === 1 && p.temperature === 2500).map((p) => p.replica)).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });

  const sweep = parseSweep(tiny);
  const ff = NS_BUCK();

  it('expands points × temperatures × replicas into tasks with content-hash ids', () => {
    const { specs, placements } = planSweep(sweep, ff);
    expect(placements).toHaveLength(8);
    expect(specs.size).toBe(8);
    expect(new Set(placements.map((p) => p.taskId)).size).toBe(8);
    for (const id of specs.keys()) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect([...specs.values()][0].forcefield.cutoff).toBe(7);
  });

  it('gives the same ids to the same physics, in another sweep or order, and new ids to any change', () => {
    const a = planSweep(sweep, ff).placements.map((p) => p.taskId);
    const renamed = planSweep({ ...sweep, name: 'other', points: [...sweep.points].reverse() }, ff).placements.map(
      (p) => p.taskId,
    );
    expect(new Set(renamed)).toEqual(new Set(a));
    const hotter = planSweep({ ...sweep, temperatures: [2000, 2600] }, ff).placements.map((p) => p.taskId);
    expect(hotter.filter((id) => a.includes(id))).toHaveLength(4); // the 2000 K half is shared
    const reseeded = planSweep({ ...sweep, seed: 2 }, ff).placements.map((p) => p.taskId);
    expect(reseeded.some((id) => a.includes(id))).toBe(false);
    // the sweep's own cutoff (7 Å) overrides the file's: the same physics, the same ids
    expect(planSweep(sweep, withCutoff(ff, 6.5)).placements.map((p) => p.taskId)).toEqual(a);
    const softer = { ...ff, elements: { ...ff.elements, Na: { ...ff.elements.Na, charge: 0.5 } } };
    expect(planSweep(sweep, softer).placements.some((p) => a.includes(p.taskId))).toBe(false);
  });
});
