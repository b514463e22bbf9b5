import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';

describe('ionsweep report', () => {
  it('writes a self-contained HTML report that headless Chromium renders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ionsweep-report-'));
    const results = join(dir, 'results');
    expect(runCli(['run', `${ROOT}examples/sweeps/tiny.yaml`, '--out', results], { timeoutMs: 120_000 }).code).toBe(0);
    const out = join(dir, 'report');
    const r = runCli(['report', results, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const section of [
      'Diffusivities (Fig. 3a)',
      'Conductivity (Fig. 3b)',
      'Activation energies (Fig. 4)',
      'Arrhenius plots',
      'All points',
      'The rigidity model (Fig. 1)',
      'Provenance',
    ]) {
      expect(html).toContain(section);
    }
    expect(html.match(/<svg /g)).toHaveLength(5);
    // tiny.yaml is NS9 (x = 0.10): its results judge the paper's claims 1–3, with too few points to test most
    const claims = JSON.parse(readFileSync(join(results, 'results.json'), 'utf8')).claims as {
      claim: number;
      verdict: string;
    }[];
    expect(claims.map((c) => c.claim)).toEqual([1, 2, 3]);
    expect(html).toContain("The paper's claims");
    // what the tasks cost, from their own timing, beside results.json (which stays the same on a rerun)
    const cost = JSON.parse(readFileSync(join(results, 'cost.json'), 'utf8')) as {
      tasks: number;
      core_hours: number;
      points: { tasks: number; atoms: number; core_hours: number }[];
    };
    expect(cost.tasks).toBe(8);
    expect(cost.points.map((p) => [p.tasks, p.atoms])).toEqual(Array(4).fill([2, 210]));
    expect(cost.core_hours).toBeCloseTo(
      cost.points.reduce((a, p) => a + p.core_hours, 0),
      12,
    );
    expect(cost.core_hours).toBeGreaterThan(0);
    expect(html).toMatch(/core-hours over 8 tasks/);
    for (const c of claims) expect(html).toContain(`${c.claim}. NS9`);
    expect(html).toMatch(/ionsweep 0\.1\.0/);
    expect(html).toContain('ns-buck-2026');
    expect(html).toMatch(/replica seeds \(8\)/);
    expect(html).not.toMatch(/<(script|link|img)\b/); // self-contained: nothing to fetch
    const png = join(dir, 'report.png');
    const shot = spawnSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
        `--screenshot=${png}`,
        '--window-size=1200,2400',
        `file://${join(out, 'index.html')}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(shot.status, shot.stderr).toBe(0);
    expect(statSync(png).size).toBeGreaterThan(50_000); // a rendered page, not a blank one
  }, 180_000);

  it('says what is missing', () => {
    const r = runCli(['report', mkdtempSync(join(tmpdir(), 'ionsweep-empty-')), '--out', join(tmpdir(), 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^ionsweep: <results-dir>: no results\.json in .* \(run the sweep with ionsweep run first; array mode: ionsweep collect writes the report\)/,
    );
  });
});
