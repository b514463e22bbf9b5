/**
 * AssemblyScript source of the WebAssembly pair kernel (compiled by `npm run build:wasm` into
 * node-agent/dist/wasm/md-kernels.wasm; the host is wasm-kernel.ts). It is the JS tabulated
 * kernel (tabulated-kernel.ts, the reference) with two listed pairs per step in f64x2 lanes:
 * the same quintic in r² from the same tables, the same packed neighbour entries, forces only.
 *
 * Memory is the host's; every argument that ends in `At` is a byte offset into it. Layouts:
 * x and f are xyz per atom (f64), start/nbr the list's CSR arrays (i32), shifts 27 xyz image
 * vectors (f64), coef the force table (f64, slot · rowsPerSlot + interval · 6 + degree).
 */

// entry layout (neighbor-list.ts): j << 10 | image code << 5 | type-pair slot
const J_SHIFT: u32 = 10;
const CODE_SHIFT: u32 = 5;
const FIELD_MASK: u32 = 31;

/** Listed pairs per filtering chunk: a row's pairs within the cutoff are packed in this many at a time. */
const CHUNK: i32 = 256;

/** Scratch layout: entries (i32), then dx, dy, dz, r² (f64), CHUNK + 1 each (room for a padding pair). */
const ENTRIES_BYTES: usize = (<usize>(CHUNK + 1) * 4 + 15) & ~15;
const LANE_BYTES: usize = <usize>(CHUNK + 1) * 8;

/** Bytes of the scratch region pairForces needs (one per thread). */
export function scratchBytes(): i32 {
  return <i32>(ENTRIES_BYTES + 4 * LANE_BYTES);
}

/**
 * Forces of rows i0 … i1−1 into f (zeroed here over all n atoms, since rows scatter to any j).
 * Pairs within the cutoff but closer than the table's start are left out and counted: the host
 * adds them by the exact formulas. Returns that count.
 *
 * Each row runs in two passes over chunks of its list: the first computes r² of every listed
 * pair and packs those within the cutoff (about 60 %) into scratch, branch-free; the second
 * evaluates the table on the packed pairs, two per f64x2, every lane useful. Filtering in the
 * force loop instead mispredicts on every other pair and leaves half-empty vectors.
 *
 * The rows come from a pruned copy of the list (GROMACS's dynamic pruning): row i's pairs
 * within a shorter reach, at inner[start[i] … end[i]), so that each step's first pass reads
 * fewer pairs (≈ 35 % fewer at a 0.4 Å reach). With sPrune > 0 this call first prunes each
 * row of nbr to that reach² (pruneRow), then computes its forces from the pruned row as every
 * other step does: a step that prunes gives the very forces of one that does not (the SIMD
 * lanes' sums depend on which pairs are packed together).
 */
export function pairForces(
  n: i32,
  i0: i32,
  i1: i32,
  xAt: usize,
  fAt: usize,
  startAt: usize,
  nbrAt: usize,
  innerAt: usize,
  endAt: usize,
  shiftsAt: usize,
  coefAt: usize,
  scratchAt: usize,
  sInner: f64,
  sCut: f64,
  sPrune: f64,
  invDs: f64,
  rowsPerSlot: i32,
  intervals: i32,
): i32 {
  memory.fill(fAt, 0, <usize>n * 24);
  const entAt = scratchAt;
  const dxAt = entAt + ENTRIES_BYTES;
  const dyAt = dxAt + LANE_BYTES;
  const dzAt = dyAt + LANE_BYTES;
  const rsqAt = dzAt + LANE_BYTES;
  let close = 0;
  for (let i = i0; i < i1; i++) {
    const xiAt = xAt + <usize>i * 24;
    const xi = f64x2.splat(load<f64>(xiAt));
    const yi = f64x2.splat(load<f64>(xiAt, 8));
    const zi = f64x2.splat(load<f64>(xiAt, 16));
    rowFx = 0;
    rowFy = 0;
    rowFz = 0;
    const rowStart = load<i32>(startAt + ((<usize>i) << 2));
    const endAtI = endAt + ((<usize>i) << 2);
    if (sPrune > 0) {
      const rowEnd = load<i32>(startAt + ((<usize>(i + 1)) << 2));
      store<i32>(endAtI, pruneRow(rowStart, rowEnd, xi, yi, zi, xAt, nbrAt, innerAt, shiftsAt, sPrune));
    }
    const rowEnd = load<i32>(endAtI);
    for (let c = rowStart; c < rowEnd; c += CHUNK) {
      const m = packWithinCutoff(c, min(rowEnd, c + CHUNK), xi, yi, zi, xAt, innerAt, shiftsAt, entAt, dxAt, dyAt, dzAt, rsqAt, sCut); // prettier-ignore
      if (m === 0) continue;
      padOdd(m, entAt, dxAt, dyAt, dzAt, rsqAt, sCut);
      close += packedForces(m, fAt, coefAt, entAt, dxAt, dyAt, dzAt, rsqAt, sInner, sCut, invDs, rowsPerSlot, intervals); // prettier-ignore
    }
    const g = fAt + <usize>i * 24;
    store<f64>(g, load<f64>(g) + rowFx);
    store<f64>(g, load<f64>(g, 8) + rowFy, 8);
    store<f64>(g, load<f64>(g, 16) + rowFz, 16);
  }
  return close;
}

/**
 * Row i's pairs c … e−1 of nbr within sPrune (a reach² between the cutoff's and the list's),
 * in list order, into inner from c on; returns where they end. As packWithinCutoff, without a
 * branch on the reach, but keeping only the entries: each listed pair is stored and the end
 * advances for the kept ones (the stores stay within the row's own span).
 */
function pruneRow(
  c: i32,
  e: i32,
  xi: v128,
  yi: v128,
  zi: v128,
  xAt: usize,
  nbrAt: usize,
  innerAt: usize,
  shiftsAt: usize,
  sPrune: f64,
): i32 {
  const vReach = f64x2.splat(sPrune);
  let kept = c;
  let p = c;
  for (; p + 1 < e; p += 2) {
    const e0 = load<u32>(nbrAt + ((<usize>p) << 2));
    const e1 = load<u32>(nbrAt + ((<usize>p) << 2), 4);
    const a0 = xAt + <usize>(e0 >>> J_SHIFT) * 24;
    const a1 = xAt + <usize>(e1 >>> J_SHIFT) * 24;
    const s0 = shiftsAt + <usize>((e0 >>> CODE_SHIFT) & FIELD_MASK) * 24;
    const s1 = shiftsAt + <usize>((e1 >>> CODE_SHIFT) & FIELD_MASK) * 24;
    const xy0 = f64x2.sub(f64x2.shuffle(xi, yi, 0, 2), f64x2.add(v128.load(a0), v128.load(s0)));
    const xy1 = f64x2.sub(f64x2.shuffle(xi, yi, 0, 2), f64x2.add(v128.load(a1), v128.load(s1)));
    const z = f64x2.sub(
      zi,
      f64x2.add(
        v128.load64_lane(a1 + 16, v128.load64_splat(a0 + 16), 1),
        v128.load64_lane(s1 + 16, v128.load64_splat(s0 + 16), 1),
      ),
    );
    const dx = f64x2.shuffle(xy0, xy1, 0, 2);
    const dy = f64x2.shuffle(xy0, xy1, 1, 3);
    const rsq = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(z, z));
    const keep = i64x2.bitmask(f64x2.lt(rsq, vReach));
    store<u32>(innerAt + ((<usize>kept) << 2), e0);
    kept += keep & 1;
    store<u32>(innerAt + ((<usize>kept) << 2), e1);
    kept += keep >>> 1;
  }
  if (p < e) {
    const e0 = load<u32>(nbrAt + ((<usize>p) << 2));
    const a = xAt + <usize>(e0 >>> J_SHIFT) * 24;
    const sh = shiftsAt + <usize>((e0 >>> CODE_SHIFT) & FIELD_MASK) * 24;
    const dx = f64x2.extract_lane(xi, 0) - (load<f64>(a) + load<f64>(sh));
    const dy = f64x2.extract_lane(yi, 0) - (load<f64>(a, 8) + load<f64>(sh, 8));
    const dz = f64x2.extract_lane(zi, 0) - (load<f64>(a, 16) + load<f64>(sh, 16));
    store<u32>(innerAt + ((<usize>kept) << 2), e0);
    kept += i32(dx * dx + dy * dy + dz * dz < sPrune);
  }
  return kept;
}

/**
 * Pass 1: r² of listed pairs c … e−1 of a row; those within the cutoff go to scratch (entry,
 * dx, dy, dz, r²). Every pair is stored and the count advances only for the kept ones, so
 * there is no branch on the cutoff. Returns the count kept.
 */
function packWithinCutoff(
  c: i32,
  e: i32,
  xi: v128,
  yi: v128,
  zi: v128,
  xAt: usize,
  nbrAt: usize,
  shiftsAt: usize,
  entAt: usize,
  dxAt: usize,
  dyAt: usize,
  dzAt: usize,
  rsqAt: usize,
  sCut: f64,
): i32 {
  const vCut = f64x2.splat(sCut);
  let m = 0;
  let p = c;
  for (; p + 1 < e; p += 2) {
    const e0 = load<u32>(nbrAt + ((<usize>p) << 2));
    const e1 = load<u32>(nbrAt + ((<usize>p) << 2), 4);
    const a0 = xAt + <usize>(e0 >>> J_SHIFT) * 24;
    const a1 = xAt + <usize>(e1 >>> J_SHIFT) * 24;
    const s0 = shiftsAt + <usize>((e0 >>> CODE_SHIFT) & FIELD_MASK) * 24;
    const s1 = shiftsAt + <usize>((e1 >>> CODE_SHIFT) & FIELD_MASK) * 24;
    // (x, y) of both images, transposed into an x vector and a y vector; z by lanes
    const xy0 = f64x2.add(v128.load(a0), v128.load(s0));
    const xy1 = f64x2.add(v128.load(a1), v128.load(s1));
    const z = f64x2.add(
      v128.load64_lane(a1 + 16, v128.load64_splat(a0 + 16), 1),
      v128.load64_lane(s1 + 16, v128.load64_splat(s0 + 16), 1),
    );
    const dx = f64x2.sub(xi, f64x2.shuffle(xy0, xy1, 0, 2));
    const dy = f64x2.sub(yi, f64x2.shuffle(xy0, xy1, 1, 3));
    const dz = f64x2.sub(zi, z);
    const rsq = f64x2.add(f64x2.add(f64x2.mul(dx, dx), f64x2.mul(dy, dy)), f64x2.mul(dz, dz));
    const keep = i64x2.bitmask(f64x2.lt(rsq, vCut));
    let o = <usize>m;
    store<u32>(entAt + (o << 2), e0);
    v128.store64_lane(dxAt + (o << 3), dx, 0);
    v128.store64_lane(dyAt + (o << 3), dy, 0);
    v128.store64_lane(dzAt + (o << 3), dz, 0);
    v128.store64_lane(rsqAt + (o << 3), rsq, 0);
    m += keep & 1;
    o = <usize>m;
    store<u32>(entAt + (o << 2), e1);
    v128.store64_lane(dxAt + (o << 3), dx, 1);
    v128.store64_lane(dyAt + (o << 3), dy, 1);
    v128.store64_lane(dzAt + (o << 3), dz, 1);
    v128.store64_lane(rsqAt + (o << 3), rsq, 1);
    m += keep >>> 1;
  }
  if (p < e) {
    // the chunk's odd last pair
    const e0 = load<u32>(nbrAt + ((<usize>p) << 2));
    const a = xAt + <usize>(e0 >>> J_SHIFT) * 24;
    const sh = shiftsAt + <usize>((e0 >>> CODE_SHIFT) & FIELD_MASK) * 24;
    // xi − (xj + s), rounded as the pairs above are: a pair's forces must not depend on
    // whether it falls on a chunk's odd end (which the pruned rows move)
    const dx = f64x2.extract_lane(xi, 0) - (load<f64>(a) + load<f64>(sh));
    const dy = f64x2.extract_lane(yi, 0) - (load<f64>(a, 8) + load<f64>(sh, 8));
    const dz = f64x2.extract_lane(zi, 0) - (load<f64>(a, 16) + load<f64>(sh, 16));
    const rsq = dx * dx + dy * dy + dz * dz;
    const o = <usize>m;
    store<u32>(entAt + (o << 2), e0);
    store<f64>(dxAt + (o << 3), dx);
    store<f64>(dyAt + (o << 3), dy);
    store<f64>(dzAt + (o << 3), dz);
    store<f64>(rsqAt + (o << 3), rsq);
    m += i32(rsq < sCut);
  }
  return m;
}

/**
 * After m packed pairs: a padding pair at slot m, for an odd count's last lane. It sits at
 * r² = cutoff², which the cutoff mask zeroes, and indexes the table like the first pair does.
 */
function padOdd(m: i32, entAt: usize, dxAt: usize, dyAt: usize, dzAt: usize, rsqAt: usize, sCut: f64): void {
  const o = <usize>m;
  store<u32>(entAt + (o << 2), load<u32>(entAt));
  store<f64>(rsqAt + (o << 3), sCut);
  store<f64>(dxAt + (o << 3), 0);
  store<f64>(dyAt + (o << 3), 0);
  store<f64>(dzAt + (o << 3), 0);
}

/** The row's force, summed over its packedForces calls (kept this way: no allocation per call). */
let rowFx: f64 = 0;
let rowFy: f64 = 0;
let rowFz: f64 = 0;

/**
 * Pass 2: table forces of the m packed pairs (m rounded up to even; the host's padding pair is
 * masked), scattered to j; the row's sum goes to rowFx/y/z. Returns how many pairs were closer
 * than the table's start (left out).
 */
function packedForces(
  m: i32,
  fAt: usize,
  coefAt: usize,
  entAt: usize,
  dxAt: usize,
  dyAt: usize,
  dzAt: usize,
  rsqAt: usize,
  sInner: f64,
  sCut: f64,
  invDs: f64,
  rowsPerSlot: i32,
  intervals: i32,
): i32 {
  const vInner = f64x2.splat(sInner);
  const vCut = f64x2.splat(sCut);
  const vInvDs = f64x2.splat(invDs);
  // the padding lane indexes the table too: clamp into it (its force is masked off)
  const vLastT = f64x2.splat(<f64>intervals - 1e-6);
  const vZero = f64x2.splat(0);
  let close = 0;
  // 2a: F/r of every packed pair, into the r² slots (no stores to forces here, so iterations
  // overlap freely: the polynomial's latency, not its arithmetic, bounds this loop)
  for (let q = 0; q < m; q += 2) {
    const o = (<usize>q) << 3;
    const rsq = v128.load(rsqAt + o);
    const e0 = load<u32>(entAt + ((<usize>q) << 2));
    const e1 = load<u32>(entAt + ((<usize>q) << 2), 4);
    let use = f64x2.lt(rsq, vCut);
    const tooClose = f64x2.lt(rsq, vInner);
    if (v128.any_true(tooClose)) {
      close += popcnt(i64x2.bitmask(v128.and(tooClose, use)));
      use = v128.andnot(use, tooClose);
    }
    const t = tableCoordinate(rsq, vInner, vInvDs, vLastT);
    const k = i32x4.trunc_sat_f64x2_s_zero(t);
    const u = f64x2.sub(t, f64x2.convert_low_i32x4_s(k));
    const b0 = tableRow(coefAt, e0, k, 0, rowsPerSlot);
    const b1 = tableRow(coefAt, e1, k, 1, rowsPerSlot);
    const fpair = quintic(b0, b1, u, f64x2.mul(u, u));
    v128.store(rsqAt + o, v128.and(fpair, use));
  }
  // 2b: forces, summed for i (two lanes, added to the row's sum) and scattered to j
  let fxi = vZero;
  let fyi = vZero;
  let fzi = vZero;
  for (let q = 0; q < m; q += 2) {
    const o = (<usize>q) << 3;
    const fpair = v128.load(rsqAt + o);
    const fx = f64x2.mul(v128.load(dxAt + o), fpair);
    const fy = f64x2.mul(v128.load(dyAt + o), fpair);
    const fz = f64x2.mul(v128.load(dzAt + o), fpair);
    fxi = f64x2.add(fxi, fx);
    fyi = f64x2.add(fyi, fy);
    fzi = f64x2.add(fzi, fz);
    // scatter to j: lane 0 is stored before lane 1 is loaded, so j0 = j1 (small boxes) is safe
    const g0 = fAt + <usize>(load<u32>(entAt + ((<usize>q) << 2)) >>> J_SHIFT) * 24;
    v128.store(g0, f64x2.sub(v128.load(g0), f64x2.shuffle(fx, fy, 0, 2)));
    store<f64>(g0, load<f64>(g0, 16) - f64x2.extract_lane(fz, 0), 16);
    const g1 = fAt + <usize>(load<u32>(entAt + ((<usize>q) << 2), 4) >>> J_SHIFT) * 24;
    v128.store(g1, f64x2.sub(v128.load(g1), f64x2.shuffle(fx, fy, 1, 3)));
    store<f64>(g1, load<f64>(g1, 16) - f64x2.extract_lane(fz, 1), 16);
  }
  rowFx += f64x2.extract_lane(fxi, 0) + f64x2.extract_lane(fxi, 1);
  rowFy += f64x2.extract_lane(fyi, 0) + f64x2.extract_lane(fyi, 1);
  rowFz += f64x2.extract_lane(fzi, 0) + f64x2.extract_lane(fzi, 1);
  return close;
}

/** Where the table's interval coordinate of r² lies, clamped into the table (padding lanes too). */
function tableCoordinate(rsq: v128, vInner: v128, vInvDs: v128, vLastT: v128): v128 {
  return f64x2.pmax(f64x2.splat(0), f64x2.pmin(vLastT, f64x2.mul(f64x2.sub(rsq, vInner), vInvDs)));
}

/** Byte address of the coefficients of lane `lane`'s pair: its slot's row, interval k. */
function tableRow(tableAt: usize, entry: u32, k: v128, lane: u8, rowsPerSlot: i32): usize {
  const interval = lane === 0 ? i32x4.extract_lane(k, 0) : i32x4.extract_lane(k, 1);
  return tableAt + ((<usize>((entry & FIELD_MASK) * rowsPerSlot + interval * 6)) << 3);
}

/**
 * The quintic of both lanes from their coefficients at b0 and b1 (two degrees per load,
 * transposed), by Estrin's scheme: (c0 + c1 u) + u² (c2 + c3 u) + u⁴ (c4 + c5 u), a shorter
 * dependency chain than Horner's.
 */
function quintic(b0: usize, b1: usize, u: v128, u2: v128): v128 {
  const c01a = v128.load(b0);
  const c01b = v128.load(b1);
  const c23a = v128.load(b0, 16);
  const c23b = v128.load(b1, 16);
  const c45a = v128.load(b0, 32);
  const c45b = v128.load(b1, 32);
  const p01 = f64x2.add(f64x2.shuffle(c01a, c01b, 0, 2), f64x2.mul(u, f64x2.shuffle(c01a, c01b, 1, 3)));
  const p23 = f64x2.add(f64x2.shuffle(c23a, c23b, 0, 2), f64x2.mul(u, f64x2.shuffle(c23a, c23b, 1, 3)));
  const p45 = f64x2.add(f64x2.shuffle(c45a, c45b, 0, 2), f64x2.mul(u, f64x2.shuffle(c45a, c45b, 1, 3)));
  return f64x2.add(p01, f64x2.mul(u2, f64x2.add(p23, f64x2.mul(u2, p45))));
}

/**
 * Energy and virial of rows i0 … i1−1 (their pruned pairs, as pairForces left them) from the
 * tables, for thermo steps: the same two passes as pairForces, the second evaluating the energy
 * table and the force table at the same point. Written as seven f64 at the start of scratch:
 * the energy, then the virial xx yy zz xy xz yz (not a static array: the stub runtime would
 * allocate that where the host lays out its data). Pairs closer than the table's start are left
 * out and counted, as there: the host adds them by the exact formulas. Returns that count.
 */
export function pairEnergyVirial(
  i0: i32,
  i1: i32,
  xAt: usize,
  startAt: usize,
  innerAt: usize,
  endAt: usize,
  shiftsAt: usize,
  coefAt: usize,
  energyAt: usize,
  scratchAt: usize,
  sInner: f64,
  sCut: f64,
  invDs: f64,
  rowsPerSlot: i32,
  intervals: i32,
): i32 {
  const entAt = scratchAt;
  const dxAt = entAt + ENTRIES_BYTES;
  const dyAt = dxAt + LANE_BYTES;
  const dzAt = dyAt + LANE_BYTES;
  const rsqAt = dzAt + LANE_BYTES;
  const vInner = f64x2.splat(sInner);
  const vCut = f64x2.splat(sCut);
  const vInvDs = f64x2.splat(invDs);
  const vLastT = f64x2.splat(<f64>intervals - 1e-6);
  // summed pair by pair in list order, as pairForces sums a row's force (see rowFx): the
  // results do not depend on the pruned rows' pairs beyond the cutoff
  const zero = f64x2.splat(0);
  let e: f64 = 0;
  let xxyy = zero;
  let zzxy = zero;
  let xzyz = zero;
  let close = 0;
  for (let i = i0; i < i1; i++) {
    const xiAt = xAt + <usize>i * 24;
    const xi = f64x2.splat(load<f64>(xiAt));
    const yi = f64x2.splat(load<f64>(xiAt, 8));
    const zi = f64x2.splat(load<f64>(xiAt, 16));
    const rowEnd = load<i32>(endAt + ((<usize>i) << 2));
    for (let c = load<i32>(startAt + ((<usize>i) << 2)); c < rowEnd; c += CHUNK) {
      const m = packWithinCutoff(c, min(rowEnd, c + CHUNK), xi, yi, zi, xAt, innerAt, shiftsAt, entAt, dxAt, dyAt, dzAt, rsqAt, sCut); // prettier-ignore
      padOdd(m, entAt, dxAt, dyAt, dzAt, rsqAt, sCut);
      for (let q = 0; q < m; q += 2) {
        const o = (<usize>q) << 3;
        const rsq = v128.load(rsqAt + o);
        let use = f64x2.lt(rsq, vCut);
        const tooClose = f64x2.lt(rsq, vInner);
        close += popcnt(i64x2.bitmask(v128.and(tooClose, use)));
        use = v128.andnot(use, tooClose);
        const t = tableCoordinate(rsq, vInner, vInvDs, vLastT);
        const k = i32x4.trunc_sat_f64x2_s_zero(t);
        const u = f64x2.sub(t, f64x2.convert_low_i32x4_s(k));
        const u2 = f64x2.mul(u, u);
        const e0 = load<u32>(entAt + ((<usize>q) << 2));
        const e1 = load<u32>(entAt + ((<usize>q) << 2), 4);
        const f0 = tableRow(coefAt, e0, k, 0, rowsPerSlot);
        const f1 = tableRow(coefAt, e1, k, 1, rowsPerSlot);
        const fpair = v128.and(quintic(f0, f1, u, u2), use);
        const ep = v128.and(quintic(f0 - coefAt + energyAt, f1 - coefAt + energyAt, u, u2), use);
        e = e + f64x2.extract_lane(ep, 0) + f64x2.extract_lane(ep, 1);
        const dx = v128.load(dxAt + o);
        const dy = v128.load(dyAt + o);
        const dz = v128.load(dzAt + o);
        const fx = f64x2.mul(dx, fpair);
        const fy = f64x2.mul(dy, fpair);
        const pxx = f64x2.mul(dx, fx);
        const pyy = f64x2.mul(dy, fy);
        const pzz = f64x2.mul(dz, f64x2.mul(dz, fpair));
        const pxy = f64x2.mul(dy, fx);
        const pxz = f64x2.mul(dz, fx);
        const pyz = f64x2.mul(dz, fy);
        // pair 0's terms, then pair 1's, two components per vector
        xxyy = f64x2.add(f64x2.add(xxyy, f64x2.shuffle(pxx, pyy, 0, 2)), f64x2.shuffle(pxx, pyy, 1, 3));
        zzxy = f64x2.add(f64x2.add(zzxy, f64x2.shuffle(pzz, pxy, 0, 2)), f64x2.shuffle(pzz, pxy, 1, 3));
        xzyz = f64x2.add(f64x2.add(xzyz, f64x2.shuffle(pxz, pyz, 0, 2)), f64x2.shuffle(pxz, pyz, 1, 3));
      }
    }
  }
  const out = scratchAt;
  store<f64>(out, e);
  v128.store(out, xxyy, 8);
  v128.store(out, zzxy, 24);
  v128.store(out, xzyz, 40);
  return close;
}
