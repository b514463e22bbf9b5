/**
 * `npm run bench:structure` — the structure analysis on the 3000-atom NS9 melt: time per frame
 * (pairs to 10 Å binned into g(r), bonds, angles, topology, constraints) and of the report
 * (g(r) normalisation, S(k) on 1000 k points); then `ionsweep structure` streaming a 1000-frame
 * dump (≈ 180 MB) from disk: wall time and the process's peak memory, to show that frames are
 * not held.
 * Options: --frames N (default 1000), --repeats R (default 30).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addFrame,
  createStructureAccumulator,
  DEFAULT_STRUCTURE_SETTINGS,
  elementsOfTypes,
  Rng,
  structureReport,
  type StructureFrame,
} from '@ionsweep/shared';
import { BIN } from './lib/cli-process.js';
import { ns9Melt, repoPath } from './lib/engine.js';
import { median, numberArg } from './lib/args.js';

const frames = numberArg('frames', 1000);
const repeats = numberArg('repeats', 30);

const conf = ns9Melt();
const { elements, element } = elementsOfTypes(conf.types, conf.typeElements);
const frame: StructureFrame = { box: [42.6, 42.6, 42.6], positions: conf.positions, element, elements };
const settings = {
  ...DEFAULT_STRUCTURE_SETTINGS,
  cutoffs: new Map([
    ['Si-S', 2.7],
    ['Na-S', 3.4],
    ['S-S', 2.5],
  ]),
};

console.log(`bench:structure — 3000-atom NS9 melt, g(r) to 10 Å in 0.02 Å bins, ${repeats} repeats`);
const acc = createStructureAccumulator(elements, settings);
for (let k = 0; k < 5; k++) addFrame(acc, frame); // warm-up
const perFrame: number[] = [];
for (let k = 0; k < repeats; k++) {
  const t0 = performance.now();
  addFrame(acc, frame);
  perFrame.push(performance.now() - t0);
}
const reportMs: number[] = [];
for (let k = 0; k < 5; k++) {
  const t0 = performance.now();
  structureReport(acc);
  reportMs.push(performance.now() - t0);
}
console.log(
  `  per frame: ${median(perFrame).toFixed(1)} ms (median); report with S(k): ${median(reportMs).toFixed(0)} ms`,
);

// a dump of `frames` frames of the melt, each jiggled by 0.1 Å
const dir = mkdtempSync(join(tmpdir(), 'ionsweep-bench-structure-'));
const dump = join(dir, 'melt.lammpstrj');
const rng = new Rng(3, 1);
const out = createWriteStream(dump);
const write = (s: string) => new Promise<void>((r) => (out.write(s) ? r() : out.once('drain', () => r())));
for (let t = 0; t < frames; t++) {
  const lines = [
    `ITEM: TIMESTEP\n${100 * t}\nITEM: NUMBER OF ATOMS\n${conf.ids.length}\nITEM: BOX BOUNDS pp pp pp\n0 42.6\n0 42.6\n0 42.6\nITEM: ATOMS id type x y z\n`,
  ];
  for (let i = 0; i < conf.ids.length; i++) {
    const p = [0, 1, 2].map((d) => (conf.positions[3 * i + d] + 0.1 * rng.normal()).toFixed(5));
    lines.push(`${conf.ids[i]} ${conf.types[i]} ${p.join(' ')}\n`);
  }
  await write(lines.join(''));
}
await new Promise((r) => out.end(r));
const bytes = statSync(dump).size;
const t0 = performance.now();
const timed = spawnSync(
  '/usr/bin/time',
  [
    '-f',
    '%M',
    process.execPath,
    BIN,
    'structure',
    dump,
    '--types',
    'Na,Si,S',
    '--cutoffs',
    'Si-S=2.7,Na-S=3.4,S-S=2.5',
    '--format',
    'json',
  ],
  {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  },
);
const wall = (performance.now() - t0) / 1000;
if (timed.status !== 0) throw new Error(`ionsweep structure failed: ${timed.stderr}`);
const peakMb = Number(timed.stderr.trim().split('\n').pop()) / 1024;
console.log(
  `  ionsweep structure on a ${frames}-frame dump (${(bytes / 2 ** 20).toFixed(0)} MB): ${wall.toFixed(1)} s ` +
    `(${((1000 * wall) / frames).toFixed(1)} ms per frame with parsing), peak memory ${peakMb.toFixed(0)} MB`,
);
rmSync(dir, { recursive: true, force: true });

const result = {
  date: new Date().toISOString(),
  node: process.version,
  atoms: conf.ids.length,
  per_frame_ms: median(perFrame),
  report_ms: median(reportMs),
  stream: {
    frames,
    megabytes: bytes / 2 ** 20,
    seconds: wall,
    ms_per_frame: (1000 * wall) / frames,
    peak_memory_mb: peakMb,
  },
};
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(repoPath('bench/results/structure.json'), JSON.stringify(result, null, 2) + '\n');
console.log('wrote bench/results/structure.json');
