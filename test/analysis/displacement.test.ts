import { describe, expect, it } from 'vitest';
import {
  curvesFromTrajectory,
  DisplacementAccumulator,
  ensembleTransport,
  Rng,
  windowedMsd,
  type DisplacementCurves,
} from '@ionsweep/shared';
import { brownian } from '../helpers/brownian.js';

const spec = {
  pairs: 20,
  frames: 300,
  dtPs: 0.1,
  box: 30,
  q: 0.6,
  dCommon: 0.02,
  dCation: 0.05,
  dAnion: 0.01,
  seed: 4,
  temperature: 1500,
};

function stream(
  b: ReturnType<typeof brownian>,
  opts: { maxLag: number; originEvery: number; lagSpacing?: 'linear' | 'log'; removeDrift?: boolean },
  shuffle = false,
) {
  const acc = new DisplacementAccumulator({
    ...b.config,
    removeDrift: opts.removeDrift ?? false,
    maxLag: opts.maxLag,
    originEvery: opts.originEvery,
    lagSpacing: opts.lagSpacing ?? 'linear',
  });
  const rng = new Rng(99);
  for (const f of b.frames) {
    if (!shuffle) acc.add(f, b.config.ids);
    else {
      // hand the frame over in a random atom order, as the engine's re-sorted memory does
      const n = b.config.ids.length;
      const perm = Array.from({ length: n }, (_, i) => i).sort(() => rng.uniform() - 0.5);
      const pos = new Float64Array(3 * n);
      const ids = new Int32Array(n);
      perm.forEach((o, k) => {
        ids[k] = b.config.ids[o];
        pos.set(f.subarray(3 * o, 3 * o + 3), 3 * k);
      });
      acc.add(pos, ids);
    }
  }
  return acc;
}

const close = (a: Float64Array, b: Float64Array, rel = 1e-9) => {
  for (let k = 1; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(rel * Math.abs(b[k]) + 1e-9);
};

describe('MSD estimators', () => {
  it('the FFT windowed MSD equals the direct double sum', () => {
    const rng = new Rng(1);
    const T = 200;
    const xyz = new Float64Array(3 * T);
    for (let k = 1; k < T; k++) for (let d = 0; d < 3; d++) xyz[3 * k + d] = xyz[3 * (k - 1) + d] + rng.normal();
    const fast = windowedMsd(xyz);
    for (const m of [1, 2, 17, 100, 199]) {
      let s = 0;
      for (let k = 0; k + m < T; k++) for (let d = 0; d < 3; d++) s += (xyz[3 * (k + m) + d] - xyz[3 * k + d]) ** 2;
      expect(fast[m]).toBeCloseTo(s / (T - m), 9);
    }
  });

  it('the streaming multi-origin accumulator gives the same curves as the FFT on the same data', () => {
    const b = brownian(spec);
    const fft = curvesFromTrajectory(b.config, b.frames, windowedMsd);
    const s = stream(b, { maxLag: spec.frames - 1, originEvery: 1 }, true).curves();
    expect(Array.from(s.counts)).toEqual(Array.from(fft.counts));
    for (let k = 0; k < 2; k++) {
      close(s.msd[k], fft.msd[k]);
      close(s.collectiveSpecies[k], fft.collectiveSpecies[k]);
    }
    close(s.selfCharge, fft.selfCharge);
    close(s.collective, fft.collective);
  });

  it('log-spaced lags are the linear curve sampled at those lags', () => {
    const b = brownian(spec);
    const lin = stream(b, { maxLag: 200, originEvery: 5 }).curves();
    const log = stream(b, { maxLag: 200, originEvery: 5, lagSpacing: 'log' }).curves();
    expect(log.lags.length).toBeLessThan(40);
    log.lags.forEach((lag, k) => {
      expect(log.counts[k]).toBe(lin.counts[lag]);
      expect(log.msd[0][k]).toBeCloseTo(lin.msd[0][lag], 9);
      expect(log.collective[k]).toBeCloseTo(lin.collective[lag], 9);
    });
  });

  it('keeps bounded memory and continues exactly from a snapshot', () => {
    const b = brownian(spec);
    const opts = { maxLag: 50, originEvery: 10 };
    const whole = stream(b, opts).curves();
    const first = new DisplacementAccumulator({ ...b.config, removeDrift: false, ...opts, lagSpacing: 'linear' });
    b.frames.slice(0, 137).forEach((f) => first.add(f, b.config.ids));
    const snap = first.snapshot();
    expect(snap.sections.origins.length).toBe((50 / 10 + 1) * 3 * 40); // 6 stored origins, whatever the run length
    const second = new DisplacementAccumulator({ ...b.config, removeDrift: false, ...opts, lagSpacing: 'linear' });
    second.restore(JSON.parse(JSON.stringify({ meta: snap.meta })) && snap);
    b.frames.slice(137).forEach((f) => second.add(f, b.config.ids));
    const c = second.curves();
    expect(Array.from(c.msd[0])).toEqual(Array.from(whole.msd[0]));
    expect(Array.from(c.collective)).toEqual(Array.from(whole.collective));
  });

  it('removes the centre-of-mass drift', () => {
    const b = brownian({ ...spec, drift: 2.0, frames: 400 });
    const withDrift = ensembleTransport([stream(b, { maxLag: 150, originEvery: 2 }).curves()], {
      dtPs: spec.dtPs,
      temperature: 1500,
      volume: b.volume,
    });
    const corrected = ensembleTransport([stream(b, { maxLag: 150, originEvery: 2, removeDrift: true }).curves()], {
      dtPs: spec.dtPs,
      temperature: 1500,
      volume: b.volume,
    });
    // a drift of 2 Å/ps makes the MSD ballistic; removing the centre of mass brings D back
    expect(withDrift.species.Na.D).toBeGreaterThan(5 * b.truth.D.Na);
    expect(Math.abs(corrected.species.Na.D / b.truth.D.Na - 1)).toBeLessThan(0.3);
  });
});

describe('fit window', () => {
  it('skips a ballistic start and reports β ≈ 1 over the window', () => {
    // MSD = 6 D t with a ballistic (t²) start below 1 ps
    const T = 400;
    const dt = 0.05;
    const lags = Int32Array.from({ length: T }, (_, i) => i);
    const msd = Float64Array.from(lags, (l) => {
      const t = l * dt;
      return t < 1 ? 6 * 0.1 * t * t : 6 * 0.1 * (t - 0.5);
    });
    const curves: DisplacementCurves = {
      lags,
      counts: Float64Array.from(lags, (l) => T - l),
      speciesNames: ['Na'],
      speciesCounts: [1],
      msd: [msd],
      selfCharge: msd,
      collective: msd,
      collectiveSpecies: [msd],
    };
    const r = ensembleTransport([curves], { dtPs: dt, temperature: 1000, volume: 1000 });
    expect(r.fit_window_ps[0]).toBeGreaterThan(1.5);
    expect(r.diffusive).toBe(true);
    expect(Math.abs(r.species.Na.beta - 1)).toBeLessThan(0.1);
    expect(r.species.Na.D).toBeCloseTo(0.1e-4, 7);
  });
});
