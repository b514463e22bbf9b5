/**
 * The Tersoff bond-order term, exactly as LAMMPS `pair_style tersoff` (and `tersoff/mod`, whose
 * cutoff function, bond order and angular function differ) computes it: same functions, same
 * bond-order branches, same order of operations, so that forces equal LAMMPS to rounding. It acts among the atoms of its elements only (LAMMPS maps the others to NULL).
 *
 * Its neighbour list is short (R + D ≈ 3 Å): a full list (both directions) cut out of the
 * engine's half Verlet list at each rebuild, with each neighbour's periodic shift fixed then
 * (atoms are wrapped only at rebuilds), so the loops need no minimum image.
 */
import type { TersoffTerm } from '@ionsweep/shared';
import type { MdState } from '../state.js';
import { ENTRY_CODE_SHIFT, ENTRY_FIELD_MASK, ENTRY_J_SHIFT, type NeighborList } from '../neighbor/neighbor-list.js';

/**
 * Per-triplet parameters, flat: [m, gamma, lam3, c², d², h, n, beta, lam2, B, R, D, lam1, A,
 * cutsq, c1, c2, c3, c4 (the bond-order branch points), then tersoff/mod's: mod (1 or 0), its
 * g coefficients c1–c5, η (LAMMPS powern) and n (powern_del)]. tersoff/mod keeps its two branch
 * points in c1 and c4.
 */
export const TERSOFF_STRIDE = 27;
const M = 0, GAMMA = 1, LAM3 = 2, C2 = 3, D2 = 4, H = 5, N = 6, BETA = 7, LAM2 = 8, BIGB = 9, BIGR = 10, BIGD = 11, LAM1 = 12, BIGA = 13, CUTSQ = 14, K1 = 15, K2 = 16, K3 = 17, K4 = 18; // prettier-ignore
const MOD = 19, G1 = 20, G2 = 21, G3 = 22, G4 = 23, G5 = 24, ETA = 25, NDEL = 26; // prettier-ignore

export interface CompiledTersoff {
  /** term element of each atom type, −1 when the term ignores the type */
  typeElement: Int32Array;
  nel: number;
  /** parameters of triplet (a, b, c) at ((a · nel + b) · nel + c) · STRIDE */
  params: Float64Array;
  /** the largest R + D, Å */
  cutoff: number;
  /**
   * 1 for the elements that bond as i (some i-j-j entry has A or B non-zero). The others only
   * count as neighbours k: every term with them as i is exactly zero, so their rows are left out.
   */
  bondsAsI: Uint8Array;
}

export function compileTersoff(term: TersoffTerm, typeElements: readonly string[]): CompiledTersoff {
  const nel = term.elements.length;
  const params = new Float64Array(nel * nel * nel * TERSOFF_STRIDE);
  let cutoff = 0;
  for (const e of term.entries) {
    const idx = (s: string) => term.elements.indexOf(s);
    const o = ((idx(e.i) * nel + idx(e.j)) * nel + idx(e.k)) * TERSOFF_STRIDE;
    const n = e.n;
    // the bond-order branch points LAMMPS uses (setup_params of pair_tersoff.cpp and pair_tersoff_mod.cpp)
    const c1 = Math.pow(2.0 * n * 1.0e-16, -1.0 / n);
    const c2 = Math.pow(2.0 * n * 1.0e-8, -1.0 / n);
    params.set(
      [e.m, e.gamma, e.lambda3, e.c * e.c, e.d * e.d, e.h, n, e.beta, e.lambda2, e.B, e.R, e.D, e.lambda1, e.A,
        (e.R + e.D) * (e.R + e.D), c1, c2, 1.0 / c2, 1.0 / c1], // prettier-ignore
      o,
    );
    if (term.form === 'tersoff/mod') {
      const m = e.mod!;
      const ca1 = Math.pow(2.0 * n * 1.0e-16, -1.0 / m.eta);
      params.set([1, m.c1, m.c2, m.c3, m.c4, m.c5, m.eta, n], o + MOD);
      params[o + K1] = ca1;
      params[o + K4] = 1.0 / ca1;
    }
    cutoff = Math.max(cutoff, e.R + e.D);
  }
  const bondsAsI = Uint8Array.from(term.elements, (el) =>
    term.entries.some((e) => e.i === el && e.j === e.k && (e.A !== 0 || e.B !== 0)) ? 1 : 0,
  );
  const typeElement = Int32Array.from(typeElements, (el) => term.elements.indexOf(el));
  return { typeElement, nel, params, cutoff, bondsAsI };
}

/**
 * Whether the term moves anything in a system of these types: some pair of them has a bond
 * (A or B of its i-j-j entry non-zero). Otherwise its energy and forces are exactly zero
 * (ζ only scales B), and the engine leaves it out: ns-ss-2026 at m = 2 has no S0 and runs as
 * fast as ns-buck-2026.
 */
export function tersoffActsOn(term: TersoffTerm, typeElements: readonly string[]): boolean {
  const present = new Set(typeElements.filter((el) => term.elements.includes(el)));
  return term.entries.some((e) => e.j === e.k && present.has(e.i) && present.has(e.j) && (e.A !== 0 || e.B !== 0));
}

/**
 * Full short neighbour list of the term's atoms: CSR with each neighbour's periodic shift. Only
 * atoms that bond as i have rows (bondsAsI); their rows hold every neighbour of the term.
 */
export interface TersoffList {
  start: Int32Array;
  nbr: Int32Array;
  shift: Float64Array;
  /** the most neighbours of one atom, for the per-atom scratch */
  maxNeighbors: number;
  /** builds so far (a kernel holding a copy reloads when it changes) */
  builds: number;
  /** the build's scratch: per-atom counts and the pairs found (i, j, image code) */
  count: Int32Array;
  pairs: Int32Array;
}

export function createTersoffList(n: number): TersoffList {
  return {
    start: new Int32Array(n + 1),
    nbr: new Int32Array(16),
    shift: new Float64Array(48),
    maxNeighbors: 0,
    builds: 0,
    count: new Int32Array(n),
    pairs: new Int32Array(3 * n),
  };
}

/** Cuts the term's pairs (closer than its cutoff + skin at build time) out of the half list. */
export function buildTersoffList(
  tl: TersoffList,
  list: NeighborList,
  s: MdState,
  t: CompiledTersoff,
  skin: number,
): void {
  const n = s.n;
  const x = s.x;
  const reach2 = (t.cutoff + skin) ** 2;
  const te = t.typeElement;
  const count = tl.count;
  count.fill(0);
  let pairs = tl.pairs;
  let np = 0;
  for (let i = 0; i < n; i++) {
    const ei = te[s.type[i]];
    if (ei < 0) continue;
    const iBonds = t.bondsAsI[ei];
    for (let q = list.start[i]; q < list.start[i + 1]; q++) {
      const e = list.nbr[q];
      const j = e >>> ENTRY_J_SHIFT;
      const ej = te[s.type[j]];
      if (ej < 0 || (iBonds | t.bondsAsI[ej]) === 0) continue;
      const code = (e >>> ENTRY_CODE_SHIFT) & ENTRY_FIELD_MASK;
      const dx = x[3 * j] + list.shifts[3 * code] - x[3 * i];
      const dy = x[3 * j + 1] + list.shifts[3 * code + 1] - x[3 * i + 1];
      const dz = x[3 * j + 2] + list.shifts[3 * code + 2] - x[3 * i + 2];
      if (dx * dx + dy * dy + dz * dz >= reach2) continue;
      if (np + 3 > pairs.length) {
        const grown = new Int32Array(2 * pairs.length);
        grown.set(pairs);
        tl.pairs = pairs = grown;
      }
      pairs[np++] = i;
      pairs[np++] = j;
      pairs[np++] = code;
      count[i] += iBonds;
      count[j] += t.bondsAsI[ej];
    }
  }
  tl.start[0] = 0;
  let most = 0;
  for (let i = 0; i < n; i++) {
    tl.start[i + 1] = tl.start[i] + count[i];
    most = Math.max(most, count[i]);
  }
  tl.maxNeighbors = most;
  const total = tl.start[n];
  if (tl.nbr.length < total) {
    tl.nbr = new Int32Array(Math.ceil(total * 1.5));
    tl.shift = new Float64Array(3 * tl.nbr.length);
  }
  // the counts become each row's next free slot
  const fill = count;
  fill.set(tl.start.subarray(0, n));
  for (let p = 0; p < np; p += 3) {
    const i = pairs[p];
    const j = pairs[p + 1];
    const c = 3 * pairs[p + 2];
    if (t.bondsAsI[te[s.type[i]]] === 1) {
      const a = fill[i]++;
      tl.nbr[a] = j;
      tl.shift[3 * a] = list.shifts[c];
      tl.shift[3 * a + 1] = list.shifts[c + 1];
      tl.shift[3 * a + 2] = list.shifts[c + 2];
    }
    if (t.bondsAsI[te[s.type[j]]] === 1) {
      const b = fill[j]++;
      tl.nbr[b] = i;
      tl.shift[3 * b] = -list.shifts[c];
      tl.shift[3 * b + 1] = -list.shifts[c + 1];
      tl.shift[3 * b + 2] = -list.shifts[c + 2];
    }
  }
  tl.builds++;
}

// ---- the functions of LAMMPS pair_tersoff.cpp, on a parameter offset o ----

function fc(r: number, p: Float64Array, o: number): number {
  const R = p[o + BIGR];
  const D = p[o + BIGD];
  if (r < R - D) return 1.0;
  if (r > R + D) return 0.0;
  if (p[o + MOD] === 1)
    return (
      0.5 *
      (1.0 - 1.125 * Math.sin(((Math.PI / 2) * (r - R)) / D) - 0.125 * Math.sin((3 * (Math.PI / 2) * (r - R)) / D))
    );
  return 0.5 * (1.0 - Math.sin(((Math.PI / 2) * (r - R)) / D));
}

function fcD(r: number, p: Float64Array, o: number): number {
  const R = p[o + BIGR];
  const D = p[o + BIGD];
  if (r < R - D) return 0.0;
  if (r > R + D) return 0.0;
  if (p[o + MOD] === 1)
    return (
      -((0.375 * (Math.PI / 4)) / D) *
      (3 * Math.cos(((Math.PI / 2) * (r - R)) / D) + Math.cos((3 * (Math.PI / 2) * (r - R)) / D))
    );
  return -(Math.PI / 4 / D) * Math.cos(((Math.PI / 2) * (r - R)) / D);
}

function fa(r: number, p: Float64Array, o: number): number {
  if (r > p[o + BIGR] + p[o + BIGD]) return 0.0;
  return -p[o + BIGB] * Math.exp(-p[o + LAM2] * r) * fc(r, p, o);
}

function faD(r: number, p: Float64Array, o: number): number {
  if (r > p[o + BIGR] + p[o + BIGD]) return 0.0;
  return p[o + BIGB] * Math.exp(-p[o + LAM2] * r) * (p[o + LAM2] * fc(r, p, o) - fcD(r, p, o));
}

function bij(zeta: number, p: Float64Array, o: number): number {
  if (p[o + MOD] === 1) {
    const t = p[o + BETA] * zeta;
    if (t > p[o + K1]) return Math.pow(t, -p[o + ETA] / (2.0 * p[o + NDEL]));
    if (t < p[o + K4]) return 1.0;
    return Math.pow(1.0 + Math.pow(t, p[o + ETA]), -1.0 / (2.0 * p[o + NDEL]));
  }
  const tmp = p[o + BETA] * zeta;
  const n = p[o + N];
  if (tmp > p[o + K1]) return 1.0 / Math.sqrt(tmp);
  if (tmp > p[o + K2]) return (1.0 - Math.pow(tmp, -n) / (2.0 * n)) / Math.sqrt(tmp);
  if (tmp < p[o + K4]) return 1.0;
  if (tmp < p[o + K3]) return 1.0 - Math.pow(tmp, n) / (2.0 * n);
  return Math.pow(1.0 + Math.pow(tmp, n), -1.0 / (2.0 * n));
}

function bijD(zeta: number, p: Float64Array, o: number): number {
  if (p[o + MOD] === 1) {
    const t = p[o + BETA] * zeta;
    const ratio = p[o + ETA] / p[o + NDEL];
    if (t > p[o + K1]) return (-0.5 * ratio * Math.pow(t, -0.5 * ratio)) / zeta;
    if (t < p[o + K4]) return 0.0;
    const tN = Math.pow(t, p[o + ETA]);
    return (-0.5 * ratio * Math.pow(1.0 + tN, -1.0 - 1.0 / (2.0 * p[o + NDEL])) * tN) / zeta;
  }
  const beta = p[o + BETA];
  const n = p[o + N];
  const tmp = beta * zeta;
  if (tmp > p[o + K1]) return beta * -0.5 * Math.pow(tmp, -1.5);
  if (tmp > p[o + K2]) return beta * (-0.5 * Math.pow(tmp, -1.5) * (1.0 - (1.0 + 1.0 / (2.0 * n)) * Math.pow(tmp, -n)));
  if (tmp < p[o + K4]) return 0.0;
  if (tmp < p[o + K3]) return -0.5 * beta * Math.pow(tmp, n - 1.0);
  const tmpN = Math.pow(tmp, n);
  return (-0.5 * Math.pow(1.0 + tmpN, -1.0 - 1.0 / (2.0 * n)) * tmpN) / zeta;
}

/** db/dζ of the last `bijWithDerivative` call (a module slot: no allocation in the bond loop). */
let lastBijD = 0;

/**
 * b and db/dζ together: in the general branch of the standard form they share (βζ)^n, and
 * (1 + t)^{−1−1/2n} is b / (1 + t), two powers instead of four (the bond loop's largest cost;
 * equal to LAMMPS's separate evaluations to rounding). Other branches call bij and bijD.
 */
function bijWithDerivative(zeta: number, p: Float64Array, o: number): number {
  const tmp = p[o + BETA] * zeta;
  if (p[o + MOD] === 1 || tmp > p[o + K2] || tmp < p[o + K3]) {
    lastBijD = bijD(zeta, p, o);
    return bij(zeta, p, o);
  }
  const n = p[o + N];
  const tmpN = Math.pow(tmp, n);
  const base = 1.0 + tmpN;
  const b = Math.pow(base, -1.0 / (2.0 * n));
  lastBijD = (-0.5 * (b / base) * tmpN) / zeta;
  return b;
}

function gijk(cos: number, p: Float64Array, o: number): number {
  if (p[o + MOD] === 1) {
    const h2 = (p[o + H] - cos) * (p[o + H] - cos);
    return p[o + G1] + ((p[o + G2] * h2) / (p[o + G3] + h2)) * (1.0 + p[o + G4] * Math.exp(-p[o + G5] * h2));
  }
  const c2 = p[o + C2];
  const d2 = p[o + D2];
  const hcth = p[o + H] - cos;
  return p[o + GAMMA] * (1.0 + c2 / d2 - c2 / (d2 + hcth * hcth));
}

function gijkD(cos: number, p: Float64Array, o: number): number {
  if (p[o + MOD] === 1) {
    const h = p[o + H];
    const h2 = (h - cos) * (h - cos);
    const g1 = (h - cos) / (p[o + G3] + h2);
    const g2 = Math.exp(-p[o + G5] * h2);
    return -2.0 * p[o + G2] * g1 * ((1 + p[o + G4] * g2) * (1 + g1 * (cos - h)) - h2 * p[o + G4] * p[o + G5] * g2);
  }
  const c2 = p[o + C2];
  const d2 = p[o + D2];
  const hcth = p[o + H] - cos;
  const numerator = -2.0 * c2 * hcth;
  const denominator = 1.0 / (d2 + hcth * hcth);
  return p[o + GAMMA] * numerator * denominator * denominator;
}

/** e^{[λ3 (rij − rik)]^m} with LAMMPS's overflow guards, and its derivative in rij. */
function exDelr(rij: number, rik: number, p: Float64Array, o: number): number {
  const lam3 = p[o + LAM3];
  const arg = p[o + M] === 3 ? (lam3 * (rij - rik)) ** 3 : lam3 * (rij - rik);
  if (arg > 69.0776) return 1.0e30;
  if (arg < -69.0776) return 0.0;
  return Math.exp(arg);
}

/** Scratch per atom i: its neighbours' index, vector and distance (no allocation per step). */
interface Scratch {
  j: Int32Array;
  d: Float64Array;
  r2: Float64Array;
}
let scratch: Scratch = { j: new Int32Array(0), d: new Float64Array(0), r2: new Float64Array(0) };

/**
 * Adds the term's forces to s.f; returns its energy and adds its virial (Σ r ⊗ f, LAMMPS
 * fdotr order: xx yy zz xy xz yz) into `virial` when withEnergy.
 */
export function computeTersoff(
  s: MdState,
  tl: TersoffList,
  t: CompiledTersoff,
  virial: Float64Array,
  withEnergy: boolean,
): number {
  const x = s.x;
  const f = s.f;
  const type = s.type;
  const te = t.typeElement;
  const nel = t.nel;
  const p = t.params;
  const STRIDE = TERSOFF_STRIDE;
  const cutSq = t.cutoff * t.cutoff;
  if (scratch.j.length < tl.maxNeighbors) {
    const m = tl.maxNeighbors * 2;
    scratch = { j: new Int32Array(m), d: new Float64Array(3 * m), r2: new Float64Array(m) };
  }
  const sj = scratch.j;
  const sd = scratch.d;
  const sr2 = scratch.r2;
  let energy = 0;
  let vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0; // prettier-ignore
  const fj = [0, 0, 0];
  const fk = [0, 0, 0];
  for (let i = 0; i < s.n; i++) {
    const ei = te[type[i]];
    if (ei < 0) continue;
    const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2]; // prettier-ignore
    // the list reaches cutoff + skin; only neighbours within the cutoff take part (in list order,
    // so sums run in the same order as over the whole list)
    let nn = 0;
    for (let q = tl.start[i]; q < tl.start[i + 1]; q++) {
      const j = tl.nbr[q];
      const dx = x[3 * j] + tl.shift[3 * q] - xi;
      const dy = x[3 * j + 1] + tl.shift[3 * q + 1] - yi;
      const dz = x[3 * j + 2] + tl.shift[3 * q + 2] - zi;
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= cutSq) continue;
      sj[nn] = j;
      sd[3 * nn] = dx;
      sd[3 * nn + 1] = dy;
      sd[3 * nn + 2] = dz;
      sr2[nn] = rsq;
      nn++;
    }
    // two-body repulsion, each pair once (from its lower index)
    for (let a = 0; a < nn; a++) {
      const j = sj[a];
      if (j < i) continue;
      const o = ((ei * nel + te[type[j]]) * nel + te[type[j]]) * STRIDE;
      const rsq = sr2[a];
      if (rsq >= p[o + CUTSQ]) continue;
      const r = Math.sqrt(rsq);
      const tmpFc = fc(r, p, o);
      const tmpFcD = fcD(r, p, o);
      const tmpExp = Math.exp(-p[o + LAM1] * r);
      // LAMMPS: delx = xi − xj, f_i += delx · fpair
      const fpair = (-p[o + BIGA] * tmpExp * (tmpFcD - tmpFc * p[o + LAM1])) / r;
      const dx = -sd[3 * a], dy = -sd[3 * a + 1], dz = -sd[3 * a + 2]; // prettier-ignore
      f[3 * i] += dx * fpair;
      f[3 * i + 1] += dy * fpair;
      f[3 * i + 2] += dz * fpair;
      f[3 * j] -= dx * fpair;
      f[3 * j + 1] -= dy * fpair;
      f[3 * j + 2] -= dz * fpair;
      if (withEnergy) {
        energy += tmpFc * p[o + BIGA] * tmpExp;
        vxx += dx * dx * fpair;
        vyy += dy * dy * fpair;
        vzz += dz * dz * fpair;
        vxy += dx * dy * fpair;
        vxz += dx * dz * fpair;
        vyz += dy * dz * fpair;
      }
    }
    // three-body: the bond order of each bond i–j
    for (let a = 0; a < nn; a++) {
      const j = sj[a];
      const ej = te[type[j]];
      const oij = ((ei * nel + ej) * nel + ej) * STRIDE;
      const rsq1 = sr2[a];
      if (rsq1 >= p[oij + CUTSQ]) continue;
      const d1x = sd[3 * a], d1y = sd[3 * a + 1], d1z = sd[3 * a + 2]; // prettier-ignore
      const rij = Math.sqrt(rsq1);
      let zeta = 0.0;
      for (let b = 0; b < nn; b++) {
        if (b === a) continue;
        const o = ((ei * nel + ej) * nel + te[type[sj[b]]]) * STRIDE;
        const rsq2 = sr2[b];
        if (rsq2 >= p[o + CUTSQ]) continue;
        const rik = Math.sqrt(rsq2);
        const cos = (d1x * sd[3 * b] + d1y * sd[3 * b + 1] + d1z * sd[3 * b + 2]) / (rij * rik);
        zeta += fc(rik, p, o) * gijk(cos, p, o) * exDelr(rij, rik, p, o);
      }
      // force_zeta
      const faij = fa(rij, p, oij);
      const faDij = faD(rij, p, oij);
      const b = bijWithDerivative(zeta, p, oij);
      const fpair = (0.5 * b * faDij) / rij;
      const prefactor = -0.5 * faij * lastBijD;
      f[3 * i] += d1x * fpair;
      f[3 * i + 1] += d1y * fpair;
      f[3 * i + 2] += d1z * fpair;
      f[3 * j] -= d1x * fpair;
      f[3 * j + 1] -= d1y * fpair;
      f[3 * j + 2] -= d1z * fpair;
      if (withEnergy) {
        energy += 0.5 * b * faij;
        vxx -= d1x * d1x * fpair;
        vyy -= d1y * d1y * fpair;
        vzz -= d1z * d1z * fpair;
        vxy -= d1x * d1y * fpair;
        vxz -= d1x * d1z * fpair;
        vyz -= d1y * d1z * fpair;
      }
      // attractive: the derivative of ζ_ij through each k
      const rijinv = 1.0 / rij;
      const hjx = d1x * rijinv, hjy = d1y * rijinv, hjz = d1z * rijinv; // prettier-ignore
      for (let c = 0; c < nn; c++) {
        if (c === a) continue;
        const k = sj[c];
        const o = ((ei * nel + ej) * nel + te[type[k]]) * STRIDE;
        const rsq2 = sr2[c];
        if (rsq2 >= p[o + CUTSQ]) continue;
        const rik = Math.sqrt(rsq2);
        const rikinv = 1.0 / rik;
        const d2x = sd[3 * c], d2y = sd[3 * c + 1], d2z = sd[3 * c + 2]; // prettier-ignore
        const hkx = d2x * rikinv, hky = d2y * rikinv, hkz = d2z * rikinv; // prettier-ignore
        // ters_zetaterm_d
        const fck = fc(rik, p, o);
        const dfc = fcD(rik, p, o);
        const lam3 = p[o + LAM3];
        const cube = p[o + M] === 3;
        const tmp = cube ? (lam3 * (rij - rik)) ** 3 : lam3 * (rij - rik);
        const ex = tmp > 69.0776 ? 1.0e30 : tmp < -69.0776 ? 0.0 : Math.exp(tmp);
        const exD = cube ? 3.0 * lam3 ** 3 * (rij - rik) ** 2 * ex : lam3 * ex;
        const cos = hjx * hkx + hjy * hky + hjz * hkz;
        const g = gijk(cos, p, o);
        const gD = gijkD(cos, p, o);
        // costheta_d
        const djx = (hkx - cos * hjx) * rijinv, djy = (hky - cos * hjy) * rijinv, djz = (hkz - cos * hjz) * rijinv; // prettier-ignore
        const dkx = (hjx - cos * hkx) * rikinv, dky = (hjy - cos * hky) * rikinv, dkz = (hjz - cos * hkz) * rikinv; // prettier-ignore
        const dix = -(djx + dkx), diy = -(djy + dky), diz = -(djz + dkz); // prettier-ignore
        // dri = −dfc g ex r̂ik + fc g' ex dcos/dri + fc g ex' (r̂ik − r̂ij)
        const a1 = -dfc * g * ex, a2 = fck * gD * ex, a3 = fck * g * exD; // prettier-ignore
        const fix = prefactor * (a1 * hkx + a2 * dix + a3 * hkx - a3 * hjx);
        const fiy = prefactor * (a1 * hky + a2 * diy + a3 * hky - a3 * hjy);
        const fiz = prefactor * (a1 * hkz + a2 * diz + a3 * hkz - a3 * hjz);
        fj[0] = prefactor * (a2 * djx + a3 * hjx);
        fj[1] = prefactor * (a2 * djy + a3 * hjy);
        fj[2] = prefactor * (a2 * djz + a3 * hjz);
        fk[0] = prefactor * (dfc * g * ex * hkx + a2 * dkx - a3 * hkx);
        fk[1] = prefactor * (dfc * g * ex * hky + a2 * dky - a3 * hky);
        fk[2] = prefactor * (dfc * g * ex * hkz + a2 * dkz - a3 * hkz);
        f[3 * i] += fix;
        f[3 * i + 1] += fiy;
        f[3 * i + 2] += fiz;
        f[3 * j] += fj[0];
        f[3 * j + 1] += fj[1];
        f[3 * j + 2] += fj[2];
        f[3 * k] += fk[0];
        f[3 * k + 1] += fk[1];
        f[3 * k + 2] += fk[2];
        if (withEnergy) {
          vxx += d1x * fj[0] + d2x * fk[0];
          vyy += d1y * fj[1] + d2y * fk[1];
          vzz += d1z * fj[2] + d2z * fk[2];
          vxy += d1x * fj[1] + d2x * fk[1];
          vxz += d1x * fj[2] + d2x * fk[2];
          vyz += d1y * fj[2] + d2y * fk[2];
        }
      }
    }
  }
  if (withEnergy) {
    virial[0] += vxx;
    virial[1] += vyy;
    virial[2] += vzz;
    virial[3] += vxy;
    virial[4] += vxz;
    virial[5] += vyz;
  }
  return energy;
}

/**
 * The reference path: the energy alone, from its definition, every pair by minimum image
 * (slow; for finite-difference tests of the forces).
 */
export function tersoffEnergyReference(s: MdState, t: CompiledTersoff): number {
  const p = t.params;
  const nel = t.nel;
  const te = t.typeElement;
  const vec = (i: number, j: number) =>
    [0, 1, 2].map((d) => {
      const v = s.x[3 * j + d] - s.x[3 * i + d];
      return v - s.box[d] * Math.round(v / s.box[d]);
    });
  const idx = (a: number, b: number, c: number) => ((a * nel + b) * nel + c) * TERSOFF_STRIDE;
  let e = 0;
  for (let i = 0; i < s.n; i++) {
    const ei = te[s.type[i]];
    if (ei < 0) continue;
    for (let j = 0; j < s.n; j++) {
      const ej = te[s.type[j]];
      if (j === i || ej < 0) continue;
      const o = idx(ei, ej, ej);
      const dij = vec(i, j);
      const rij = Math.hypot(...dij);
      if (rij * rij >= p[o + CUTSQ]) continue;
      let zeta = 0;
      for (let k = 0; k < s.n; k++) {
        const ek = te[s.type[k]];
        if (k === i || k === j || ek < 0) continue;
        const ok = idx(ei, ej, ek);
        const dik = vec(i, k);
        const rik = Math.hypot(...dik);
        if (rik * rik >= p[ok + CUTSQ]) continue;
        const cos = (dij[0] * dik[0] + dij[1] * dik[1] + dij[2] * dik[2]) / (rij * rik);
        zeta += fc(rik, p, ok) * gijk(cos, p, ok) * exDelr(rij, rik, p, ok);
      }
      e += 0.5 * fc(rij, p, o) * p[o + BIGA] * Math.exp(-p[o + LAM1] * rij) + 0.5 * bij(zeta, p, o) * fa(rij, p, o);
    }
  }
  return e;
}
