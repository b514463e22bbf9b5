/**
 * Scattering data for total g(r) and S(k), by element.
 *
 * Neutron: bound coherent scattering lengths of the natural elements, fm, from V. F. Sears,
 * "Neutron scattering lengths and cross sections", Neutron News 3(3), 26–37 (1992) (the NIST
 * table).
 * X-ray: atomic form factors f(k) = Σᵢ aᵢ exp(−bᵢ (k/4π)²) + c, k in Å⁻¹, from the Cromer–Mann
 * coefficients of International Tables for Crystallography Vol. C (2006), Table 6.1.1.4; valid to
 * sinθ/λ = 2 Å⁻¹ (k ≈ 25 Å⁻¹). f(0) equals the atomic number to 1e-3.
 */

export const NEUTRON_SCATTERING_LENGTH_FM: Readonly<Record<string, number>> = Object.freeze({
  H: -3.739, Li: -1.9, B: 5.3, C: 6.646, N: 9.36, O: 5.803, F: 5.654, Na: 3.63, Mg: 5.375, Al: 3.449,
  Si: 4.1491, P: 5.13, S: 2.847, Cl: 9.577, K: 3.67, Ca: 4.7, Ga: 7.288, Ge: 8.185, As: 6.58, Se: 7.97,
  Br: 6.795, Ag: 5.922, Sn: 6.225, Te: 5.8, I: 5.28, Cs: 5.42,
}); // prettier-ignore

/** [a1, b1, a2, b2, a3, b3, a4, b4, c] */
export const XRAY_CROMER_MANN: Readonly<Record<string, readonly number[]>> = Object.freeze({
  Li: [1.1282, 3.9546, 0.7508, 1.0524, 0.6175, 85.3905, 0.4653, 168.261, 0.0377],
  B: [2.0545, 23.2185, 1.3326, 1.021, 1.0979, 60.3498, 0.7068, 0.1403, -0.1932],
  O: [3.0485, 13.2771, 2.2868, 5.7011, 1.5463, 0.3239, 0.867, 32.9089, 0.2508],
  Na: [4.7626, 3.285, 3.1736, 8.8422, 1.2674, 0.3136, 1.1128, 129.424, 0.676],
  Al: [6.4202, 3.0387, 1.9002, 0.7426, 1.5936, 31.5472, 1.9646, 85.0886, 1.1151],
  Si: [6.2915, 2.4386, 3.0353, 32.3337, 1.9891, 0.6785, 1.541, 81.6937, 1.1407],
  P: [6.4345, 1.9067, 4.1791, 27.157, 1.78, 0.526, 1.4908, 68.1645, 1.1149],
  S: [6.9053, 1.4679, 5.2034, 22.2151, 1.4379, 0.2536, 1.5863, 56.172, 0.8669],
  Cl: [11.4604, 0.0104, 7.1962, 1.1662, 6.2556, 18.5194, 1.6455, 47.7784, -9.5574],
  Ge: [16.0816, 2.8509, 6.3747, 0.2516, 3.7068, 11.4468, 3.683, 54.7625, 2.1313],
  Se: [17.0006, 2.4098, 5.8196, 0.2726, 3.9731, 15.2372, 4.3543, 43.8163, 2.8409],
});

/** X-ray form factor of `element` at scattering vector k (Å⁻¹). */
export function xrayFormFactor(element: string, k: number): number {
  const c = XRAY_CROMER_MANN[element];
  const s2 = (k / (4 * Math.PI)) ** 2;
  let f = c[8];
  for (let i = 0; i < 4; i++) f += c[2 * i] * Math.exp(-c[2 * i + 1] * s2);
  return f;
}
