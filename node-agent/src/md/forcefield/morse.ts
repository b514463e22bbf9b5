/** Morse: E = D0 [e^{−2α(r−r0)} − 2 e^{−α(r−r0)}], F = 2αD0 [e^{−2α(r−r0)} − e^{−α(r−r0)}]. */
import type { MorseTerm } from '@ionsweep/shared';

/** Flat layout: D0, α, r0, rc². */
export const MORSE_STRIDE = 4;

export function packMorse(t: MorseTerm, out: Float64Array, at: number): void {
  out[at] = t.D0;
  out[at + 1] = t.alpha;
  out[at + 2] = t.r0;
  out[at + 3] = t.cutoff * t.cutoff;
}

export function morseEnergyForce(t: MorseTerm, r: number): [energy: number, forceOverR: number] {
  if (r >= t.cutoff) return [0, 0];
  const e1 = Math.exp(-t.alpha * (r - t.r0));
  return [t.D0 * (e1 * e1 - 2 * e1), (2 * t.alpha * t.D0 * (e1 * e1 - e1)) / r];
}
