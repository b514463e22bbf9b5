/**
 * AssemblyScript source of the WebAssembly Tersoff kernel (compiled with the pair kernel into
 * node-agent/dist/wasm/md-kernels.wasm; the host is tersoff-kernel.ts). It is computeTersoff of
 * ../tersoff.ts (the reference, itself LAMMPS pair_tersoff.cpp and pair_tersoff_mod.cpp) line
 * for line: the same functions, branches and order of sums, on the same short full list. Only
 * the transcendental functions differ in their last bits (AssemblyScript's musl-derived Math,
 * not V8's), so forces equal the JS path's to rounding.
 *
 * Memory is the host's; every argument that ends in `At` is a byte offset into it. Layouts:
 * x and f xyz per atom (f64), type per atom (i32), te the term element of each type (i32, −1
 * for none), params the flat triplet table of tersoff.ts (f64, STRIDE per triplet), start/nbr
 * the list's CSR rows (i32), shift each entry's periodic image (f64 xyz), and scratch for one
 * atom's neighbours within the cutoff: index (i32) at sjAt, vector (f64 xyz) at sdAt, r² (f64)
 * at sr2At.
 */

// the parameter offsets of tersoff.ts (TERSOFF_STRIDE and its field constants)
const STRIDE: i32 = 27;
const M: i32 = 0, GAMMA: i32 = 1, LAM3: i32 = 2, C2: i32 = 3, D2: i32 = 4, H: i32 = 5; // prettier-ignore
const BETA: i32 = 7, LAM2: i32 = 8, BIGB: i32 = 9, BIGR: i32 = 10, BIGD: i32 = 11, LAM1: i32 = 12; // prettier-ignore
const BIGA: i32 = 13, CUTSQ: i32 = 14, K1: i32 = 15, K2: i32 = 16, K3: i32 = 17, K4: i32 = 18, N: i32 = 6; // prettier-ignore
const MOD: i32 = 19, G1: i32 = 20, G2: i32 = 21, G3: i32 = 22, G4: i32 = 23, G5: i32 = 24, ETA: i32 = 25, NDEL: i32 = 26; // prettier-ignore

const HALF_PI: f64 = Math.PI / 2;

/**
 * The first byte the hosts may use: Math's functions (exp, pow, sin) read lookup tables that the
 * module's data segments put at the start of memory, and every instance rewrites them there.
 */
export function heapBase(): usize {
  return __heap_base;
}

/** The parameter table's base, set per call (saves passing it to every function). */
let P: usize = 0;

function par(o: i32, k: i32): f64 {
  return load<f64>(P + ((<usize>(o + k)) << 3));
}

/**
 * e^x, with e^0 = 1 without calling exp: ns-ss-2026 has λ3 = 0 and c5 = 0 in every triplet, so
 * most of the kernel's exponentials are of zero (the same values, at a fraction of the time).
 */
function exp0(x: f64): f64 {
  return x == 0 ? 1.0 : Math.exp(x);
}

function fc(r: f64, o: i32): f64 {
  const R = par(o, BIGR);
  const D = par(o, BIGD);
  if (r < R - D) return 1.0;
  if (r > R + D) return 0.0;
  if (par(o, MOD) == 1)
    return 0.5 * (1.0 - 1.125 * Math.sin((HALF_PI * (r - R)) / D) - 0.125 * Math.sin((3 * HALF_PI * (r - R)) / D));
  return 0.5 * (1.0 - Math.sin((HALF_PI * (r - R)) / D));
}

function fcD(r: f64, o: i32): f64 {
  const R = par(o, BIGR);
  const D = par(o, BIGD);
  if (r < R - D) return 0.0;
  if (r > R + D) return 0.0;
  if (par(o, MOD) == 1)
    return (
      -((0.375 * (Math.PI / 4)) / D) * (3 * Math.cos((HALF_PI * (r - R)) / D) + Math.cos((3 * HALF_PI * (r - R)) / D))
    );
  return -(Math.PI / 4 / D) * Math.cos((HALF_PI * (r - R)) / D);
}

function fa(r: f64, o: i32): f64 {
  if (r > par(o, BIGR) + par(o, BIGD)) return 0.0;
  return -par(o, BIGB) * Math.exp(-par(o, LAM2) * r) * fc(r, o);
}

function faD(r: f64, o: i32): f64 {
  if (r > par(o, BIGR) + par(o, BIGD)) return 0.0;
  return par(o, BIGB) * Math.exp(-par(o, LAM2) * r) * (par(o, LAM2) * fc(r, o) - fcD(r, o));
}

function bij(zeta: f64, o: i32): f64 {
  if (par(o, MOD) == 1) {
    const t = par(o, BETA) * zeta;
    if (t > par(o, K1)) return Math.pow(t, -par(o, ETA) / (2.0 * par(o, NDEL)));
    if (t < par(o, K4)) return 1.0;
    return Math.pow(1.0 + Math.pow(t, par(o, ETA)), -1.0 / (2.0 * par(o, NDEL)));
  }
  const tmp = par(o, BETA) * zeta;
  const n = par(o, N);
  if (tmp > par(o, K1)) return 1.0 / Math.sqrt(tmp);
  if (tmp > par(o, K2)) return (1.0 - Math.pow(tmp, -n) / (2.0 * n)) / Math.sqrt(tmp);
  if (tmp < par(o, K4)) return 1.0;
  if (tmp < par(o, K3)) return 1.0 - Math.pow(tmp, n) / (2.0 * n);
  return Math.pow(1.0 + Math.pow(tmp, n), -1.0 / (2.0 * n));
}

function bijD(zeta: f64, o: i32): f64 {
  if (par(o, MOD) == 1) {
    const t = par(o, BETA) * zeta;
    const ratio = par(o, ETA) / par(o, NDEL);
    if (t > par(o, K1)) return (-0.5 * ratio * Math.pow(t, -0.5 * ratio)) / zeta;
    if (t < par(o, K4)) return 0.0;
    const tN = Math.pow(t, par(o, ETA));
    return (-0.5 * ratio * Math.pow(1.0 + tN, -1.0 - 1.0 / (2.0 * par(o, NDEL))) * tN) / zeta;
  }
  const beta = par(o, BETA);
  const n = par(o, N);
  const tmp = beta * zeta;
  if (tmp > par(o, K1)) return beta * -0.5 * Math.pow(tmp, -1.5);
  if (tmp > par(o, K2))
    return beta * (-0.5 * Math.pow(tmp, -1.5) * (1.0 - (1.0 + 1.0 / (2.0 * n)) * Math.pow(tmp, -n)));
  if (tmp < par(o, K4)) return 0.0;
  if (tmp < par(o, K3)) return -0.5 * beta * Math.pow(tmp, n - 1.0);
  const tmpN = Math.pow(tmp, n);
  return (-0.5 * Math.pow(1.0 + tmpN, -1.0 - 1.0 / (2.0 * n)) * tmpN) / zeta;
}

/** db/dζ of the last bijWithDerivative call */
let lastBijD: f64 = 0;

/**
 * b and db/dζ, sharing (βζ)^n in the general branches: of the standard form (as tersoff.ts) and
 * of tersoff/mod, where (1 + t^η)^{−1−1/2n} is b / (1 + t^η): two powers instead of four.
 */
function bijWithDerivative(zeta: f64, o: i32): f64 {
  const tmp = par(o, BETA) * zeta;
  if (par(o, MOD) == 1) {
    if (tmp > par(o, K1) || tmp < par(o, K4)) {
      lastBijD = bijD(zeta, o);
      return bij(zeta, o);
    }
    const tN = Math.pow(tmp, par(o, ETA));
    const base = 1.0 + tN;
    const b = Math.pow(base, -1.0 / (2.0 * par(o, NDEL)));
    lastBijD = (-0.5 * (par(o, ETA) / par(o, NDEL)) * (b / base) * tN) / zeta;
    return b;
  }
  if (tmp > par(o, K2) || tmp < par(o, K3)) {
    lastBijD = bijD(zeta, o);
    return bij(zeta, o);
  }
  const n = par(o, N);
  const tmpN = Math.pow(tmp, n);
  const base = 1.0 + tmpN;
  const b = Math.pow(base, -1.0 / (2.0 * n));
  lastBijD = (-0.5 * (b / base) * tmpN) / zeta;
  return b;
}

function gijk(cos: f64, o: i32): f64 {
  if (par(o, MOD) == 1) {
    const h2 = (par(o, H) - cos) * (par(o, H) - cos);
    return par(o, G1) + ((par(o, G2) * h2) / (par(o, G3) + h2)) * (1.0 + par(o, G4) * exp0(-par(o, G5) * h2));
  }
  const c2 = par(o, C2);
  const d2 = par(o, D2);
  const hcth = par(o, H) - cos;
  return par(o, GAMMA) * (1.0 + c2 / d2 - c2 / (d2 + hcth * hcth));
}

function gijkD(cos: f64, o: i32): f64 {
  if (par(o, MOD) == 1) {
    const h = par(o, H);
    const h2 = (h - cos) * (h - cos);
    const g1 = (h - cos) / (par(o, G3) + h2);
    const g2 = exp0(-par(o, G5) * h2);
    return -2.0 * par(o, G2) * g1 * ((1 + par(o, G4) * g2) * (1 + g1 * (cos - h)) - h2 * par(o, G4) * par(o, G5) * g2);
  }
  const c2 = par(o, C2);
  const d2 = par(o, D2);
  const hcth = par(o, H) - cos;
  const numerator = -2.0 * c2 * hcth;
  const denominator = 1.0 / (d2 + hcth * hcth);
  return par(o, GAMMA) * numerator * denominator * denominator;
}

function exDelr(rij: f64, rik: f64, o: i32): f64 {
  const lam3 = par(o, LAM3);
  const arg = par(o, M) == 3 ? (lam3 * (rij - rik)) ** 3 : lam3 * (rij - rik);
  if (arg > 69.0776) return 1.0e30;
  if (arg < -69.0776) return 0.0;
  return exp0(arg);
}

function addTo(at: usize, x: f64, y: f64, z: f64): void {
  store<f64>(at, load<f64>(at) + x);
  store<f64>(at, load<f64>(at, 8) + y, 8);
  store<f64>(at, load<f64>(at, 16) + z, 16);
}

/**
 * The term's forces into f (zeroed here over all n atoms); returns its energy and writes its
 * virial (xx yy zz xy xz yz, LAMMPS fdotr order) at virialAt when withEnergy is 1.
 */
export function tersoffForces(
  n: i32,
  xAt: usize,
  fAt: usize,
  typeAt: usize,
  teAt: usize,
  nel: i32,
  paramsAt: usize,
  startAt: usize,
  nbrAt: usize,
  shiftAt: usize,
  sjAt: usize,
  sdAt: usize,
  sr2At: usize,
  cutSq: f64,
  withEnergy: i32,
  virialAt: usize,
): f64 {
  P = paramsAt;
  memory.fill(fAt, 0, <usize>n * 24);
  let energy: f64 = 0;
  let vxx: f64 = 0, vyy: f64 = 0, vzz: f64 = 0, vxy: f64 = 0, vxz: f64 = 0, vyz: f64 = 0; // prettier-ignore
  for (let i = 0; i < n; i++) {
    const q0 = load<i32>(startAt + ((<usize>i) << 2));
    const q1 = load<i32>(startAt + ((<usize>(i + 1)) << 2));
    if (q0 == q1) continue;
    const ei = load<i32>(teAt + ((<usize>load<i32>(typeAt + ((<usize>i) << 2))) << 2));
    const xiAt = xAt + <usize>i * 24;
    const xi = load<f64>(xiAt), yi = load<f64>(xiAt, 8), zi = load<f64>(xiAt, 16); // prettier-ignore
    // the neighbours within the cutoff, in list order
    let nn = 0;
    for (let q = q0; q < q1; q++) {
      const j = load<i32>(nbrAt + ((<usize>q) << 2));
      const sAt = shiftAt + <usize>q * 24;
      const xjAt = xAt + <usize>j * 24;
      const dx = load<f64>(xjAt) + load<f64>(sAt) - xi;
      const dy = load<f64>(xjAt, 8) + load<f64>(sAt, 8) - yi;
      const dz = load<f64>(xjAt, 16) + load<f64>(sAt, 16) - zi;
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq >= cutSq) continue;
      store<i32>(sjAt + ((<usize>nn) << 2), j);
      const dAt = sdAt + <usize>nn * 24;
      store<f64>(dAt, dx);
      store<f64>(dAt, dy, 8);
      store<f64>(dAt, dz, 16);
      store<f64>(sr2At + ((<usize>nn) << 3), rsq);
      nn++;
    }
    const fiAt = fAt + <usize>i * 24;
    // two-body repulsion, each pair once (from its lower index)
    for (let a = 0; a < nn; a++) {
      const j = load<i32>(sjAt + ((<usize>a) << 2));
      if (j < i) continue;
      const ej = load<i32>(teAt + ((<usize>load<i32>(typeAt + ((<usize>j) << 2))) << 2));
      const o = ((ei * nel + ej) * nel + ej) * STRIDE;
      const rsq = load<f64>(sr2At + ((<usize>a) << 3));
      if (rsq >= par(o, CUTSQ)) continue;
      const r = Math.sqrt(rsq);
      const tmpFc = fc(r, o);
      const tmpFcD = fcD(r, o);
      const tmpExp = Math.exp(-par(o, LAM1) * r);
      const fpair = (-par(o, BIGA) * tmpExp * (tmpFcD - tmpFc * par(o, LAM1))) / r;
      const dAt = sdAt + <usize>a * 24;
      const dx = -load<f64>(dAt), dy = -load<f64>(dAt, 8), dz = -load<f64>(dAt, 16); // prettier-ignore
      addTo(fiAt, dx * fpair, dy * fpair, dz * fpair);
      addTo(fAt + <usize>j * 24, -dx * fpair, -dy * fpair, -dz * fpair);
      if (withEnergy) {
        energy += tmpFc * par(o, BIGA) * tmpExp;
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
      const j = load<i32>(sjAt + ((<usize>a) << 2));
      const ej = load<i32>(teAt + ((<usize>load<i32>(typeAt + ((<usize>j) << 2))) << 2));
      const oij = ((ei * nel + ej) * nel + ej) * STRIDE;
      const rsq1 = load<f64>(sr2At + ((<usize>a) << 3));
      if (rsq1 >= par(oij, CUTSQ)) continue;
      const d1At = sdAt + <usize>a * 24;
      const d1x = load<f64>(d1At), d1y = load<f64>(d1At, 8), d1z = load<f64>(d1At, 16); // prettier-ignore
      const rij = Math.sqrt(rsq1);
      const ojBase = (ei * nel + ej) * nel;
      let zeta: f64 = 0.0;
      for (let b = 0; b < nn; b++) {
        if (b == a) continue;
        const k = load<i32>(sjAt + ((<usize>b) << 2));
        const o = (ojBase + load<i32>(teAt + ((<usize>load<i32>(typeAt + ((<usize>k) << 2))) << 2))) * STRIDE;
        const rsq2 = load<f64>(sr2At + ((<usize>b) << 3));
        if (rsq2 >= par(o, CUTSQ)) continue;
        const rik = Math.sqrt(rsq2);
        const d2At = sdAt + <usize>b * 24;
        const cos = (d1x * load<f64>(d2At) + d1y * load<f64>(d2At, 8) + d1z * load<f64>(d2At, 16)) / (rij * rik);
        zeta += fc(rik, o) * gijk(cos, o) * exDelr(rij, rik, o);
      }
      // force_zeta
      const faij = fa(rij, oij);
      const faDij = faD(rij, oij);
      const bo = bijWithDerivative(zeta, oij);
      const fpair = (0.5 * bo * faDij) / rij;
      const prefactor = -0.5 * faij * lastBijD;
      addTo(fiAt, d1x * fpair, d1y * fpair, d1z * fpair);
      addTo(fAt + <usize>j * 24, -d1x * fpair, -d1y * fpair, -d1z * fpair);
      if (withEnergy) {
        energy += 0.5 * bo * faij;
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
        if (c == a) continue;
        const k = load<i32>(sjAt + ((<usize>c) << 2));
        const o = (ojBase + load<i32>(teAt + ((<usize>load<i32>(typeAt + ((<usize>k) << 2))) << 2))) * STRIDE;
        const rsq2 = load<f64>(sr2At + ((<usize>c) << 3));
        if (rsq2 >= par(o, CUTSQ)) continue;
        const rik = Math.sqrt(rsq2);
        const rikinv = 1.0 / rik;
        const d2At = sdAt + <usize>c * 24;
        const d2x = load<f64>(d2At), d2y = load<f64>(d2At, 8), d2z = load<f64>(d2At, 16); // prettier-ignore
        const hkx = d2x * rikinv, hky = d2y * rikinv, hkz = d2z * rikinv; // prettier-ignore
        // ters_zetaterm_d
        const fck = fc(rik, o);
        const dfc = fcD(rik, o);
        const lam3 = par(o, LAM3);
        const cube = par(o, M) == 3;
        const tmp = cube ? (lam3 * (rij - rik)) ** 3 : lam3 * (rij - rik);
        const ex = tmp > 69.0776 ? 1.0e30 : tmp < -69.0776 ? 0.0 : exp0(tmp);
        const exD = cube ? 3.0 * lam3 ** 3 * (rij - rik) ** 2 * ex : lam3 * ex;
        const cos = hjx * hkx + hjy * hky + hjz * hkz;
        const g = gijk(cos, o);
        const gD = gijkD(cos, o);
        // costheta_d
        const djx = (hkx - cos * hjx) * rijinv, djy = (hky - cos * hjy) * rijinv, djz = (hkz - cos * hjz) * rijinv; // prettier-ignore
        const dkx = (hjx - cos * hkx) * rikinv, dky = (hjy - cos * hky) * rikinv, dkz = (hjz - cos * hkz) * rikinv; // prettier-ignore
        const dix = -(djx + dkx), diy = -(djy + dky), diz = -(djz + dkz); // prettier-ignore
        const a1 = -dfc * g * ex, a2 = fck * gD * ex, a3 = fck * g * exD; // prettier-ignore
        addTo(
          fiAt,
          prefactor * (a1 * hkx + a2 * dix + a3 * hkx - a3 * hjx),
          prefactor * (a1 * hky + a2 * diy + a3 * hky - a3 * hjy),
          prefactor * (a1 * hkz + a2 * diz + a3 * hkz - a3 * hjz),
        );
        const fjx = prefactor * (a2 * djx + a3 * hjx);
        const fjy = prefactor * (a2 * djy + a3 * hjy);
        const fjz = prefactor * (a2 * djz + a3 * hjz);
        const fkx = prefactor * (dfc * g * ex * hkx + a2 * dkx - a3 * hkx);
        const fky = prefactor * (dfc * g * ex * hky + a2 * dky - a3 * hky);
        const fkz = prefactor * (dfc * g * ex * hkz + a2 * dkz - a3 * hkz);
        addTo(fAt + <usize>j * 24, fjx, fjy, fjz);
        addTo(fAt + <usize>k * 24, fkx, fky, fkz);
        if (withEnergy) {
          vxx += d1x * fjx + d2x * fkx;
          vyy += d1y * fjy + d2y * fky;
          vzz += d1z * fjz + d2z * fkz;
          vxy += d1x * fjy + d2x * fky;
          vxz += d1x * fjz + d2x * fkz;
          vyz += d1y * fjz + d2y * fkz;
        }
      }
    }
  }
  if (withEnergy) {
    store<f64>(virialAt, vxx);
    store<f64>(virialAt, vyy, 8);
    store<f64>(virialAt, vzz, 16);
    store<f64>(virialAt, vxy, 24);
    store<f64>(virialAt, vxz, 32);
    store<f64>(virialAt, vyz, 40);
  }
  return energy;
}
