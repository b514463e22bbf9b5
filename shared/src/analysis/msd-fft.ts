/**
 * Windowed MSD over all time origins for a stored trajectory, O(T log T) per coordinate:
 *   MSD(m) = 1/(T−m) Σ_{k=0}^{T−m−1} |r(k+m) − r(k)|² = S1(m) − 2 S2(m),
 * with S2 the autocorrelation (by FFT) and S1 by the running-sum recursion
 * (Calandrini et al., Collection SFN 12, 201 (2011)).
 */
import { autocorrelationSums } from './fft.js';

/**
 * MSD(m), m = 0 … T−1, of one trajectory given as T frames of a 3-vector
 * (xyz[3k + d] = coordinate d at frame k).
 */
export function windowedMsd(input: Float64Array): Float64Array {
  const T = input.length / 3;
  // MSD is translation invariant: measuring from the first frame keeps S1 and S2 small, so
  // their difference loses no digits to cancellation (absolute positions of ~30 Å cost ~7).
  const xyz = Float64Array.from(input, (v, i) => v - input[i % 3]);
  const out = new Float64Array(T);
  const sq = new Float64Array(T);
  for (let k = 0; k < T; k++) sq[k] = xyz[3 * k] ** 2 + xyz[3 * k + 1] ** 2 + xyz[3 * k + 2] ** 2;
  const s2 = new Float64Array(T);
  const coord = new Float64Array(T);
  for (let d = 0; d < 3; d++) {
    for (let k = 0; k < T; k++) coord[k] = xyz[3 * k + d];
    const ac = autocorrelationSums(coord);
    for (let m = 0; m < T; m++) s2[m] += ac[m];
  }
  let q = 2 * sq.reduce((a, b) => a + b, 0);
  for (let m = 0; m < T; m++) {
    if (m > 0) q -= sq[m - 1] + sq[T - m];
    out[m] = (q - 2 * s2[m]) / (T - m);
  }
  out[0] = 0;
  return out;
}
