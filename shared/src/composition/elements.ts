/** Standard atomic masses (amu, IUPAC 2021 abridged) of elements common in glassy electrolytes. */
export const ATOMIC_MASS: Readonly<Record<string, number>> = Object.freeze({
  H: 1.008, Li: 6.94, B: 10.81, C: 12.011, N: 14.007, O: 15.999, F: 18.998, Na: 22.98977, Mg: 24.305,
  Al: 26.982, Si: 28.0855, P: 30.974, S: 32.065, Cl: 35.45, K: 39.098, Ca: 40.078, Ti: 47.867,
  Fe: 55.845, Cu: 63.546, Zn: 65.38, Ga: 69.723, Ge: 72.63, As: 74.922, Se: 78.971, Br: 79.904,
  Rb: 85.468, Ag: 107.868, Sn: 118.71, Sb: 121.76, Te: 127.6, I: 126.904, Cs: 132.905,
}); // prettier-ignore

/** g/cm³ of `amu` atomic mass units in `volume` Å³ (1 amu/Å³ = 1.66054 g/cm³). */
export const densityGPerCm3 = (amu: number, volume: number) => (amu * 1.6605390666) / volume;
