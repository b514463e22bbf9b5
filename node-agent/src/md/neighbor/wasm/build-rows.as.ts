/**
 * AssemblyScript source of the WebAssembly neighbour-list row builder, compiled into the same
 * module as the pair kernel (`npm run build:wasm`) and hosted by forcefield/wasm/wasm-kernel.ts.
 * It is neighbor-list.ts's buildRows (the reference) on the host's copies of the cell pairs, and
 * it writes the list where the pair kernel reads it, so a rebuild needs no copy into the kernel.
 * Arguments ending in `At` are byte offsets into the host's memory.
 */

// entry layout (neighbor-list.ts): j << 10 | image code << 5 | type-pair slot
const J_SHIFT: u32 = 10;
const CODE_SHIFT: u32 = 5;
const SAME_IMAGE: i32 = 13;

/**
 * Rows i0 … i1−1 into start and nbr, their entries from index `base` on (start[i] is global:
 * the host moves a block's entries next to the previous block's afterwards and shifts its
 * starts, so that blocks built on several threads make the very list one thread would). Each
 * row gets its type-pair slots right after it is built, while it is in cache. Returns where the
 * block's entries end, or −1 when entries up to `limit` might not hold them (checked per row
 * against rowBound: the host grows its memory and calls again).
 */
export function buildRows(
  i0: i32,
  i1: i32,
  xAt: usize,
  typeAt: usize,
  slotAt: usize,
  ntypes: i32,
  cellOfAt: usize,
  cellStartAt: usize,
  cellAtomsAt: usize,
  rankAt: usize,
  aroundAt: usize,
  codeAt: usize,
  ns: i32,
  shiftsAt: usize,
  startAt: usize,
  nbrAt: usize,
  base: i32,
  limit: i32,
  rowBound: i32,
  rsqMax: f64,
): i32 {
  let count = base;
  for (let i = i0; i < i1; i++) {
    if (count + rowBound > limit) return -1;
    store<i32>(startAt + ((<usize>i) << 2), count);
    const rowStart = count;
    const c = load<i32>(cellOfAt + ((<usize>i) << 2));
    const xiAt = xAt + <usize>i * 24;
    for (let k = -1; k < ns; k++) {
      // k = −1: own cell, atoms after i; otherwise the k-th stencil cell, all atoms
      let cc = c;
      let code = SAME_IMAGE;
      let first = load<i32>(rankAt + ((<usize>i) << 2)) + 1;
      if (k >= 0) {
        const at = (<usize>(c * ns + k)) << 2;
        cc = load<i32>(aroundAt + at);
        code = load<i32>(codeAt + at);
        first = load<i32>(cellStartAt + ((<usize>cc) << 2));
      }
      const end = load<i32>(cellStartAt + ((<usize>(cc + 1)) << 2));
      // i relative to j's image: x_i − (x_j + shift) = (x_i − shift) − x_j
      const sh = shiftsAt + <usize>code * 24;
      const xi = load<f64>(xiAt) - load<f64>(sh);
      const yi = load<f64>(xiAt, 8) - load<f64>(sh, 8);
      const zi = load<f64>(xiAt, 16) - load<f64>(sh, 16);
      const bits = (<u32>code) << CODE_SHIFT;
      for (let p = first; p < end; p++) {
        const j = load<i32>(cellAtomsAt + ((<usize>p) << 2));
        const a = xAt + <usize>j * 24;
        const dx = xi - load<f64>(a);
        const dy = yi - load<f64>(a, 8);
        const dz = zi - load<f64>(a, 16);
        store<u32>(nbrAt + ((<usize>count) << 2), ((<u32>j) << J_SHIFT) | bits);
        count += i32(dx * dx + dy * dy + dz * dz < rsqMax);
      }
    }
    // the type-pair slot of the row's kept entries
    const ti = load<i32>(typeAt + ((<usize>i) << 2)) * ntypes;
    for (let p = rowStart; p < count; p++) {
      const at = nbrAt + ((<usize>p) << 2);
      const entry = load<u32>(at);
      const tj = load<i32>(typeAt + ((<usize>(entry >>> J_SHIFT)) << 2));
      store<u32>(at, entry | load<u32>(slotAt + ((<usize>(ti + tj)) << 2)));
    }
  }
  return count;
}
