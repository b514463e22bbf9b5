/**
 * Structure of a trajectory, frame by frame: pair histograms, bonds, angles, network topology
 * and constraint counts accumulate as sums while frames are added (nothing holds the frames),
 * and `structureReport` turns them into the report. Bond cutoffs taken from the first minimum
 * of g(r) need g(r) first: `analyzeStructure` makes a histogram-only pass, fixes them
 * (`cutoffsFromRdf`) and passes over the frames again; runs that see each frame once fix them
 * from their first frame (`addFrameOnline`).
 */
import { InputError } from '../errors.js';
import { ATOMIC_MASS, densityGPerCm3 } from '../composition/elements.js';
import { elementOf } from '../forcefield/species.js';
import { addAngles } from './angles.js';
import { bondGraph, pairCoordination, type PairCoordination } from './bonds.js';
import { constraintsPerAtom, meanFieldFloppiness } from './constraints.js';
import { cutoffRules, pairName, type CutoffRule, type CutoffSource } from './cutoffs.js';
import { elementCounts, frameVolume, type StructureFrame } from './frame.js';
import { elementRole, networkTopology, type NetworkTopology } from './network.js';
import { createBondBuffer, scanPairs, type BondBuffer } from './pair-scan.js';
import {
  faberZimanWeights,
  kGrid,
  missingScatteringData,
  pairRdf,
  partialStructureFactor,
  totalRdf,
  totalStructureFactor,
  type Rdf,
  type StructureFactorSettings,
} from './rdf.js';

export interface StructureSettings {
  /** g(r) range and bin, Å */
  rmax: number;
  dr: number;
  /** cutoffs given by the user, by pair name */
  cutoffs: Map<string, number>;
  /** angle histogram bins over 0–180° */
  angleBins: number;
  /** S(k) grid, Å⁻¹, and the Lorch window */
  kmax: number;
  dk: number;
  lorch: boolean;
}

export const DEFAULT_STRUCTURE_SETTINGS: StructureSettings = {
  rmax: 10,
  dr: 0.02,
  cutoffs: new Map(),
  angleBins: 180,
  kmax: 20,
  dk: 0.02,
  lorch: true,
};

export interface PairReport {
  cutoff: number | null;
  cutoff_source: CutoffSource;
  bonds: number;
  cn: Record<string, number>;
  histogram: Record<string, number[]>;
  rdf: { r: number[]; g: number[] };
  first_peak: number | null;
  first_min: number | null;
}

export interface AngleReport {
  /** angles per frame */
  count: number;
  mean: number | null;
  /** bin centres, degrees, and the probability density per degree */
  theta: number[];
  p: number[];
}

export interface StructureReport {
  elements: string[];
  atoms: Record<string, number>;
  frames: number;
  volume_A3: number;
  density_g_cm3: number | null;
  pairs: Record<string, PairReport>;
  total: { r: number[]; neutron: number[] | null; xray: number[] | null };
  sk: { k: number[]; neutron: number[] | null; xray: number[] | null; partials: Record<string, number[]> };
  angles: Record<string, AngleReport>;
  network: Omit<NetworkTopology, 'networkBonds'> & { formers: string[]; anions: string[] };
  constraints: { nc: number; f_md: number; x: number | null; m: number | null; f_eq1: number | null };
  /** by force-field species, when the types name some (S0 beside S); absent otherwise */
  species?: SpeciesReport;
}

/**
 * g(r) and bonds split by species: the Na–S pair of an excess-anion system is Na–S (network
 * sulfur) and Na–S0 (neutral sulfur) here. Bonds use the cutoff of the species' elements.
 */
export interface SpeciesReport {
  names: string[];
  atoms: Record<string, number>;
  pairs: Record<
    string,
    {
      cutoff: number | null;
      bonds: number;
      cn: Record<string, number>;
      rdf: { r: number[]; g: number[] };
      first_peak: number | null;
      first_min: number | null;
    }
  >;
}

/** Running sums by species (see SpeciesReport). */
interface SpeciesSums {
  names: string[];
  hist: Float64Array;
  /** bonds per frame summed, by species pair a · ns + b (a ≤ b) */
  bonds: Float64Array;
  counts: Float64Array;
}

/** Running sums over frames. */
export interface StructureAccumulator {
  elements: string[];
  settings: StructureSettings;
  rules: CutoffRule[];
  hist: Float64Array;
  angleHist: Float64Array;
  bonds: BondBuffer;
  frames: number;
  volume: number;
  counts: Float64Array | null;
  /** sums over frames with bonds: per element pair (a · ne + b, a ≤ b), and of the topology */
  coordination: Record<number, PairCoordination>;
  topology: TopologySums | null;
  nc: number;
  /** sums by species, from the first frame that names species */
  species: SpeciesSums | null;
}

type TopologySums = Omit<NetworkTopology, 'networkBonds'>;

/** a += b, element by element, growing a to b's length */
function addInto(a: number[], b: readonly number[]): void {
  while (a.length < b.length) a.push(0);
  b.forEach((v, k) => (a[k] += v));
}

function addSums<T extends object>(sum: T, x: T): T {
  const out = sum as Record<string, unknown>;
  for (const [key, v] of Object.entries(x)) {
    if (typeof v === 'number') out[key] = (out[key] as number) + v;
    else if (Array.isArray(v)) addInto(out[key] as number[], v as number[]);
  }
  return sum;
}

/** A deep copy with every number and array element divided by n. */
function divided<T extends object>(sum: T, n: number): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(sum))
    out[key] = typeof v === 'number' ? v / n : Array.isArray(v) ? (v as number[]).map((x) => x / n) : v;
  return out as T;
}

/** The default settings with g(r) cut at half the shortest box edge when the box is small (runs and sweeps). */
export function structureSettingsForBox(box: ArrayLike<number>, cutoffs: Map<string, number>): StructureSettings {
  const s = DEFAULT_STRUCTURE_SETTINGS;
  const half = Math.min(box[0], box[1], box[2]) / 2;
  const rmax = Math.min(s.rmax, Math.floor(half / s.dr - 1e-9) * s.dr);
  return { ...s, rmax, cutoffs };
}

export function checkStructureSettings(s: StructureSettings): void {
  if (!(s.dr > 0 && s.dr <= 1)) throw new InputError('--bin', `must be in (0, 1] Å, got ${s.dr}`);
  if (!(s.rmax > s.dr)) throw new InputError('--rmax', `must be larger than the bin (${s.dr} Å), got ${s.rmax}`);
  if (!(Number.isInteger(s.angleBins) && s.angleBins >= 1 && s.angleBins <= 3600))
    throw new InputError('--angle-bins', `must be an integer in 1..3600, got ${s.angleBins}`);
  if (!(s.dk > 0 && s.kmax > s.dk && s.kmax <= 100))
    throw new InputError('--kmax', `need 0 < dk < kmax <= 100 Å⁻¹, got dk ${s.dk}, kmax ${s.kmax}`);
}

export function createStructureAccumulator(
  elements: readonly string[],
  settings: StructureSettings,
): StructureAccumulator {
  checkStructureSettings(settings);
  const ne = elements.length;
  const nbins = Math.round(settings.rmax / settings.dr);
  return {
    elements: [...elements],
    settings,
    rules: cutoffRules(elements, settings.cutoffs),
    hist: new Float64Array(ne * ne * nbins),
    angleHist: new Float64Array(ne * ne * ne * settings.angleBins),
    bonds: createBondBuffer(),
    frames: 0,
    volume: 0,
    counts: null,
    coordination: {},
    topology: null,
    nc: 0,
    species: null,
  };
}

/** True while some first-minimum cutoff is still unknown (bonds wait for it). */
export function cutoffsPending(acc: StructureAccumulator): boolean {
  return acc.rules.some((r) => r.source === 'first-min' && !(r.value > 0));
}

/** Fixes the first-minimum cutoffs from the g(r) summed so far, then clears all sums. */
export function cutoffsFromRdf(acc: StructureAccumulator): void {
  const report = rdfs(acc);
  const ne = acc.elements.length;
  for (let a = 0; a < ne; a++)
    for (let b = a; b < ne; b++) {
      const rule = acc.rules[a * ne + b];
      if (rule.source !== 'first-min') continue;
      const rdf = report[a * ne + b];
      // no minimum in range (or no atoms of the pair): no bonds for the pair
      rule.value = rdf?.firstMin ?? 0;
      if (!(rule.value > 0)) rule.source = 'none';
    }
  const fresh = createStructureAccumulator(acc.elements, acc.settings);
  Object.assign(acc, { ...fresh, rules: acc.rules });
}

export function addFrame(acc: StructureAccumulator, frame: StructureFrame): void {
  if (frame.elements.length !== acc.elements.length || frame.elements.some((e, k) => e !== acc.elements[k]))
    throw new InputError('frame', `elements changed: ${frame.elements.join(',')} after ${acc.elements.join(',')}`);
  const ne = acc.elements.length;
  const pending = cutoffsPending(acc);
  const cut2 = new Float64Array(ne * ne);
  if (!pending) acc.rules.forEach((r, p) => (cut2[p] = r.value * r.value));
  scanPairs(frame, { rmax: acc.settings.rmax, dr: acc.settings.dr, bondCut2: cut2 }, acc.hist, acc.bonds);
  acc.frames++;
  acc.volume += frameVolume(frame);
  const counts = elementCounts(frame);
  if (acc.counts && acc.counts.some((c, k) => c !== counts[k]))
    throw new InputError('frame', 'the number of atoms of an element changed between frames');
  acc.counts = counts;
  if (frame.species || acc.species) addSpeciesFrame(acc, frame, pending);
  if (pending) return;
  const g = bondGraph(frame.element.length, acc.bonds);
  for (let a = 0; a < ne; a++)
    for (let b = a; b < ne; b++) {
      const c = pairCoordination(g, frame, acc.bonds, a, b);
      const sum = acc.coordination[a * ne + b];
      acc.coordination[a * ne + b] = sum ? addSums(sum, c) : c;
    }
  addAngles(frame, g, acc.bonds, acc.settings.angleBins, acc.angleHist);
  const { networkBonds, ...topology } = networkTopology(frame, g);
  acc.nc += constraintsPerAtom(frame, networkBonds);
  acc.topology = acc.topology ? addSums(acc.topology, topology) : topology;
}

/**
 * The species histograms (a second pair scan, over species) and the frame's bonds counted by
 * species; `acc.bonds` holds the frame's element bonds unless cutoffs are pending.
 */
function addSpeciesFrame(acc: StructureAccumulator, frame: StructureFrame, pending: boolean): void {
  const sp = frame.species;
  if (!sp || (acc.species && acc.species.names.join(',') !== sp.names.join(',')))
    throw new InputError(
      'frame',
      `species changed: ${sp?.names.join(',') ?? 'none'} after ${acc.species!.names.join(',')}`,
    );
  const ns = sp.names.length;
  const nbins = Math.round(acc.settings.rmax / acc.settings.dr);
  acc.species ??= {
    names: [...sp.names],
    hist: new Float64Array(ns * ns * nbins),
    bonds: new Float64Array(ns * ns),
    counts: new Float64Array(ns),
  };
  const sums = acc.species;
  const byElement = { box: frame.box, positions: frame.positions, element: sp.index, elements: sp.names };
  scanPairs(
    byElement,
    { rmax: acc.settings.rmax, dr: acc.settings.dr, bondCut2: new Float64Array(ns * ns) },
    sums.hist,
    createBondBuffer(1),
  );
  sums.counts = elementCounts(byElement);
  if (pending) return;
  const b = acc.bonds;
  for (let k = 0; k < b.count; k++) {
    const [p, q] = [sp.index[b.i[k]], sp.index[b.j[k]]];
    sums.bonds[Math.min(p, q) * ns + Math.max(p, q)]++;
  }
}

/**
 * For runs that cannot read their frames twice (md run --structure): the first frame fixes the
 * first-minimum cutoffs from its own g(r), then counts as any other.
 */
export function addFrameOnline(acc: StructureAccumulator, frame: StructureFrame): void {
  addFrame(acc, frame);
  if (!cutoffsPending(acc)) return;
  cutoffsFromRdf(acc);
  addFrame(acc, frame);
}

type SnapshotMeta = Pick<StructureAccumulator, 'rules' | 'frames' | 'volume' | 'coordination' | 'topology' | 'nc'> & {
  counts: number[] | null;
  /** species names, bonds and counts (the histogram is a section); absent without species */
  species?: { names: string[]; bonds: number[]; counts: number[] };
};

/** The sums as JSON meta and typed-array sections, for checkpoints. */
export function snapshotStructure(acc: StructureAccumulator): {
  meta: SnapshotMeta;
  sections: Record<string, Float64Array>;
} {
  const { rules, frames, volume, counts, coordination, topology, nc, species } = acc;
  const meta: SnapshotMeta = {
    rules,
    frames,
    volume,
    counts: counts ? Array.from(counts) : null,
    coordination,
    topology,
    nc,
  };
  if (!species) return { meta, sections: { hist: acc.hist, angleHist: acc.angleHist } };
  meta.species = { names: species.names, bonds: Array.from(species.bonds), counts: Array.from(species.counts) };
  return { meta, sections: { hist: acc.hist, angleHist: acc.angleHist, speciesHist: species.hist } };
}

const SECTION_PREFIX = 'structure.';

/** The sums' sections named `structure.…`, for checkpoints that hold other sections too. */
export function structureCheckpointSections(acc: StructureAccumulator): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, a] of Object.entries(snapshotStructure(acc).sections)) out[SECTION_PREFIX + name] = a;
  return out;
}

/** Continues from a checkpoint's `structure` meta and its `structure.…` sections. */
export function restoreStructureFromCheckpoint(
  acc: StructureAccumulator,
  meta: unknown,
  sections: Record<string, ArrayLike<number>>,
): void {
  const own = Object.entries(sections)
    .filter(([name]) => name.startsWith(SECTION_PREFIX))
    .map(([name, a]) => [name.slice(SECTION_PREFIX.length), a]);
  restoreStructure(acc, { meta, sections: Object.fromEntries(own) as Record<string, ArrayLike<number>> });
}

/** Continues from a snapshot taken with the same elements and settings. */
export function restoreStructure(
  acc: StructureAccumulator,
  snap: { meta: unknown; sections: Record<string, ArrayLike<number>> },
): void {
  const m = snap.meta as SnapshotMeta;
  for (const name of ['hist', 'angleHist'] as const) {
    const a = snap.sections[name];
    if (!a || a.length !== acc[name].length)
      throw new Error(`structure snapshot: section '${name}' is missing or has the wrong size`);
    acc[name].set(a);
  }
  Object.assign(acc, {
    rules: m.rules,
    frames: m.frames,
    volume: m.volume,
    counts: m.counts ? Float64Array.from(m.counts) : null,
    coordination: m.coordination,
    topology: m.topology,
    nc: m.nc,
    species: m.species
      ? {
          names: m.species.names,
          hist: Float64Array.from(snap.sections.speciesHist ?? []),
          bonds: Float64Array.from(m.species.bonds),
          counts: Float64Array.from(m.species.counts),
        }
      : null,
  });
}

function rdfs(acc: StructureAccumulator): (Rdf | null)[] {
  const ne = acc.elements.length;
  const nbins = Math.round(acc.settings.rmax / acc.settings.dr);
  const out: (Rdf | null)[] = new Array<Rdf | null>(ne * ne).fill(null);
  if (!acc.counts || acc.frames === 0) return out;
  const volume = acc.volume / acc.frames;
  for (let a = 0; a < ne; a++)
    for (let b = a; b < ne; b++)
      out[a * ne + b] = pairRdf(
        acc.hist,
        (a * ne + b) * nbins,
        nbins,
        acc.settings.dr,
        acc.counts[a],
        acc.counts[b],
        a === b,
        volume,
        acc.frames,
      );
  return out;
}

export function structureReport(acc: StructureAccumulator): StructureReport {
  if (acc.frames === 0 || !acc.counts) throw new InputError('--frames', 'no frames were analysed');
  if (cutoffsPending(acc)) throw new Error('structure: first-minimum cutoffs were never fixed');
  const { elements, settings } = acc;
  const ne = elements.length;
  const counts = acc.counts;
  const total = counts.reduce((s, c) => s + c, 0);
  const volume = acc.volume / acc.frames;
  const conc = Array.from(counts, (c) => c / total);
  const rdfAll = rdfs(acc);
  const grid = (a: number) => Array.from({ length: ne }, (_, b) => (b >= a ? rdfAll[a * ne + b] : null));
  const partials = elements.map((_, a) => grid(a));
  const skSettings: StructureFactorSettings = {
    rho: total / volume,
    kmin: settings.dk,
    kmax: settings.kmax,
    dk: settings.dk,
    lorch: settings.lorch,
  };
  const ks = kGrid(skSettings);
  const skPartials = partials.map((row) =>
    row.map((p) => (p ? partialStructureFactor(p, settings.dr, skSettings) : null)),
  );
  const present = elements.filter((_, k) => counts[k] > 0);
  const canNeutron = missingScatteringData(present, 'neutron').length === 0;
  const canXray = missingScatteringData(present, 'xray').length === 0;
  const pairs: Record<string, PairReport> = {};
  const skByPair: Record<string, number[]> = {};
  for (let a = 0; a < ne; a++)
    for (let b = a; b < ne; b++) {
      const rdf = rdfAll[a * ne + b]!;
      const rule = acc.rules[a * ne + b];
      const coord = divided(acc.coordination[a * ne + b], acc.frames);
      const name = pairName(elements, a, b);
      pairs[name] = {
        cutoff: rule.source === 'none' ? null : rule.value,
        cutoff_source: rule.source,
        bonds: coord.bonds,
        cn: { [elements[a]]: coord.cnA, [elements[b]]: coord.cnB },
        histogram: { [elements[a]]: coord.histA, [elements[b]]: coord.histB },
        rdf: { r: rdf.r, g: rdf.g },
        first_peak: rdf.firstPeak,
        first_min: rdf.firstMin,
      };
      skByPair[name] = skPartials[a][b]!;
    }
  const weights = (radiation: 'neutron' | 'xray') =>
    radiation === 'neutron'
      ? totalRdf(partials, faberZimanWeights(elements, conc, 'neutron'))
      : totalRdf(partials, faberZimanWeights(elements, conc, 'xray', 0));
  const mass = elements.reduce((s, e, k) => s + counts[k] * (ATOMIC_MASS[e] ?? NaN), 0);
  const density = Number.isFinite(mass) ? densityGPerCm3(mass, volume) : null;
  const mf = meanFieldFloppiness(elements, counts);
  const nc = acc.nc / acc.frames;
  return {
    elements: [...elements],
    atoms: Object.fromEntries(elements.map((e, k) => [e, counts[k]])),
    frames: acc.frames,
    volume_A3: volume,
    density_g_cm3: density,
    pairs,
    total: {
      r: rdfAll[0]!.r,
      neutron: canNeutron ? weights('neutron') : null,
      xray: canXray ? weights('xray') : null,
    },
    sk: {
      k: ks,
      neutron: canNeutron ? totalStructureFactor(skPartials, elements, conc, 'neutron', ks) : null,
      xray: canXray ? totalStructureFactor(skPartials, elements, conc, 'xray', ks) : null,
      partials: skByPair,
    },
    angles: angleReports(acc),
    network: {
      formers: elements.filter((e, k) => counts[k] > 0 && elementRole(e) === 'former'),
      anions: elements.filter((e, k) => counts[k] > 0 && elementRole(e) === 'anion'),
      ...divided(acc.topology!, acc.frames),
    },
    constraints: { nc, f_md: 3 - nc, x: mf?.x ?? null, m: mf?.m ?? null, f_eq1: mf?.f ?? null },
    ...(acc.species ? { species: speciesReport(acc, acc.species, volume) } : {}),
  };
}

function speciesReport(acc: StructureAccumulator, sums: SpeciesSums, volume: number): SpeciesReport {
  const { names, counts } = sums;
  const ns = names.length;
  const ne = acc.elements.length;
  const { dr } = acc.settings;
  const nbins = Math.round(acc.settings.rmax / dr);
  const pairs: SpeciesReport['pairs'] = {};
  for (let a = 0; a < ns; a++)
    for (let b = a; b < ns; b++) {
      const rdf = pairRdf(
        sums.hist,
        (a * ns + b) * nbins,
        nbins,
        dr,
        counts[a],
        counts[b],
        a === b,
        volume,
        acc.frames,
      );
      const [ea, eb] = [acc.elements.indexOf(elementOf(names[a])), acc.elements.indexOf(elementOf(names[b]))];
      const rule = acc.rules[Math.min(ea, eb) * ne + Math.max(ea, eb)];
      const bonds = sums.bonds[a * ns + b] / acc.frames;
      // each bond of a like pair gives both atoms a neighbour
      const cn = (n: number) => (n > 0 ? ((a === b ? 2 : 1) * bonds) / n : 0);
      pairs[`${names[a]}-${names[b]}`] = {
        cutoff: rule.source === 'none' ? null : rule.value,
        bonds,
        cn: a === b ? { [names[a]]: cn(counts[a]) } : { [names[a]]: cn(counts[a]), [names[b]]: cn(counts[b]) },
        rdf: { r: rdf.r, g: rdf.g },
        first_peak: rdf.firstPeak,
        first_min: rdf.firstMin,
      };
    }
  return { names: [...names], atoms: Object.fromEntries(names.map((n, k) => [n, counts[k]])), pairs };
}

/** Angle distributions of every element triple that occurred, as densities per degree. */
function angleReports(acc: StructureAccumulator): Record<string, AngleReport> {
  const { elements } = acc;
  const ne = elements.length;
  const bins = acc.settings.angleBins;
  const width = 180 / bins;
  const out: Record<string, AngleReport> = {};
  for (let a = 0; a < ne; a++)
    for (let b = 0; b < ne; b++)
      for (let c = a; c < ne; c++) {
        const off = ((a * ne + b) * ne + c) * bins;
        const h = acc.angleHist.subarray(off, off + bins);
        const n = h.reduce((s, v) => s + v, 0);
        if (n === 0) continue;
        const theta = Array.from({ length: bins }, (_, k) => (k + 0.5) * width);
        out[`${elements[a]}-${elements[b]}-${elements[c]}`] = {
          count: n / acc.frames,
          mean: theta.reduce((s, t, k) => s + t * h[k], 0) / n,
          theta,
          p: Array.from(h, (v) => v / n / width),
        };
      }
  return out;
}

/**
 * The whole analysis over the frames that `forEachFrame` hands to its visitor; it is called a
 * second time when cutoffs wait for the first minimum of g(r) (frames are not held meanwhile).
 */
export function analyzeStructure(
  elements: readonly string[],
  settings: StructureSettings,
  forEachFrame: (visit: (frame: StructureFrame) => void, pass: number) => void,
): StructureReport {
  const acc = createStructureAccumulator(elements, settings);
  forEachFrame((f) => addFrame(acc, f), 1);
  if (cutoffsPending(acc)) {
    cutoffsFromRdf(acc);
    forEachFrame((f) => addFrame(acc, f), 2);
  }
  return structureReport(acc);
}
