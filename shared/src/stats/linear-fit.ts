/**
 * Weighted least-squares straight line y = a + b x. With weights w_i = 1/σ_i² the parameter
 * errors are the usual (XᵀWX)⁻¹ ones; with unit weights they are scaled by the residual
 * variance (so they are honest when σ is unknown).
 */
export interface LinearFit {
  intercept: number;
  slope: number;
  interceptErr: number;
  slopeErr: number;
  /** Σ w (y − ŷ)², and the reduced χ² = chi2 / (n − 2) */
  chi2: number;
  reducedChi2: number;
  n: number;
}

export function linearFit(x: readonly number[], y: readonly number[], sigma?: readonly number[]): LinearFit {
  const n = x.length;
  if (n < 2 || y.length !== n)
    throw new Error(`linearFit needs at least two points of x and y (got ${n}, ${y.length})`);
  const w = sigma ? sigma.map((s) => 1 / (s * s)) : new Array<number>(n).fill(1);
  let S = 0,
    Sx = 0,
    Sy = 0,
    Sxx = 0,
    Sxy = 0;
  for (let i = 0; i < n; i++) {
    S += w[i];
    Sx += w[i] * x[i];
    Sy += w[i] * y[i];
    Sxx += w[i] * x[i] * x[i];
    Sxy += w[i] * x[i] * y[i];
  }
  const D = S * Sxx - Sx * Sx;
  if (!(Math.abs(D) > 0)) throw new Error('linearFit: the x values are all equal');
  const intercept = (Sxx * Sy - Sx * Sxy) / D;
  const slope = (S * Sxy - Sx * Sy) / D;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += w[i] * (y[i] - intercept - slope * x[i]) ** 2;
  const dof = n - 2;
  const reducedChi2 = dof > 0 ? chi2 / dof : NaN;
  // without σ, scale by the residual variance; with σ, trust them
  const scale = sigma ? 1 : dof > 0 ? reducedChi2 : NaN;
  return {
    intercept,
    slope,
    interceptErr: Math.sqrt((Sxx / D) * scale),
    slopeErr: Math.sqrt((S / D) * scale),
    chi2,
    reducedChi2,
    n,
  };
}
