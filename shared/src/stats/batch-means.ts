/**
 * The mean of a correlated time series (a thermo log's pressure, density, energy) with its
 * standard error by batch means: the series is cut into `blocks` contiguous blocks of equal
 * length, and the block means, nearly independent once a block is much longer than the
 * series' correlation time, give the error (Flyvbjerg & Petersen, J. Chem. Phys. 91, 461,
 * 1989; the fixed-count form of Allen & Tildesley, "Computer Simulation of Liquids", §8.4).
 * The interval uses Student's t with blocks − 1 degrees of freedom. A few leading values that
 * do not fill a block are dropped (the start is the least equilibrated part).
 */
import { studentTQuantile } from './student-t.js';

export interface MeanWithError {
  mean: number;
  /** standard error of the mean, or null when the series is too short for `blocks` blocks */
  err: number | null;
  /** 95 % interval, or null with err */
  ci95: [number, number] | null;
  /** values per block (0 when there is no error) */
  blockLength: number;
}

export const DEFAULT_BLOCKS = 8;

export function batchMeans(values: ArrayLike<number>, blocks = DEFAULT_BLOCKS): MeanWithError {
  const n = values.length;
  if (n === 0) throw new Error('batchMeans: no values');
  const length = Math.floor(n / blocks);
  if (length < 1) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[i];
    return { mean: sum / n, err: null, ci95: null, blockLength: 0 };
  }
  const start = n - length * blocks;
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) {
    let sum = 0;
    for (let i = start + b * length; i < start + (b + 1) * length; i++) sum += values[i];
    means.push(sum / length);
  }
  const mean = means.reduce((a, m) => a + m, 0) / blocks;
  const variance = means.reduce((a, m) => a + (m - mean) ** 2, 0) / (blocks - 1);
  const err = Math.sqrt(variance / blocks);
  const t = studentTQuantile(0.975, blocks - 1);
  return { mean, err, ci95: [mean - t * err, mean + t * err], blockLength: length };
}
