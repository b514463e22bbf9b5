/** The thermo log as CSV: `md run`'s thermo.csv and every sweep task's thermo.csv artifact. */
import { densityGPerCm3 } from '../composition/elements.js';

export const THERMO_CSV_HEADER =
  'step,time_ps,stage,temperature_K,potential_eV,kinetic_eV,total_eV,conserved_eV,pressure_bar,volume_A3,density_g_cm3';

/** One thermo row of the MD engine (LAMMPS metal units; time in ps). */
export interface ThermoRow {
  step: number;
  /** ps */
  time: number;
  temperature: number;
  potential: number;
  kinetic: number;
  total: number;
  /** total energy plus what the thermostats and barostat exchanged: constant for a correct integrator */
  conserved: number;
  /** bar */
  pressure: number;
  /** Å³ */
  volume: number;
}

/** A row as the log writes it: with the protocol stage it belongs to. */
export type ThermoCsvRow = ThermoRow & { stage: string };

/** One CSV line (with its newline); `massAmu` is the system's mass, for the density. */
export function thermoCsvLine(t: ThermoCsvRow, massAmu: number): string {
  return `${t.step},${t.time},${t.stage},${t.temperature},${t.potential},${t.kinetic},${t.total},${t.conserved},${t.pressure},${t.volume},${densityGPerCm3(massAmu, t.volume)}\n`;
}
