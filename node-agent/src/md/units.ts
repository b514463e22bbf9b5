/** LAMMPS metal-unit conversion factors used by the integrators. */
import { MVV2E } from '@ionsweep/shared';

/** F/m (eV/Å/amu) → acceleration in Å/ps² (LAMMPS ftm2v). */
export const FTM2V = 1 / MVV2E;
export { BOLTZMANN_EV, MVV2E, NKTV2P } from '@ionsweep/shared';
