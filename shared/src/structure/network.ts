/**
 * Network topology of one frame from its bonds. Elements play one of three roles:
 * modifiers (alkali and alkaline-earth cations, Ag) whose bonds are ionic and do not count as
 * network bonds; anions (O, S, Se, Te); network formers (everything else: Si, Ge, P, B, …).
 * Network bonds join non-modifier atoms: former–anion, anion–anion (homopolar, e.g. S–S) and
 * former–former.
 *
 * - Qⁿ: a former with n bridging anions, an anion being bridging when it has ≥ 2 network bonds
 *   (so the S of Si–S–S–Si bridges: it carries the network on).
 * - Corner vs edge sharing: two formers sharing one anion share a corner, two or more an edge.
 * - Anions: non-bridging (one network bond), bridging (≥ 2), free (none).
 * - Homopolar chains: connected groups of anion–anion bonds, with their size in atoms, whether
 *   they hold a ring, and whether they hang on the network (some atom bonded to a former) or
 *   stand apart (rings and chains of their own, like S8 in Ge–S glasses).
 * - r̄: mean number of network bonds per network (non-modifier) atom.
 */
import type { BondGraph } from './bonds.js';
import type { StructureFrame } from './frame.js';

export type ElementRole = 'modifier' | 'former' | 'anion';

const MODIFIERS = new Set(['H', 'Li', 'Na', 'K', 'Rb', 'Cs', 'Mg', 'Ca', 'Sr', 'Ba', 'Ag']);
const ANIONS = new Set(['O', 'S', 'Se', 'Te', 'F', 'Cl', 'Br', 'I']);

export function elementRole(element: string): ElementRole {
  return MODIFIERS.has(element) ? 'modifier' : ANIONS.has(element) ? 'anion' : 'former';
}

export interface NetworkTopology {
  /** fraction of formers with n bridging anions, n = 0, 1, … */
  qn: number[];
  /** pairs of formers sharing one anion (corner) or ≥ 2 (edge) */
  cornerSharing: number;
  edgeSharing: number;
  /** fraction of formers in at least one edge-sharing pair */
  edgeSharingFraction: number;
  /** anions by number of network bonds */
  nonBridging: number;
  bridging: number;
  free: number;
  /** anion–anion bonds, and those in groups bonded to a former / standing apart */
  homopolarBonds: number;
  homopolarInNetwork: number;
  homopolarApart: number;
  /** anions with ≥ 3 anion neighbours (sulfur should be at most two-fold) */
  overCoordinatedAnions: number;
  /** number of homopolar groups by size in atoms (index = size; 0 and 1 unused) */
  chainSizes: number[];
  /** homopolar groups that contain a ring */
  rings: number;
  /** mean network coordination of non-modifier atoms */
  meanCoordination: number;
  /** network bonds of each atom (0 for modifiers) */
  networkBonds: Int32Array;
}

export function networkTopology(frame: StructureFrame, g: BondGraph): NetworkTopology {
  const el = frame.element;
  const n = el.length;
  const role = frame.elements.map(elementRole);
  const networkBonds = new Int32Array(n);
  const anionNbrs = new Int32Array(n);
  const formerNbrs = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (role[el[i]] === 'modifier') continue;
    for (let q = g.start[i]; q < g.start[i + 1]; q++) {
      const rj = role[el[g.nbr[q]]];
      if (rj === 'modifier') continue;
      networkBonds[i]++;
      if (rj === 'anion') anionNbrs[i]++;
      else formerNbrs[i]++;
    }
  }
  const t: NetworkTopology = {
    qn: [],
    cornerSharing: 0,
    edgeSharing: 0,
    edgeSharingFraction: 0,
    nonBridging: 0,
    bridging: 0,
    free: 0,
    homopolarBonds: 0,
    homopolarInNetwork: 0,
    homopolarApart: 0,
    overCoordinatedAnions: 0,
    chainSizes: [],
    rings: 0,
    meanCoordination: 0,
    networkBonds,
  };
  let networkAtoms = 0;
  let bondSum = 0;
  for (let i = 0; i < n; i++) {
    const r = role[el[i]];
    if (r === 'modifier') continue;
    networkAtoms++;
    bondSum += networkBonds[i];
    if (r !== 'anion') continue;
    if (networkBonds[i] === 0) t.free++;
    else if (networkBonds[i] === 1) t.nonBridging++;
    else t.bridging++;
    if (anionNbrs[i] >= 3) t.overCoordinatedAnions++;
  }
  t.meanCoordination = networkAtoms ? bondSum / networkAtoms : 0;
  qnSpeciation(frame, g, role, networkBonds, t);
  sharing(frame, g, role, t);
  homopolarGroups(frame, g, role, formerNbrs, t);
  return t;
}

function qnSpeciation(
  frame: StructureFrame,
  g: BondGraph,
  role: ElementRole[],
  nb: Int32Array,
  t: NetworkTopology,
): void {
  const counts: number[] = [];
  let formers = 0;
  for (let i = 0; i < frame.element.length; i++) {
    if (role[frame.element[i]] !== 'former') continue;
    let bridging = 0;
    for (let q = g.start[i]; q < g.start[i + 1]; q++) {
      const j = g.nbr[q];
      if (role[frame.element[j]] === 'anion' && nb[j] >= 2) bridging++;
    }
    while (counts.length <= bridging) counts.push(0);
    counts[bridging]++;
    formers++;
  }
  t.qn = counts.map((c) => c / formers);
}

function sharing(frame: StructureFrame, g: BondGraph, role: ElementRole[], t: NetworkTopology): void {
  const shared = new Map<number, number>();
  const n = frame.element.length;
  for (let s = 0; s < n; s++) {
    if (role[frame.element[s]] !== 'anion') continue;
    const formers: number[] = [];
    for (let q = g.start[s]; q < g.start[s + 1]; q++)
      if (role[frame.element[g.nbr[q]]] === 'former') formers.push(g.nbr[q]);
    for (let a = 0; a < formers.length; a++)
      for (let b = a + 1; b < formers.length; b++) {
        const key = Math.min(formers[a], formers[b]) * n + Math.max(formers[a], formers[b]);
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
  }
  const inEdge = new Set<number>();
  let formers = 0;
  for (let i = 0; i < n; i++) if (role[frame.element[i]] === 'former') formers++;
  for (const [key, c] of shared) {
    if (c === 1) t.cornerSharing++;
    else {
      t.edgeSharing++;
      inEdge.add(Math.floor(key / n));
      inEdge.add(key % n);
    }
  }
  t.edgeSharingFraction = formers ? inEdge.size / formers : 0;
}

function homopolarGroups(
  frame: StructureFrame,
  g: BondGraph,
  role: ElementRole[],
  formerNbrs: Int32Array,
  t: NetworkTopology,
): void {
  const el = frame.element;
  const seen = new Uint8Array(el.length);
  const stack: number[] = [];
  for (let s = 0; s < el.length; s++) {
    if (seen[s] || role[el[s]] !== 'anion') continue;
    // one connected group of anion–anion bonds
    let atoms = 0;
    let ends = 0; // bond ends: twice the bonds
    let anchored = false;
    seen[s] = 1;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      atoms++;
      if (formerNbrs[i] > 0) anchored = true;
      for (let q = g.start[i]; q < g.start[i + 1]; q++) {
        const j = g.nbr[q];
        if (role[el[j]] !== 'anion') continue;
        ends++;
        if (!seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    if (atoms < 2) continue;
    const bonds = ends / 2;
    t.homopolarBonds += bonds;
    if (anchored) t.homopolarInNetwork += bonds;
    else t.homopolarApart += bonds;
    if (bonds >= atoms) t.rings++;
    while (t.chainSizes.length <= atoms) t.chainSizes.push(0);
    t.chainSizes[atoms]++;
  }
}
