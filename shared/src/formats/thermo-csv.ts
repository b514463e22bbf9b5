/** The thermo log as CSV: `md run`'s thermo.csv and every sweep task's thermo.csv artifact. */
import { densityGPerCm3 } from '../composition/elements.js';

export const THERMO_CSV_HEADER =
  'step,time_ps,stage,temperature_K,potential_eV,kinetic_eV,total_eV,conserved_eV,pressure_bar,volume_A3,density_g_cm3';

export interface ThermoCsvRow {
  step: number;
  /** ps */
  time: number;
  stage: string;
  temperature: number;
  potential: number;
  kinetic: number;
  total: number;
  conserved: number;
  pressure: number;
  volume: number;
}

/** One CSV line (with its newline); `massAmu` is the system's mass, for the density. */
export function thermoCsvLine(t: ThermoCsvRow, massAmu: number): string {
  return `${t.step},${t.time},${t.stage},${t.temperature},${t.potential},${t.kinetic},${t.total},${t.conserved},${t.pressure},${t.volume},${densityGPerCm3(massAmu, t.volume)}\n`;
}
