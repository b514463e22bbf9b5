/**
 * The three building blocks of the network and the six pair clusters they form
 * (spec: rigidity-model.md, "Building blocks" and "Pair clusters").
 */

/** Units j = 4 (AY_{4/2}), 3 (MAY_{5/2}), 2 (Y_2 chain), in that order everywhere. */
export const UNITS = [4, 3, 2] as const;
export type Unit = (typeof UNITS)[number];

export interface UnitData {
  /** atoms per unit N_j */
  atoms: number;
  /** constraints per unit Nc_j */
  constraints: number;
  /** bridging ends r_j (connections it can make) */
  ends: number;
  /** anionic non-bridging (NBS) sites */
  nbs: number;
}

export const UNIT_DATA: Readonly<Record<Unit, UnitData>> = {
  4: { atoms: 3, constraints: 11, ends: 4, nbs: 0 },
  3: { atoms: 4.5, constraints: 11.5, ends: 3, nbs: 1 },
  2: { atoms: 2, constraints: 4, ends: 2, nbs: 0 },
};

export type RigidityClass = 'SR' | 'IS' | 'FL';

export interface PairCluster {
  /** "44", "43", … */
  name: PairName;
  j: Unit;
  k: Unit;
  /** N_jk = N_j + N_k (additive counting) */
  atoms: number;
  /** Nc_jk = Nc_j + Nc_k */
  constraints: number;
  /** F_jk = 3 N_jk − Nc_jk, the floppy modes of the cluster */
  floppy: number;
  /** SR if 3N < Nc, IS if equal, FL if greater */
  cls: RigidityClass;
  /** entropic factor W_jk = (2 − δ_jk) r_j r_k */
  weight: number;
  /** NBS sites in the pair (sum of the units' sites) */
  nbs: number;
}

export const PAIR_NAMES = ['44', '43', '42', '33', '32', '22'] as const;
export type PairName = (typeof PAIR_NAMES)[number];

function makePair(j: Unit, k: Unit): PairCluster {
  const a = UNIT_DATA[j];
  const b = UNIT_DATA[k];
  const atoms = a.atoms + b.atoms;
  const constraints = a.constraints + b.constraints;
  const floppy = 3 * atoms - constraints;
  const cls: RigidityClass = floppy < 0 ? 'SR' : floppy === 0 ? 'IS' : 'FL';
  return {
    name: `${j}${k}` as PairName,
    j,
    k,
    atoms,
    constraints,
    floppy,
    cls,
    weight: (j === k ? 1 : 2) * a.ends * b.ends,
    nbs: a.nbs + b.nbs,
  };
}

/** The six pair clusters in the order of PAIR_NAMES. */
export const PAIRS: readonly PairCluster[] = PAIR_NAMES.map((n) =>
  makePair(Number(n[0]) as Unit, Number(n[1]) as Unit),
);
