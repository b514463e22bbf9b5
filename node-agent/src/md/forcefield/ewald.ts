/**
 * Ewald reciprocal-space sum (orthogonal box), for validation and small systems:
 *   E_k = k_e (4π/V) Σ_{k in half space} e^{−k²/4g²}/k² |S(k)|²,  S(k) = Σ_j q_j e^{i k·r_j}
 *   F_i = k_e (8π q_i/V) Σ_half e^{−k²/4g²}/k² k [sin(k·r_i) Re S − cos(k·r_i) Im S]
 *   W_αβ = Σ_half E_k (δ_αβ − 2 k_α k_β (1/k² + 1/4g²))
 * The real-space and self parts are the pair kernel's (erfc(g r)/r, no shifts).
 * Cost O(N · number of k-vectors): a reference method, not a production one.
 */
import type { MdState } from '../state.js';
import type { ForceReport } from './energy.js';
import type { EwaldSettings } from './compile.js';

export function addEwaldReciprocal(
  s: MdState,
  settings: EwaldSettings,
  qqrd2e: number,
  report: ForceReport,
  withEnergy: boolean,
): void {
  const n = s.n;
  const { g, kCut } = settings;
  const [lx, ly, lz] = s.box;
  const V = lx * ly * lz;
  const nmax = [0, 1, 2].map((d) => Math.ceil((kCut * s.box[d]) / (2 * Math.PI)));
  // e^{i 2π m x/L} for m = −nmax..nmax per dimension: tables cos/sin [d][i][m + nmax]
  const tables = [0, 1, 2].map((d) => {
    const w = 2 * nmax[d] + 1;
    const cos = new Float64Array(n * w);
    const sin = new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      const theta = (2 * Math.PI * (s.x[3 * i + d] - s.lo[d])) / s.box[d];
      for (let m = -nmax[d]; m <= nmax[d]; m++) {
        cos[i * w + m + nmax[d]] = Math.cos(m * theta);
        sin[i * w + m + nmax[d]] = Math.sin(m * theta);
      }
    }
    return { w, cos, sin };
  });
  const cosT = new Float64Array(n);
  const sinT = new Float64Array(n);
  const kCutSq = kCut * kCut;
  const inv4g2 = 1 / (4 * g * g);
  let energy = 0;
  const vir = report.virial;
  for (let mx = 0; mx <= nmax[0]; mx++) {
    for (let my = -nmax[1]; my <= nmax[1]; my++) {
      for (let mz = -nmax[2]; mz <= nmax[2]; mz++) {
        if (mx === 0 && (my < 0 || (my === 0 && mz <= 0))) continue; // half space, k ≠ 0
        const kx = (2 * Math.PI * mx) / lx,
          ky = (2 * Math.PI * my) / ly,
          kz = (2 * Math.PI * mz) / lz;
        const k2 = kx * kx + ky * ky + kz * kz;
        if (k2 > kCutSq) continue;
        let sr = 0;
        let si = 0;
        const [tx, ty, tz] = tables;
        for (let i = 0; i < n; i++) {
          const ax = tx.cos[i * tx.w + mx + nmax[0]],
            bx = tx.sin[i * tx.w + mx + nmax[0]];
          const ay = ty.cos[i * ty.w + my + nmax[1]],
            by = ty.sin[i * ty.w + my + nmax[1]];
          const az = tz.cos[i * tz.w + mz + nmax[2]],
            bz = tz.sin[i * tz.w + mz + nmax[2]];
          const cxy = ax * ay - bx * by,
            sxy = ax * by + bx * ay;
          const c = cxy * az - sxy * bz,
            sn = cxy * bz + sxy * az;
          cosT[i] = c;
          sinT[i] = sn;
          sr += s.q[i] * c;
          si += s.q[i] * sn;
        }
        const a = Math.exp(-k2 * inv4g2) / k2;
        const pref = (8 * Math.PI * qqrd2e * a) / V;
        for (let i = 0; i < n; i++) {
          const w = pref * s.q[i] * (sinT[i] * sr - cosT[i] * si);
          s.f[3 * i] += w * kx;
          s.f[3 * i + 1] += w * ky;
          s.f[3 * i + 2] += w * kz;
        }
        if (withEnergy) {
          const ek = ((4 * Math.PI * qqrd2e * a) / V) * (sr * sr + si * si);
          energy += ek;
          const b = 2 * (1 / k2 + inv4g2);
          vir[0] += ek * (1 - b * kx * kx);
          vir[1] += ek * (1 - b * ky * ky);
          vir[2] += ek * (1 - b * kz * kz);
          vir[3] -= ek * b * kx * ky;
          vir[4] -= ek * b * kx * kz;
          vir[5] -= ek * b * ky * kz;
        }
      }
    }
  }
  if (withEnergy) report.coulombKspace = energy;
}
