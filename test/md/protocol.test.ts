import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProtocol, totalSteps } from '@ionsweep/shared';
import { runCli } from '../helpers/cli.js';
import { fixturePath, ROOT } from '../helpers/fixtures.js';

const paper = readFileSync(`${ROOT}examples/protocols/paper-melt-quench.yaml`, 'utf8');

describe('protocol files', () => {
  it('compiles stages to steps: melt 20 ps, quench 500 K at 50 K/ps = 10 ps, equilibrate 20, production 100', () => {
    const p = parseProtocol(paper, 'paper.yaml');
    expect(p.stages.map((s) => s.kind)).toEqual(['relax', 'melt', 'quench', 'equilibrate', 'production']);
    expect(p.stages.slice(1).map((s) => (s.kind === 'relax' ? 0 : s.steps))).toEqual([20000, 10000, 20000, 100000]);
    expect(totalSteps(p)).toBe(150000);
    expect(p.stages[2]).toMatchObject({ tStart: 2500, tEnd: 2000, thermostat: 'nvt' });
    expect(p.stages[4]).toMatchObject({ sampleEvery: 100 });
  });

  it('the 1.5 fs variant covers the same simulated time in two thirds of the steps', () => {
    const p = parseProtocol(readFileSync(`${ROOT}examples/protocols/paper-melt-quench-1.5fs.yaml`, 'utf8'));
    expect(p.timestepFs).toBe(1.5);
    expect(p.stages.slice(1).map((s) => (s.kind === 'relax' ? 0 : s.steps))).toEqual([13333, 6667, 13333, 66667]);
  });

  it.each([
    [
      'a negative temperature',
      paper.replace('temperature: 2500', 'temperature: -5'),
      /stages\[1\]\.melt\.temperature: must be a number > 0, got -5/,
    ],
    [
      'an unknown thermostat',
      paper.replace('thermostat: csvr', 'thermostat: berendsen'),
      /melt\.thermostat: must be one of nve, nvt, csvr/,
    ],
    ['an unknown stage', paper.replace('- melt:', '- anneal:'), /stages\[1\]: must be one of \{relax: …\}/],
    [
      'relax not first',
      paper.replace('  - relax: { max_steps: 1000, fmax: 1.0 }\n', '') + '  - relax: {}\n',
      /stages\[4\]: relax must be the first stage/,
    ],
    ['a typo in a key', paper.replace('rate_K_per_ps', 'rate_k_per_ps'), /quench\.rate_k_per_ps: unknown key/],
    ['a huge timestep', paper.replace('timestep_fs: 1', 'timestep_fs: 20'), /timestep_fs: 20 fs is too long/],
  ])('refuses %s, naming line and field', (_, text, re) => {
    expect(() => parseProtocol(text, 'p.yaml')).toThrow(/^p\.yaml:\d+: /);
    expect(() => parseProtocol(text, 'p.yaml')).toThrow(re);
  });

  it('md run --protocol runs every stage and writes the thermo log with stage names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ionsweep-protocol-'));
    const r = runCli([
      'md',
      'run',
      '--data',
      fixturePath('ewald/system.data'),
      '--types',
      'Na,Si,S',
      '--protocol',
      `${ROOT}examples/protocols/quick.yaml`,
      '--out',
      dir,
    ]);
    expect(r.code).toBe(0);
    const rows = readFileSync(join(dir, 'thermo.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(new Set(rows.map((c) => c[2]))).toEqual(new Set(['melt', 'quench', 'equilibrate', 'production']));
    const lastT = Number(rows.at(-1)![3]);
    expect(lastT).toBeGreaterThan(1600);
    expect(lastT).toBeLessThan(2400);
  });
});
