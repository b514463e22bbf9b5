/**
 * A structure report reduced to the numbers a sweep keeps per task and averages over replicas
 * (no g(r), S(k) or angle curves: those stay with `ionsweep structure` and `md run --structure`).
 */
import type { PairReport, StructureReport } from './analyze.js';
import type { NetworkTopology } from './network.js';

/** The topology numbers a summary keeps (not the chain-size histogram). */
const NETWORK_KEYS = [
  'qn',
  'edgeSharingFraction',
  'nonBridging',
  'bridging',
  'free',
  'homopolarBonds',
  'homopolarInNetwork',
  'homopolarApart',
  'overCoordinatedAnions',
  'rings',
  'meanCoordination',
] as const;

export interface StructureSummary {
  frames: number;
  atoms: Record<string, number>;
  pairs: Record<
    string,
    { cutoff: number | null; bonds: number; cn: Record<string, number>; first_peak: number | null }
  >;
  /** mean angle of each element triple, degrees */
  angles: Record<string, number | null>;
  network: Pick<NetworkTopology, (typeof NETWORK_KEYS)[number]>;
  constraints: StructureReport['constraints'];
  /** the same pair numbers by force-field species (Na–S and Na–S0), when the run has species */
  species?: { pairs: StructureSummary['pairs'] };
}

/** The numbers a summary keeps of a pair. */
function pairNumbers(p: Pick<PairReport, 'cutoff' | 'bonds' | 'cn' | 'first_peak'>): StructureSummary['pairs'][string] {
  return { cutoff: p.cutoff, bonds: p.bonds, cn: p.cn, first_peak: p.first_peak };
}

export function summarizeStructure(r: StructureReport): StructureSummary {
  const n = r.network;
  return {
    frames: r.frames,
    atoms: r.atoms,
    pairs: Object.fromEntries(Object.entries(r.pairs).map(([k, p]) => [k, pairNumbers(p)])),
    angles: Object.fromEntries(Object.entries(r.angles).map(([k, a]) => [k, a.mean])),
    network: Object.fromEntries(NETWORK_KEYS.map((k) => [k, n[k]])) as StructureSummary['network'],
    constraints: r.constraints,
    ...(r.species
      ? { species: { pairs: Object.fromEntries(Object.entries(r.species.pairs).map(([k, p]) => [k, pairNumbers(p)])) } }
      : {}),
  };
}
