/**
 * A task's thermo log: every thermo row of every stage, kept as a flat Float64Array so that it
 * rides in the task's checkpoints (a resumed task keeps the rows before its checkpoint and
 * recomputes the rest). At the end it becomes thermo.csv, over the production stage the means
 * of temperature, pressure, volume, density and energy with batch-means errors, and over a
 * quench its V(T) and H(T).
 */
import {
  batchMeans,
  densityGPerCm3,
  thermoCsvLine,
  THERMO_CSV_HEADER,
  NKTV2P,
  type MeanWithError,
  type QuenchSeries,
  type StageKind,
} from '@ionsweep/shared';
import type { Thermo } from '../../md/index.js';

const STAGES: readonly StageKind[] = ['relax', 'melt', 'quench', 'equilibrate', 'production'];
/** step, stage, temperature, potential, kinetic, total, conserved, pressure, volume */
const COLUMNS = 9;

/** Production means of a task's thermo log, each with its batch-means error. */
export interface ThermoMeans {
  /** production rows they come from */
  rows: number;
  temperature_K: MeanWithError;
  pressure_bar: MeanWithError;
  volume_A3: MeanWithError;
  density_g_cm3: MeanWithError;
  potential_eV: MeanWithError;
  total_eV: MeanWithError;
}

export class ThermoLog {
  private data: Float64Array;
  private length = 0;

  constructor(
    /** ps per step */
    private readonly dtPs: number,
    /** the system's mass, amu (for the density) */
    private readonly massAmu: number,
    restored?: Float64Array,
  ) {
    this.data = new Float64Array(Math.max(1024, restored?.length ?? 0));
    if (restored) {
      this.data.set(restored);
      this.length = restored.length / COLUMNS;
    }
  }

  get rows(): number {
    return this.length;
  }

  add(t: Thermo & { stage: string }): void {
    if ((this.length + 1) * COLUMNS > this.data.length) {
      const grown = new Float64Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    const stage = STAGES.indexOf(t.stage as StageKind);
    const row = [t.step, stage, t.temperature, t.potential, t.kinetic, t.total, t.conserved, t.pressure, t.volume];
    this.data.set(row, this.length * COLUMNS);
    this.length++;
  }

  /** The rows as a checkpoint section. */
  section(): Float64Array {
    return this.data.slice(0, this.length * COLUMNS);
  }

  /** Column k of the rows of one stage. */
  private column(k: number, stage: StageKind): number[] {
    const out: number[] = [];
    for (let r = 0; r < this.length; r++) {
      if (STAGES[this.data[r * COLUMNS + 1]] === stage) out.push(this.data[r * COLUMNS + k]);
    }
    return out;
  }

  csv(): string {
    const lines = [THERMO_CSV_HEADER + '\n'];
    for (let r = 0; r < this.length; r++) {
      const c = (k: number) => this.data[r * COLUMNS + k];
      lines.push(
        thermoCsvLine(
          {
            step: c(0),
            time: c(0) * this.dtPs,
            stage: STAGES[c(1)] ?? 'unknown',
            temperature: c(2),
            potential: c(3),
            kinetic: c(4),
            total: c(5),
            conserved: c(6),
            pressure: c(7),
            volume: c(8),
          },
          this.massAmu,
        ),
      );
    }
    return lines.join('');
  }

  /** The quench stage's rows as T (K), V (Å³) and H = E + PV (eV), for the glass transition. */
  quenchSeries(): QuenchSeries {
    const rows = (k: number) => this.column(k, 'quench');
    const [T, V, E, P] = [rows(2), rows(8), rows(5), rows(7)];
    return { T, V, H: E.map((e, i) => e + (P[i] / NKTV2P) * V[i]) };
  }

  /** Means over the production stage, or null when it has no thermo row. */
  productionMeans(): ThermoMeans | null {
    const volume = this.column(8, 'production');
    if (volume.length === 0) return null;
    return {
      rows: volume.length,
      temperature_K: batchMeans(this.column(2, 'production')),
      pressure_bar: batchMeans(this.column(7, 'production')),
      volume_A3: batchMeans(volume),
      density_g_cm3: batchMeans(volume.map((v) => densityGPerCm3(this.massAmu, v))),
      potential_eV: batchMeans(this.column(3, 'production')),
      total_eV: batchMeans(this.column(5, 'production')),
    };
  }
}
