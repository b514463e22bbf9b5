/**
 * `ionsweep structure`: pair distributions, coordination, bonds, angles, S(k), network topology
 * and the MD constraint count of a LAMMPS data file or dump. Dumps are streamed frame by frame;
 * bond cutoffs taken from the first minimum of g(r) need a first pass for g(r) alone.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  analyzeStructure,
  anglesFigureSvg,
  boxLengths,
  coordinationFigureSvg,
  DEFAULT_STRUCTURE_SETTINGS,
  elementOf,
  elementsOfTypeNames,
  elementsOfTypes,
  fileLines,
  InputError,
  parseChoice,
  parseCutoffs,
  parseNumber,
  rdfFigureSvg,
  readDumpFrame,
  renderCsv,
  renderTable,
  totalFigureSvg,
  writeFileAtomic,
  type StructureFrame,
  type StructureReport,
  type StructureSettings,
} from '@ionsweep/shared';
import { loadData, parseTypes, readTextFile, writableDir } from '../inputs.js';
import { Progress } from '../progress.js';

interface StructureOptions {
  types?: string;
  frames?: string;
  rmax: string;
  bin: string;
  cutoffs?: string;
  angleBins: string;
  kmax: string;
  dk: string;
  lorch: boolean;
  format: string;
  plot?: string;
}

export function registerStructure(program: Command): void {
  program
    .command('structure')
    .summary('g(r), coordination, bonds, angles, S(k), network topology and constraint count of a data file or dump')
    .description(
      'Structure of a LAMMPS data file or dump (id type and x y z, xu yu zu, or x y z ix iy iz), by element: ' +
        'several atom types of one element count as that element. Partial g_ab(r) normalised as LAMMPS compute rdf, ' +
        'their first peak and minimum; total neutron- and X-ray-weighted g(r) and Faber–Ziman S(k); bonds and ' +
        'coordination (mean and histogram) per element pair; bond angles; Qⁿ, corner/edge sharing, non-bridging ' +
        'anions, homopolar (S–S) chains and rings, mean coordination r̄; the Maxwell constraint count f_MD beside ' +
        'Eq. 1 of the paper. Dumps are streamed: frames are averaged without being held in memory.',
    )
    .argument('<file>', 'LAMMPS data file or dump')
    .option(
      '--types <list>',
      'element of each atom type, e.g. Na,Si,S or Na,Si,S,S (data files: default from Masses comments)',
    )
    .option('--frames <start:stop:step>', 'dump frames, 0-based, stop excluded (e.g. 10:, ::5, 0:100:10; default all)')
    .option('--rmax <A>', 'g(r) range, Å (at most half the box)', String(DEFAULT_STRUCTURE_SETTINGS.rmax))
    .option('--bin <A>', 'g(r) bin width, Å', String(DEFAULT_STRUCTURE_SETTINGS.dr))
    .option(
      '--cutoffs <list>',
      'bond cutoffs, e.g. Si-S=2.7,S-S=2.5,Na-S=3.4 (default: cation–anion pairs at the first minimum of g(r); ' +
        'S–S, Si–Si at 1.2 × the covalent radii; cation–cation none; 0 = no bonds)',
    )
    .option(
      '--angle-bins <n>',
      'bins of the angle distributions over 0–180°',
      String(DEFAULT_STRUCTURE_SETTINGS.angleBins),
    )
    .option('--kmax <1/A>', 'S(k) range, Å⁻¹', String(DEFAULT_STRUCTURE_SETTINGS.kmax))
    .option('--dk <1/A>', 'S(k) spacing, Å⁻¹', String(DEFAULT_STRUCTURE_SETTINGS.dk))
    .option('--no-lorch', 'S(k) without the Lorch window (sharper peaks, more termination ripples)')
    .option('--format <format>', 'table | json | csv (csv: the per-pair table)', 'table')
    .option('--plot <dir>', 'write rdf.svg, total.svg, angles.svg, coordination.svg into DIR')
    .addHelpText(
      'after',
      '\nUnits: r in Å, k in Å⁻¹, angles in degrees, density g/cm³.\n' +
        'Roles: Li, Na, K, Rb, Cs, Mg, Ca, Sr, Ba, Ag are modifiers (ionic bonds, outside the network); O, S, Se, Te, ' +
        'halogens are anions; other elements are network formers. An anion is bridging with ≥ 2 network bonds.\n' +
        'Constraints per atom: r/2 + (2r − 3) for r ≥ 2 network bonds, 1 for a one-fold anion, 0.5 for a modifier ' +
        '(the rules of Eq. 1); f_MD = 3 − n_c.\n\nExamples:\n' +
        '  ionsweep structure run/final.data --cutoffs Si-S=2.7,S-S=2.5\n' +
        '  ionsweep structure run/dump.lammpstrj --types Na,Si,S --frames 50::5 --format json --plot run/structure',
    )
    .action((file: string, o: StructureOptions) => runStructure(file, o));
}

export function structureSettings(o: StructureOptions, elements: readonly string[]): StructureSettings {
  const num = (flag: string, v: string) => parseNumber(flag, v);
  return {
    rmax: num('--rmax', o.rmax),
    dr: num('--bin', o.bin),
    cutoffs: parseCutoffs(o.cutoffs, elements),
    angleBins: num('--angle-bins', o.angleBins),
    kmax: num('--kmax', o.kmax),
    dk: num('--dk', o.dk),
    lorch: o.lorch,
  };
}

/** `start:stop:step` (python-like, all parts optional) or one frame number. */
export function parseFrames(text: string | undefined): { start: number; stop: number; step: number } {
  if (text === undefined) return { start: 0, stop: Infinity, step: 1 };
  const parts = text.split(':');
  const int = (p: string, fallback: number, what: string) => {
    if (p.trim() === '') return fallback;
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0) throw new InputError('--frames', `${what} must be an integer >= 0, got '${p}'`);
    return v;
  };
  if (parts.length === 1) {
    const k = int(parts[0], NaN, 'the frame');
    if (Number.isNaN(k)) throw new InputError('--frames', 'expected start:stop:step or a frame number');
    return { start: k, stop: k + 1, step: 1 };
  }
  if (parts.length > 3) throw new InputError('--frames', `expected start:stop:step, got '${text}'`);
  const start = int(parts[0], 0, 'start');
  const stop = int(parts[1], Infinity, 'stop');
  const step = int(parts[2] ?? '', 1, 'step');
  if (step < 1) throw new InputError('--frames', 'step must be >= 1');
  if (stop <= start) throw new InputError('--frames', `'${text}' selects no frames (stop <= start)`);
  return { start, stop, step };
}

function isDump(path: string): boolean {
  const lines = fileLines(path, 4096);
  try {
    return (lines.peek() ?? '').startsWith('ITEM:') || (lines.peek() ?? '').charCodeAt(0) === 0x1f;
  } finally {
    lines.close();
  }
}

/** Streams the selected frames of a dump into `visit`; returns how many frames were read and how many selected. */
function streamDump(
  path: string,
  typeElements: string[],
  frames: { start: number; stop: number; step: number },
  visit: (f: StructureFrame) => void,
  label: string,
): { total: number; selected: number } {
  const size = statSync(path).size;
  const progress = new Progress(label, size);
  const src = fileLines(path);
  let total = 0;
  let selected = 0;
  let coordinates = null as Parameters<typeof readDumpFrame>[2];
  try {
    for (;;) {
      const next = readDumpFrame(src, path, coordinates);
      if (!next) break;
      coordinates = next.coordinates;
      const k = total++;
      if (k >= frames.start && k < frames.stop && (k - frames.start) % frames.step === 0) {
        const f = next.frame;
        visit({
          box: boxLengths(f),
          positions: f.positions,
          ...elementsOfTypes(f.types, typeElements),
        });
        selected++;
      }
      if (size > 1 << 24) progress.update(src.bytesRead, `frame ${total}`);
      if (k + 1 >= frames.stop) break;
    }
  } finally {
    src.close();
  }
  if (size > 1 << 24) progress.finish(`${label}: ${selected} of ${total} frames`);
  return { total, selected };
}

export function runStructure(file: string, o: StructureOptions): void {
  const format = parseChoice('--format', o.format, ['table', 'json', 'csv'] as const);
  checkReadable(file);
  const frames = parseFrames(o.frames);
  const plotDir = o.plot === undefined ? undefined : writableDir('--plot', o.plot);
  let report: StructureReport;
  if (isDump(file)) {
    const typeElements = parseTypes(o.types);
    if (!typeElements) throw new InputError('--types', 'a dump names no elements: give --types, e.g. Na,Si,S');
    const { elements } = elementsOfTypeNames(typeElements);
    report = analyzeStructure(elements, structureSettings(o, elements), (visit, pass) => {
      const seen = streamDump(file, typeElements, frames, visit, pass === 1 ? 'structure' : 'structure (bonds)');
      if (seen.selected === 0)
        throw new InputError('--frames', `selects no frames: the dump has ${seen.total} (0-based ${frames.start}…)`);
    });
  } else {
    if (o.frames !== undefined && !(frames.start === 0 && frames.stop >= 1))
      throw new InputError('--frames', 'a data file has one frame (0)');
    const conf = loadData(file, o.types);
    const frame: StructureFrame = {
      box: boxLengths(conf),
      positions: conf.positions,
      ...elementsOfTypes(conf.types, conf.typeElements),
    };
    const { elements } = frame;
    report = analyzeStructure(elements, structureSettings(o, elements), (visit) => visit(frame));
  }
  if (plotDir) writeStructurePlots(report, plotDir, file);
  if (format === 'json') process.stdout.write(JSON.stringify(report) + '\n');
  else if (format === 'csv') process.stdout.write(renderCsv(pairRows(report), PAIR_COLUMNS));
  else process.stdout.write(structureTable(report));
}

/** A missing or unreadable file, said in the words the other commands use. */
function checkReadable(file: string): void {
  try {
    statSync(file);
  } catch {
    readTextFile('<file>', file); // throws the InputError naming the file and why
  }
}

/** rdf.svg, total.svg, angles.svg and coordination.svg in `dir`, titled with `source` when given. */
export function writeStructurePlots(r: StructureReport, dir: string, source?: string): void {
  const title = (what: string) => (source === undefined ? '' : `${what}: ${source}`);
  writeFileAtomic(join(dir, 'rdf.svg'), rdfFigureSvg(r, title('Partial g(r)')));
  writeFileAtomic(join(dir, 'total.svg'), totalFigureSvg(r, title('Total g(r) and S(k)')));
  writeFileAtomic(join(dir, 'angles.svg'), anglesFigureSvg(r, title('Bond angles')));
  writeFileAtomic(join(dir, 'coordination.svg'), coordinationFigureSvg(r, title('Coordination')));
}

const PAIR_COLUMNS = [
  'pair',
  'cutoff_A',
  'cutoff_from',
  'bonds',
  'cn_first',
  'cn_second',
  'first_peak_A',
  'first_min_A',
];

function pairRows(r: StructureReport) {
  return Object.entries(r.pairs).map(([name, p]) => {
    const [a, b] = name.split('-');
    return {
      pair: name,
      cutoff_A: p.cutoff,
      cutoff_from: p.cutoff_source,
      bonds: p.bonds,
      cn_first: p.cn[a],
      cn_second: p.cn[b],
      first_peak_A: p.first_peak,
      first_min_A: p.first_min,
    };
  });
}

/** The species pairs that split an element pair: those with a side whose element has several species. */
function speciesPairRows(sp: NonNullable<StructureReport['species']>) {
  const split = (s: string) => sp.names.filter((o) => elementOf(o) === elementOf(s)).length > 1;
  return Object.entries(sp.pairs)
    .filter(([name]) => name.split('-').some(split))
    .map(([name, p]) => {
      const [a, b] = name.split('-');
      return { pair: name, bonds: p.bonds, cn_first: p.cn[a], cn_second: p.cn[b], first_peak_A: p.first_peak };
    });
}

const SPECIES_PAIR_COLUMNS = ['pair', 'bonds', 'cn_first', 'cn_second', 'first_peak_A'] as const;

const f3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

function structureTable(r: StructureReport): string {
  const out: string[] = [];
  const atoms = Object.entries(r.atoms)
    .map(([e, n]) => `${e} ${n}`)
    .join(', ');
  out.push(
    `${atoms}; ${r.frames} frame(s); volume ${r.volume_A3.toFixed(1)} Å³; density ${f3(r.density_g_cm3)} g/cm³`,
    '',
  );
  out.push('pairs (cn_first: neighbours of the first element of the pair by the second; cn_second: the reverse)');
  out.push(renderTable(pairRows(r), PAIR_COLUMNS), '');
  if (r.species) {
    out.push('pairs by species (bonds by the cutoff of their elements)');
    out.push(renderTable(speciesPairRows(r.species), SPECIES_PAIR_COLUMNS), '');
  }
  out.push('coordination histograms (fraction of atoms with 0, 1, 2, … neighbours)');
  for (const [name, p] of Object.entries(r.pairs)) {
    if (p.cutoff === null) continue;
    const [a, b] = name.split('-');
    out.push(`  ${a} by ${b}: ${p.histogram[a].map((f) => f.toFixed(3)).join(' ')}`);
    if (a !== b) out.push(`  ${b} by ${a}: ${p.histogram[b].map((f) => f.toFixed(3)).join(' ')}`);
  }
  out.push('', 'bond angles');
  out.push(
    renderTable(
      Object.entries(r.angles).map(([name, a]) => ({ angle: name, per_frame: a.count, mean_deg: a.mean })),
      ['angle', 'per_frame', 'mean_deg'],
    ),
    '',
  );
  const n = r.network;
  out.push(`network (formers ${n.formers.join(',') || '—'}; anions ${n.anions.join(',') || '—'})`);
  out.push(`  Qn: ${n.qn.map((q, k) => `Q${k} ${q.toFixed(3)}`).join(', ') || '—'}`);
  out.push(
    `  former pairs sharing a corner ${n.cornerSharing.toFixed(1)}, an edge ${n.edgeSharing.toFixed(1)}; formers in edge-sharing units ${(100 * n.edgeSharingFraction).toFixed(1)} %`,
  );
  out.push(
    `  anions: bridging ${n.bridging.toFixed(1)}, non-bridging ${n.nonBridging.toFixed(1)}, free ${n.free.toFixed(1)}`,
  );
  out.push(
    `  homopolar bonds ${n.homopolarBonds.toFixed(1)} (on the network ${n.homopolarInNetwork.toFixed(1)}, apart ${n.homopolarApart.toFixed(1)}); ` +
      `anions with ≥ 3 anion neighbours ${n.overCoordinatedAnions.toFixed(1)}; rings ${n.rings.toFixed(1)}`,
  );
  const chains = n.chainSizes.map((c, size) => (c > 0 ? `${size}:${c.toFixed(1)}` : '')).filter(Boolean);
  out.push(`  homopolar groups by size (atoms:count) ${chains.join(' ') || '—'}`);
  out.push(`  mean network coordination r̄ ${n.meanCoordination.toFixed(3)}`, '');
  const c = r.constraints;
  out.push(
    `constraints: n_c ${c.nc.toFixed(3)} per atom, f_MD ${c.f_md.toFixed(4)}` +
      (c.f_eq1 !== null ? `; Eq. 1 at x = ${c.x!.toFixed(4)}, m = ${c.m!.toFixed(4)}: f ${c.f_eq1.toFixed(4)}` : ''),
  );
  return out.join('\n') + '\n';
}
