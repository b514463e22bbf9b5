/**
 * Displacement correlations of a run, accumulated on the fly from unwrapped positions.
 *
 * Per lag (in samples) it sums over time origins:
 *   - per species:   Σ_i∈k |Δr_i|²                    → MSD_k
 *   - charge-weighted self term Σ_i q_i² |Δr_i|²      → Nernst–Einstein σ_self
 *   - collective charge displacement |ΔM|², M = Σ q_i r_i → σ_full (the paper's Eq. 5)
 *   - per species |ΔR_k|², R_k = Σ_i∈k r_i             → D_σ of a species (Haven ratio)
 *   - per species Σ_i∈k q_i² |Δr_i|²                  → σ_self of a species
 *   - per species pair ΔM_a·ΔM_b, M_a = Σ_i∈a q_i r_i  → σ_full split by species pair
 *     (Σ_a,b ΔM_a·ΔM_b = |ΔM|²)
 * with the system's centre-of-mass drift removed. Time origins every `originEvery` samples,
 * lags up to `maxLag`, linear or log-spaced: memory is bounded by (maxLag / originEvery)
 * stored frames. The whole state can be saved into a checkpoint and restored.
 */

export interface AccumulatorConfig {
  /** species index of each atom, in atom-id order */
  species: Int32Array;
  speciesNames: string[];
  /** charge (e) and mass (amu) of each atom, in atom-id order */
  charges: Float64Array;
  masses: Float64Array;
  /** atom ids in that order (frames in another order are mapped through them) */
  ids: Int32Array;
  /** largest lag kept, in samples */
  maxLag: number;
  /** a new time origin every this many samples */
  originEvery: number;
  lagSpacing: 'linear' | 'log';
  removeDrift: boolean;
}

/** What the accumulator has gathered, per output lag. */
export interface DisplacementCurves {
  /** lag of each row, in samples */
  lags: Int32Array;
  /** time origins that contributed to each lag */
  counts: Float64Array;
  speciesNames: string[];
  speciesCounts: number[];
  /** per species, mean over atoms and origins of |Δr|² (Å²) */
  msd: Float64Array[];
  /** mean over origins of Σ_i q_i² |Δr_i|² (e² Å²) */
  selfCharge: Float64Array;
  /** mean over origins of |ΔM|² (e² Å²) */
  collective: Float64Array;
  /** per species, mean over origins of |Σ_i∈k Δr_i|² (Å²) */
  collectiveSpecies: Float64Array[];
  /** per species, mean over origins of Σ_i∈k q_i² |Δr_i|² (e² Å²); absent in curves stored before it */
  selfChargeSpecies?: Float64Array[];
  /**
   * per species pair (a ≤ b, in speciesPairs order), mean over origins of ΔM_a·ΔM_b (e² Å²),
   * M_a = Σ_i∈a q_i r_i; absent in curves stored before it
   */
  chargeCross?: Float64Array[];
  /** the self terms of ATOM_GROUPS disjoint groups of atoms, for errors from one run (atomGroups) */
  groups?: GroupCurves;
}

/**
 * Self terms by group of atoms: independent atoms give independent estimates, so the spread
 * of a species' D over groups is an error bar from one trajectory. Group g holds every
 * ATOM_GROUPS-th atom of each species.
 */
export interface GroupCurves {
  /** [group][species]: mean over the group's atoms of the species and over origins of |Δr|² (Å²) */
  msd: Float64Array[][];
  /** [group]: mean over origins of Σ_i∈g q_i² |Δr_i|² (e² Å²) */
  selfCharge: Float64Array[];
  /** [group][species]: atoms */
  counts: number[][];
  /** [group]: Σ_i∈g q_i² (e²), to scale a group's σ_self to the whole system */
  q2: number[];
}

/** Groups of atoms for errors from one trajectory. */
export const ATOM_GROUPS = 8;

/** The group of each atom: its rank among the atoms of its species, modulo ATOM_GROUPS. */
export function atomGroups(species: Int32Array, nSpecies: number): Int32Array {
  const seen = new Int32Array(nSpecies);
  return Int32Array.from(species, (s) => seen[s]++ % ATOM_GROUPS);
}

/** Species pairs a ≤ b in the order of `chargeCross`: (0,0), (0,1), …, (1,1), … */
export function speciesPairs(nSpecies: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < nSpecies; a++) for (let b = a; b < nSpecies; b++) out.push([a, b]);
  return out;
}

/** Output lags: every lag, or ≈ 12 per decade (always including 1 and maxLag). */
export function outputLags(maxLag: number, spacing: 'linear' | 'log'): Int32Array {
  if (spacing === 'linear') return Int32Array.from({ length: maxLag + 1 }, (_, i) => i);
  const set = new Set<number>([0, 1, maxLag]);
  for (let e = 0; 10 ** e <= maxLag; e += 1 / 12) set.add(Math.min(maxLag, Math.round(10 ** e)));
  return Int32Array.from([...set].sort((a, b) => a - b));
}

export class DisplacementAccumulator {
  readonly config: AccumulatorConfig;
  readonly lags: Int32Array;
  private readonly lagSlot: Int32Array;
  private readonly n: number;
  private readonly nSpecies: number;
  private readonly idIndex: Int32Array;
  private readonly totalMass: number;
  /** ring of stored origins: positions (drift-corrected) and their sample index */
  private readonly origins: Float64Array;
  private readonly originSample: Float64Array;
  private readonly capacity: number;
  private frames = 0;
  // sums per output lag
  private readonly counts: Float64Array;
  private readonly sumMsd: Float64Array; // nSpecies × lags
  private readonly sumSelf: Float64Array;
  private readonly sumCollective: Float64Array;
  private readonly sumCollectiveSpecies: Float64Array; // nSpecies × lags
  private readonly sumSelfSpecies: Float64Array; // nSpecies × lags
  private readonly sumChargeCross: Float64Array; // species pairs × lags
  private readonly group: Int32Array;
  private readonly sumMsdGroup: Float64Array; // groups × nSpecies × lags
  private readonly sumSelfGroup: Float64Array; // groups × lags
  /** species of each side of each pair (speciesPairs order) */
  private readonly pairA: Int32Array;
  private readonly pairB: Int32Array;
  // scratch
  private readonly frame: Float64Array;
  private readonly dR: Float64Array;
  private readonly selfScratch: Float64Array;

  constructor(config: AccumulatorConfig) {
    if (!(config.maxLag >= 1) || !(config.originEvery >= 1)) throw new Error('maxLag and originEvery must be >= 1');
    this.config = config;
    this.n = config.ids.length;
    this.nSpecies = config.speciesNames.length;
    this.lags = outputLags(config.maxLag, config.lagSpacing);
    this.lagSlot = new Int32Array(config.maxLag + 1).fill(-1);
    this.lags.forEach((lag, k) => (this.lagSlot[lag] = k));
    const maxId = Math.max(...config.ids);
    this.idIndex = new Int32Array(maxId + 1).fill(-1);
    config.ids.forEach((id, k) => (this.idIndex[id] = k));
    this.totalMass = config.masses.reduce((a, b) => a + b, 0);
    this.capacity = Math.floor(config.maxLag / config.originEvery) + 1;
    this.origins = new Float64Array(this.capacity * 3 * this.n);
    this.originSample = new Float64Array(this.capacity).fill(-1);
    const L = this.lags.length;
    this.counts = new Float64Array(L);
    this.sumMsd = new Float64Array(this.nSpecies * L);
    this.sumSelf = new Float64Array(L);
    this.sumCollective = new Float64Array(L);
    this.sumCollectiveSpecies = new Float64Array(this.nSpecies * L);
    this.sumSelfSpecies = new Float64Array(this.nSpecies * L);
    const pairs = speciesPairs(this.nSpecies);
    this.pairA = Int32Array.from(pairs, ([a]) => a);
    this.pairB = Int32Array.from(pairs, ([, b]) => b);
    this.sumChargeCross = new Float64Array(pairs.length * L);
    this.group = atomGroups(config.species, this.nSpecies);
    this.sumMsdGroup = new Float64Array(ATOM_GROUPS * this.nSpecies * L);
    this.sumSelfGroup = new Float64Array(ATOM_GROUPS * L);
    this.frame = new Float64Array(3 * this.n);
    // per species ΔR, then per species ΔM_a, then ΔM in the last slot
    this.dR = new Float64Array(3 * (2 * this.nSpecies + 1));
    this.selfScratch = new Float64Array(this.nSpecies);
  }

  get samples(): number {
    return this.frames;
  }

  /** Adds one frame of unwrapped positions (any atom order; `ids` says which atom is where). */
  add(unwrapped: Float64Array, ids: Int32Array): void {
    const n = this.n;
    const p = this.frame;
    for (let k = 0; k < n; k++) {
      const c = this.idIndex[ids[k]];
      p[3 * c] = unwrapped[3 * k];
      p[3 * c + 1] = unwrapped[3 * k + 1];
      p[3 * c + 2] = unwrapped[3 * k + 2];
    }
    if (this.config.removeDrift) this.subtractCentreOfMass(p);
    const t = this.frames;
    for (let o = 0; o < this.capacity; o++) {
      const t0 = this.originSample[o];
      if (t0 < 0) continue;
      const lag = t - t0;
      if (lag > this.config.maxLag) continue;
      const slot = this.lagSlot[lag];
      if (slot >= 0) this.accumulate(p, o, slot);
    }
    if (t % this.config.originEvery === 0) {
      const o = (t / this.config.originEvery) % this.capacity;
      this.origins.set(p, o * 3 * n);
      this.originSample[o] = t;
      this.counts[0] += 1; // lag 0: the origin itself, zero displacement
    }
    this.frames++;
  }

  private subtractCentreOfMass(p: Float64Array): void {
    const m = this.config.masses;
    let cx = 0,
      cy = 0,
      cz = 0;
    for (let i = 0; i < this.n; i++) {
      cx += m[i] * p[3 * i];
      cy += m[i] * p[3 * i + 1];
      cz += m[i] * p[3 * i + 2];
    }
    cx /= this.totalMass;
    cy /= this.totalMass;
    cz /= this.totalMass;
    for (let i = 0; i < this.n; i++) {
      p[3 * i] -= cx;
      p[3 * i + 1] -= cy;
      p[3 * i + 2] -= cz;
    }
  }

  private accumulate(p: Float64Array, origin: number, slot: number): void {
    const n = this.n;
    const L = this.lags.length;
    const r0 = this.origins;
    const base = origin * 3 * n;
    const species = this.config.species;
    const q = this.config.charges;
    const ns = this.nSpecies;
    const dR = this.dR.fill(0);
    const selfK = this.selfScratch.fill(0);
    const Ma = 3 * ns;
    const M = 6 * ns;
    for (let i = 0; i < n; i++) {
      const dx = p[3 * i] - r0[base + 3 * i];
      const dy = p[3 * i + 1] - r0[base + 3 * i + 1];
      const dz = p[3 * i + 2] - r0[base + 3 * i + 2];
      const d2 = dx * dx + dy * dy + dz * dz;
      const s = species[i];
      const qi = q[i];
      const g = this.group[i];
      this.sumMsd[s * L + slot] += d2;
      this.sumMsdGroup[(g * ns + s) * L + slot] += d2;
      this.sumSelfGroup[g * L + slot] += qi * qi * d2;
      selfK[s] += qi * qi * d2;
      dR[3 * s] += dx;
      dR[3 * s + 1] += dy;
      dR[3 * s + 2] += dz;
      dR[Ma + 3 * s] += qi * dx;
      dR[Ma + 3 * s + 1] += qi * dy;
      dR[Ma + 3 * s + 2] += qi * dz;
    }
    let self = 0;
    for (let s = 0; s < ns; s++) {
      self += selfK[s];
      this.sumSelfSpecies[s * L + slot] += selfK[s];
      this.sumCollectiveSpecies[s * L + slot] += dR[3 * s] ** 2 + dR[3 * s + 1] ** 2 + dR[3 * s + 2] ** 2;
      dR[M] += dR[Ma + 3 * s];
      dR[M + 1] += dR[Ma + 3 * s + 1];
      dR[M + 2] += dR[Ma + 3 * s + 2];
    }
    for (let k = 0; k < this.pairA.length; k++) {
      const oa = Ma + 3 * this.pairA[k];
      const ob = Ma + 3 * this.pairB[k];
      this.sumChargeCross[k * L + slot] += dR[oa] * dR[ob] + dR[oa + 1] * dR[ob + 1] + dR[oa + 2] * dR[ob + 2];
    }
    this.counts[slot] += 1;
    this.sumSelf[slot] += self;
    this.sumCollective[slot] += dR[M] ** 2 + dR[M + 1] ** 2 + dR[M + 2] ** 2;
  }

  curves(): DisplacementCurves {
    const L = this.lags.length;
    const speciesCounts = this.config.speciesNames.map((_, s) => this.config.species.filter((v) => v === s).length);
    const mean = (sum: Float64Array, offset = 0, per = 1) =>
      Float64Array.from({ length: L }, (_, k) => (this.counts[k] > 0 ? sum[offset + k] / (this.counts[k] * per) : NaN));
    return {
      lags: this.lags.slice(),
      counts: this.counts.slice(),
      speciesNames: [...this.config.speciesNames],
      speciesCounts,
      msd: speciesCounts.map((c, s) => mean(this.sumMsd, s * L, c)),
      selfCharge: mean(this.sumSelf),
      collective: mean(this.sumCollective),
      collectiveSpecies: speciesCounts.map((_, s) => mean(this.sumCollectiveSpecies, s * L)),
      selfChargeSpecies: speciesCounts.map((_, s) => mean(this.sumSelfSpecies, s * L)),
      chargeCross: Array.from(this.pairA, (_, k) => mean(this.sumChargeCross, k * L)),
      groups: this.groupCurves(mean),
    };
  }

  private groupCurves(mean: (sum: Float64Array, offset?: number, per?: number) => Float64Array): GroupCurves {
    const { species, charges } = this.config;
    const ns = this.nSpecies;
    const L = this.lags.length;
    const counts = Array.from({ length: ATOM_GROUPS }, () => new Array<number>(ns).fill(0));
    const q2 = new Array<number>(ATOM_GROUPS).fill(0);
    species.forEach((s, i) => {
      counts[this.group[i]][s]++;
      q2[this.group[i]] += charges[i] ** 2;
    });
    return {
      msd: counts.map((c, g) => c.map((n, s) => mean(this.sumMsdGroup, (g * ns + s) * L, Math.max(n, 1)))),
      selfCharge: counts.map((_, g) => mean(this.sumSelfGroup, g * L)),
      counts,
      q2,
    };
  }

  /** Everything needed to continue: small JSON meta plus typed-array sections. */
  snapshot(): { meta: { frames: number }; sections: Record<string, Float64Array> } {
    return {
      meta: { frames: this.frames },
      sections: {
        origins: this.origins,
        originSample: this.originSample,
        counts: this.counts,
        sumMsd: this.sumMsd,
        sumSelf: this.sumSelf,
        sumCollective: this.sumCollective,
        sumCollectiveSpecies: this.sumCollectiveSpecies,
        sumSelfSpecies: this.sumSelfSpecies,
        sumChargeCross: this.sumChargeCross,
        sumMsdGroup: this.sumMsdGroup,
        sumSelfGroup: this.sumSelfGroup,
      },
    };
  }

  /** Continues from a snapshot taken with the same configuration. */
  restore(snap: { meta: { frames: number }; sections: Record<string, ArrayLike<number>> }): void {
    const s = snap.sections;
    const copy = (name: string, into: Float64Array) => {
      const a = s[name];
      if (!a || a.length !== into.length)
        throw new Error(`accumulator snapshot: section '${name}' is missing or has the wrong size`);
      into.set(a);
    };
    copy('origins', this.origins);
    copy('originSample', this.originSample);
    copy('counts', this.counts);
    copy('sumMsd', this.sumMsd);
    copy('sumSelf', this.sumSelf);
    copy('sumCollective', this.sumCollective);
    copy('sumCollectiveSpecies', this.sumCollectiveSpecies);
    copy('sumSelfSpecies', this.sumSelfSpecies);
    copy('sumChargeCross', this.sumChargeCross);
    copy('sumMsdGroup', this.sumMsdGroup);
    copy('sumSelfGroup', this.sumSelfGroup);
    this.frames = snap.meta.frames;
  }
}

/**
 * The same curves for a stored trajectory by FFT over all time origins (linear lags
 * 0 … T−1): `frames[t]` holds unwrapped positions in the accumulator's atom order.
 */
export function curvesFromTrajectory(
  config: Omit<AccumulatorConfig, 'maxLag' | 'originEvery' | 'lagSpacing'>,
  frames: Float64Array[],
  windowedMsd: (xyz: Float64Array) => Float64Array,
): DisplacementCurves {
  const T = frames.length;
  const n = config.ids.length;
  const nS = config.speciesNames.length;
  const totalMass = config.masses.reduce((a, b) => a + b, 0);
  const com = new Float64Array(3 * T);
  if (config.removeDrift) {
    for (let t = 0; t < T; t++) {
      for (let i = 0; i < n; i++)
        for (let d = 0; d < 3; d++) com[3 * t + d] += (config.masses[i] * frames[t][3 * i + d]) / totalMass;
    }
  }
  const track = new Float64Array(3 * T);
  const msd = Array.from({ length: nS }, () => new Float64Array(T));
  const selfCharge = new Float64Array(T);
  const selfChargeSpecies = Array.from({ length: nS }, () => new Float64Array(T));
  const M = new Float64Array(3 * T);
  const Ms = Array.from({ length: nS }, () => new Float64Array(3 * T));
  const R = Array.from({ length: nS }, () => new Float64Array(3 * T));
  const group = atomGroups(config.species, nS);
  const groups: GroupCurves = {
    msd: Array.from({ length: ATOM_GROUPS }, () => Array.from({ length: nS }, () => new Float64Array(T))),
    selfCharge: Array.from({ length: ATOM_GROUPS }, () => new Float64Array(T)),
    counts: Array.from({ length: ATOM_GROUPS }, () => new Array<number>(nS).fill(0)),
    q2: new Array<number>(ATOM_GROUPS).fill(0),
  };
  for (let i = 0; i < n; i++) {
    const s = config.species[i];
    const q = config.charges[i];
    for (let t = 0; t < T; t++) {
      for (let d = 0; d < 3; d++) {
        const v = frames[t][3 * i + d] - com[3 * t + d];
        track[3 * t + d] = v;
        M[3 * t + d] += q * v;
        Ms[s][3 * t + d] += q * v;
        R[s][3 * t + d] += v;
      }
    }
    const m = windowedMsd(track);
    const g = group[i];
    for (let t = 0; t < T; t++) {
      msd[s][t] += m[t];
      selfCharge[t] += q * q * m[t];
      selfChargeSpecies[s][t] += q * q * m[t];
      groups.msd[g][s][t] += m[t];
      groups.selfCharge[g][t] += q * q * m[t];
    }
    groups.counts[g][s]++;
    groups.q2[g] += q * q;
  }
  groups.msd.forEach((bySpecies, g) =>
    bySpecies.forEach((a, s) => a.forEach((v, t) => (a[t] = v / Math.max(1, groups.counts[g][s])))),
  );
  const speciesCounts = config.speciesNames.map((_, s) => config.species.filter((v) => v === s).length);
  msd.forEach((a, s) => a.forEach((v, t) => (a[t] = v / speciesCounts[s])));
  // ΔM_a·ΔM_b = (|Δ(M_a + M_b)|² − |ΔM_a|² − |ΔM_b|²) / 2
  const own = Ms.map((m) => windowedMsd(m));
  const chargeCross = speciesPairs(nS).map(([a, b]) => {
    if (a === b) return own[a];
    const both = windowedMsd(Ms[a].map((v, k) => v + Ms[b][k]));
    return both.map((v, t) => (v - own[a][t] - own[b][t]) / 2);
  });
  return {
    lags: Int32Array.from({ length: T }, (_, i) => i),
    counts: Float64Array.from({ length: T }, (_, m) => T - m),
    speciesNames: [...config.speciesNames],
    speciesCounts,
    msd,
    selfCharge,
    collective: windowedMsd(M),
    collectiveSpecies: R.map((r) => windowedMsd(r)),
    selfChargeSpecies,
    chargeCross,
    groups,
  };
}

/** Curves as plain JSON (for results stores and the wire). */
export interface CurvesJson {
  lags: number[];
  counts: number[];
  speciesNames: string[];
  speciesCounts: number[];
  msd: number[][];
  selfCharge: number[];
  collective: number[];
  collectiveSpecies: number[][];
  selfChargeSpecies?: number[][];
  chargeCross?: number[][];
  groups?: { msd: number[][][]; selfCharge: number[][]; counts: number[][]; q2: number[] };
}

export function curvesToJson(c: DisplacementCurves): CurvesJson {
  return {
    lags: Array.from(c.lags),
    counts: Array.from(c.counts),
    speciesNames: [...c.speciesNames],
    speciesCounts: [...c.speciesCounts],
    msd: c.msd.map((a) => Array.from(a)),
    selfCharge: Array.from(c.selfCharge),
    collective: Array.from(c.collective),
    collectiveSpecies: c.collectiveSpecies.map((a) => Array.from(a)),
    ...(c.selfChargeSpecies ? { selfChargeSpecies: c.selfChargeSpecies.map((a) => Array.from(a)) } : {}),
    ...(c.chargeCross ? { chargeCross: c.chargeCross.map((a) => Array.from(a)) } : {}),
    ...(c.groups
      ? {
          groups: {
            msd: c.groups.msd.map((bySpecies) => bySpecies.map((a) => Array.from(a))),
            selfCharge: c.groups.selfCharge.map((a) => Array.from(a)),
            counts: c.groups.counts.map((row) => [...row]),
            q2: [...c.groups.q2],
          },
        }
      : {}),
  };
}

export function curvesFromJson(j: CurvesJson): DisplacementCurves {
  return {
    lags: Int32Array.from(j.lags),
    counts: Float64Array.from(j.counts),
    speciesNames: [...j.speciesNames],
    speciesCounts: [...j.speciesCounts],
    msd: j.msd.map((a) => Float64Array.from(a)),
    selfCharge: Float64Array.from(j.selfCharge),
    collective: Float64Array.from(j.collective),
    collectiveSpecies: j.collectiveSpecies.map((a) => Float64Array.from(a)),
    ...(j.selfChargeSpecies ? { selfChargeSpecies: j.selfChargeSpecies.map((a) => Float64Array.from(a)) } : {}),
    ...(j.chargeCross ? { chargeCross: j.chargeCross.map((a) => Float64Array.from(a)) } : {}),
    ...(j.groups
      ? {
          groups: {
            msd: j.groups.msd.map((bySpecies) => bySpecies.map((a) => Float64Array.from(a))),
            selfCharge: j.groups.selfCharge.map((a) => Float64Array.from(a)),
            counts: j.groups.counts.map((row) => [...row]),
            q2: [...j.groups.q2],
          },
        }
      : {}),
  };
}
