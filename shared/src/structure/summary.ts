/**
 * A structure report reduced to the numbers a sweep keeps per task and averages over replicas
 * (no g(r), S(k) or angle curves: those stay with `ionsweep structure` and `md run --structure`).
 */
import type { StructureReport } from './analyze.js';

export interface StructureSummary {
  frames: number;
  atoms: Record<string, number>;
  pairs: Record<
    string,
    { cutoff: number | null; bonds: number; cn: Record<string, number>; first_peak: number | null }
  >;
  /** mean angle of each element triple, degrees */
  angles: Record<string, number | null>;
  network: {
    qn: number[];
    edgeSharingFraction: number;
    nonBridging: number;
    bridging: number;
    free: number;
    homopolarBonds: number;
    homopolarInNetwork: number;
    homopolarApart: number;
    overCoordinatedAnions: number;
    rings: number;
    meanCoordination: number;
  };
  constraints: StructureReport['constraints'];
}

export function summarizeStructure(r: StructureReport): StructureSummary {
  const n = r.network;
  return {
    frames: r.frames,
    atoms: r.atoms,
    pairs: Object.fromEntries(
      Object.entries(r.pairs).map(([k, p]) => [
        k,
        { cutoff: p.cutoff, bonds: p.bonds, cn: p.cn, first_peak: p.first_peak },
      ]),
    ),
    angles: Object.fromEntries(Object.entries(r.angles).map(([k, a]) => [k, a.mean])),
    network: {
      qn: n.qn,
      edgeSharingFraction: n.edgeSharingFraction,
      nonBridging: n.nonBridging,
      bridging: n.bridging,
      free: n.free,
      homopolarBonds: n.homopolarBonds,
      homopolarInNetwork: n.homopolarInNetwork,
      homopolarApart: n.homopolarApart,
      overCoordinatedAnions: n.overCoordinatedAnions,
      rings: n.rings,
      meanCoordination: n.meanCoordination,
    },
    constraints: r.constraints,
  };
}
