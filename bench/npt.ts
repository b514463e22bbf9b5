/**
 * `npm run bench:npt` — NPT against LAMMPS `fix npt` over long runs, both of ionsweep's barostats: mean volume at 1 bar (the
 * 2 % criterion), the volume spread, and the compressibility both ways, from the fluctuations
 * (σ_V² / (k_B T ⟨V⟩)) and from the response (the mean volumes at 1 and `--p2` bar).
 *
 * System: the NPT test's (NS9, 300 atoms of ns-buck-2026 at an 8 Å cutoff, built at 1.95 g/cm³
 * and relaxed), 2000 K, pdamp 1 ps. Options: --ps T (default 100), --p2 P (default 10000: 300 atoms
 * breathe by more than 2 kbar squeezes them), --seed S (default 4321).
 * Writes bench/results/npt.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { BOLTZMANN_EV, NKTV2P } from '@ionsweep/shared';
import { configurationFromState } from '@ionsweep/node-agent';
import { repoPath } from './lib/engine.js';
import { smallSystem } from './lib/systems.js';
import { lammpsNpt, oursNpt, summarize, type VolumeSummary } from './lib/npt.js';
import { numberArg } from './lib/args.js';

const ps = numberArg('ps', 100);
const p2 = numberArg('p2', 10000);
/** the velocities' seed (one start; independent starts measure the error better than blocks) */
const seed = numberArg('seed', 4321);
const T = 2000;

const { state: s, ff } = smallSystem(300, 4, 8);
const conf = configurationFromState(s, 'bench:npt start', false);

/** β_T in 1/bar from the volume fluctuations. */
const betaFluct = (v: VolumeSummary) => v.sd ** 2 / (BOLTZMANN_EV * T * v.mean) / NKTV2P;

const out: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, ps, seed, atoms: s.n };
for (const [name, run] of [
  ['ionsweep', oursNpt],
  ['ionsweep_mtk', (c, f, o) => oursNpt(c, f, { ...o, barostat: 'mtk' })],
  ['lammps', lammpsNpt],
] as const satisfies readonly (readonly [string, typeof oursNpt])[]) {
  const at = (pressureBar: number) =>
    summarize(
      run(conf, ff, { temperature: T, pressureBar, pdampPs: 1, steps: (ps + 2) * 1000, discard: 2000, seed }),
      10,
    );
  const started = performance.now();
  const [low, high] = [at(1), at(p2)];
  const betaResponse = (low.mean - high.mean) / (0.5 * (low.mean + high.mean)) / (p2 - 1);
  const errResponse = Math.hypot(low.err, high.err) / low.mean / (p2 - 1);
  out[name] = {
    at_1_bar: low,
    [`at_${p2}_bar`]: high,
    compressibility_fluctuation_per_bar: betaFluct(low),
    compressibility_response_per_bar: betaResponse,
    compressibility_response_err: errResponse,
    seconds: (performance.now() - started) / 1000,
  };
  console.log(
    `${name}: <V>(1 bar) ${low.mean.toFixed(0)} ± ${low.err.toFixed(0)} Å³ (sd ${low.sd.toFixed(0)}), ` +
      `<V>(${p2} bar) ${high.mean.toFixed(0)} ± ${high.err.toFixed(0)}; β_T fluctuation ${betaFluct(low).toExponential(2)}, ` +
      `response ${betaResponse.toExponential(2)} ± ${errResponse.toExponential(1)} /bar`,
  );
}
const theirs = (out.lammps as { at_1_bar: VolumeSummary }).at_1_bar;
for (const [name, key] of [
  ['', 'ionsweep'],
  ['_mtk', 'ionsweep_mtk'],
] as const) {
  const ours = (out[key] as { at_1_bar: VolumeSummary }).at_1_bar;
  const ratio = ours.mean / theirs.mean;
  const err = Math.hypot(ours.err / ours.mean, theirs.err / theirs.mean);
  out[`mean_volume_ratio${name}`] = ratio;
  out[`mean_volume_ratio${name}_err`] = err;
  console.log(`mean volume at 1 bar, ${key} / LAMMPS: ${ratio.toFixed(4)} ± ${err.toFixed(4)}`);
}
mkdirSync(repoPath('bench/results'), { recursive: true });
writeFileSync(repoPath('bench/results/npt.json'), JSON.stringify(out, null, 1) + '\n');
