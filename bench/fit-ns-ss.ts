/**
 * `npm run fit:ns-ss` — the reproducible fit of ns-ss-2026's S–S bond, and its structural targets.
 *
 * 1. The bond (instant). ns-ss-2026 is ns-buck-2026 plus a Tersoff S–S bond that *cancels* the
 *    Born S–S wall where sulfur is at most two-fold, and only there. The pair term stays the
 *    ns-buck wall P(r) = A_SS e^{−r/ρ} − C/r⁶ (110000 eV, 0.284 Å), so non-bonded S–S keep their
 *    repulsion at 3–3.5 Å (without it Si turns six-fold: measured, docs/forcefield-ns-ss.md);
 *    only C is lowered from 1000 to 500 eV·Å⁶, because with the full dispersion no S–S well
 *    shallower than ≈ −2.5 eV can sit at 2.05 Å with a positive curvature. The Tersoff
 *    attraction decays as the wall (λ2 = 1/ρ): b B e^{−λ2 r} outweighs it when the bond order b
 *    is high (ζ ≤ 1: at most one other neighbour, S or Si) and falls short when it is low
 *    (ζ ≥ 2: a third bond), so a third S–S bond is repulsive. β = 0.7 and n = 10 give
 *    b(ζ = 1) = 0.9986 and b(ζ = 2) = 0.844. λ1 = 2.5 λ2; A and B solve V(r0) = E and V'(r0) = 0
 *    for the chain bond of neutral sulfur (b = b(ζ = 1)), V = P + A e^{−λ1 r} − b B e^{−λ2 r}.
 *    Targets: r0 = 2.05 Å (S8 and polysulfide chains, 2.04–2.06 Å); E = −1.5 eV, the one number
 *    fitted to the melts: the N_Si (m − 2) S–S bonds of chemically ordered NS9 at m = 4 without
 *    pulling S off Si (deeper wells, −2.7 eV as S8's 2.74 eV bond energy, strip Si down to
 *    two-fold S; docs/forcefield-ns-ss.md lists the variants measured). The curvature that
 *    follows, 13.4 eV/Å², is an S–S stretch at ≈ 480 cm⁻¹, S8's. Angles: g(θ) minimal at
 *    cos θ0 = cos 106° (S8 and polymeric sulfur), c = d = 1. A Si neighbour of S counts as two
 *    (S-S-Si: γ = 2 within 2.6 ± 0.15 Å): an S bonded to Si takes no S–S bond (with γ = 1, S
 *    bonded to one Si bonded S at m = 2: 112 S–S bonds in 1900 S).
 *    `--write` puts the result into examples/forcefields/ns-ss-2026.yaml.
 * 2. The targets (`--targets [scheme]`, ≈ 20 min on 2 cores): NS9 and NS melts at
 *    m = 2, 3, 4, 5 and liquid sulfur, each built, melted at 3000 K, quenched to 1500 K (600 K
 *    for sulfur) and analysed with `ionsweep structure` over 6 ps; the summaries go to
 *    bench/results/ns-ss-targets-<scheme>.json, read by docs/forcefield-ns-ss.md.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeStructure, type StructureReport, type StructureSummary } from '@ionsweep/shared';
import { BIN } from './lib/cli-process.js';
import { repoPath } from './lib/engine.js';

const FF_FILE = repoPath('examples/forcefields/ns-ss-2026.yaml');

/** ns-buck-2026's S–S Born wall, with C lowered from 1000 (see above). */
const BORN_SS = { A: 110000, rho: 0.284, C: 500 };
const TARGET = { r0: 2.05, E: -1.5 };
const LAMBDA_RATIO = 2.5;
const BOND_ORDER = { beta: 0.7, n: 10 };
const ANGLE = { h: Math.cos((106 * Math.PI) / 180), c: 1, d: 1 };
const CUTOFF_SS = { R: 3.0, D: 0.15 };
const CUTOFF_SSI = { R: 2.6, D: 0.15, gamma: 2 };

const lambda2 = 1 / BORN_SS.rho;
const bondOrder = (zeta: number) => (1 + (BOND_ORDER.beta * zeta) ** BOND_ORDER.n) ** (-1 / (2 * BOND_ORDER.n));
const pairSS = (r: number) => BORN_SS.A * Math.exp(-r / BORN_SS.rho) - BORN_SS.C / r ** 6;

/** The S–S potential (pair term + Tersoff inside its cutoff) for bond order b. */
function bondPotential(p: { A: number; B: number; lambda1: number }, b: number) {
  return (r: number) => pairSS(r) + p.A * Math.exp(-p.lambda1 * r) - b * p.B * Math.exp(-lambda2 * r);
}

/** A and B from V(r0) = E and V'(r0) = 0: two linear equations. */
function fitBond(): { A: number; B: number; lambda1: number } {
  const b1 = bondOrder(1);
  const lambda1 = LAMBDA_RATIO * lambda2;
  const r = TARGET.r0;
  const h = 1e-5;
  const dP = (pairSS(r + h) - pairSS(r - h)) / (2 * h);
  const e1 = Math.exp(-lambda1 * r);
  const e2 = Math.exp(-lambda2 * r);
  // [e1, −b1 e2; −λ1 e1, λ2 b1 e2] (A, B) = (E − P, −P')
  const det = e1 * lambda2 * b1 * e2 - b1 * e2 * lambda1 * e1;
  const rhs = [TARGET.E - pairSS(r), -dP];
  const A = (rhs[0] * lambda2 * b1 * e2 + b1 * e2 * rhs[1]) / det;
  const B = (e1 * rhs[1] + lambda1 * e1 * rhs[0]) / det;
  return { A, B, lambda1 };
}

/** The `manybody:` block of the force-field file, in block YAML. */
function tersoffBlock(p: { A: number; B: number; lambda1: number }): string {
  const two = { n: BOND_ORDER.n, beta: BOND_ORDER.beta, lambda2, B: p.B, lambda1: p.lambda1, A: p.A };
  const entry = (name: string, e: Record<string, number>) =>
    [`      ${name}:`, ...Object.entries(e).map(([k, v]) => `        ${k}: ${Number(v.toPrecision(12))}`)].join('\n');
  const inert = ['S-Si-S', 'S-Si-Si', 'Si-S-S', 'Si-S-Si', 'Si-Si-S', 'Si-Si-Si'].map((t) => `      ${t}: inert`);
  return [
    'manybody:',
    '  tersoff:',
    '    elements: [Si, S]',
    '    entries:',
    '      # written by bench/fit-ns-ss.ts (npm run fit:ns-ss -- --write): the S–S bond',
    entry('S-S-S', { m: 1, gamma: 1, lambda3: 0, c: ANGLE.c, d: ANGLE.d, h: ANGLE.h, ...two, ...CUTOFF_SS }),
    '      # a Si neighbour of S counts as two neighbours in the bond order of its S–S bonds',
    entry('S-S-Si', {
      m: 1,
      gamma: CUTOFF_SSI.gamma,
      lambda3: 0,
      c: 0,
      d: 1,
      h: 0,
      ...two,
      R: CUTOFF_SSI.R,
      D: CUTOFF_SSI.D,
    }),
    ...inert,
  ].join('\n');
}

/**
 * The whole force-field file: ns-buck-2026 with its name and provenance replaced, the S–S
 * dispersion lowered and the Tersoff block added.
 */
function forceFieldFile(p: { A: number; B: number; lambda1: number }): string {
  const base = readFileSync(repoPath('examples/forcefields/ns-buck-2026.yaml'), 'utf8');
  const body = base.slice(base.indexOf('elements:'));
  const ss = '    - buckingham: { A: 110000.0, rho: 0.284, C: 1000.0 }';
  if (!body.includes(ss)) throw new Error('ns-buck-2026.yaml no longer has the S–S line this fit starts from');
  const header = `# ns-ss-2026 (candidate): ns-buck-2026 plus a Tersoff S–S bond that forms homopolar S–S bonds where
# sulfur is at most two-fold. It does not yet meet its structural targets (Si loses S at m > 2):
# docs/forcefield-ns-ss.md. Written by bench/fit-ns-ss.ts (npm run fit:ns-ss -- --write).
# Units: LAMMPS metal (eV, Å, e, amu). Export: ionsweep forcefield export FILE --lammps DIR --types Na,Si,S
name: ns-ss-2026
provenance:
  text: >
    Derived, not the force field of the paper (Micoulaut, PRL 134, 036303, 2025, used the
    Born–Mayer set of Dive et al. 2018, not publicly readable). Pairs and charges are ns-buck-2026
    (see its provenance) except the S–S dispersion, C = ${BORN_SS.C} eV·Å⁶ instead of 1000. A Tersoff S–S
    term (LAMMPS pair_style tersoff) adds the homopolar bond: its attraction decays as the Born
    S–S wall (λ2 = 1/ρ = ${lambda2.toPrecision(8)} Å⁻¹) and cancels it when the bond order is high (each S
    at most two-fold, a Si neighbour counting as two), so a third bond is repulsive. λ1 = ${LAMBDA_RATIO} λ2;
    A and B put the neutral chain bond at r0 = ${TARGET.r0} Å (S8, polysulfides) with depth ${TARGET.E} eV, the
    depth fitted to the N_Si (m − 2) S–S bonds of chemically ordered NS9 at m = 4; the curvature
    that follows is S8's S–S stretch (≈ 480 cm⁻¹). Bond order β = ${BOND_ORDER.beta}, n = ${BOND_ORDER.n};
    angular term minimal at 106° (S8 and polymeric sulfur), c = d = 1. The fit, the variants tried
    and every structural target measured: docs/forcefield-ns-ss.md.
  citations:
    - M. Micoulaut, Phys. Rev. Lett. 134, 036303 (2025)
    - J. Tersoff, Phys. Rev. B 37, 6991 (1988) — the bond-order form
    - B. Meyer, Chem. Rev. 76, 367 (1976) — elemental sulfur (S–S 2.05 Å, S–S–S 106–108°)
    - Phys. Rev. B 107, 214205 (2023) — Li–Si–S Buckingham set (S–S, Si–S, Si–Si of ns-buck-2026)
    - C. J. Fennell and J. D. Gezelter, J. Chem. Phys. 124, 234104 (2006) — damped shifted force
`;
  const pairs = body.replace(ss, `    - buckingham: { A: 110000.0, rho: 0.284, C: ${BORN_SS.C.toFixed(1)} }`);
  return header + pairs.replace(/^cutoff: /m, `${tersoffBlock(p)}\ncutoff: `);
}

function reportBond(p: { A: number; B: number; lambda1: number }) {
  const V = bondPotential(p, bondOrder(1));
  const h = 1e-4;
  const k = (V(TARGET.r0 + h) - 2 * V(TARGET.r0) + V(TARGET.r0 - h)) / (h * h);
  // ω = √(k/μ), μ = m_S/2; 1 eV/Å² = 16.0218 N/m; wavenumber ω / 2πc
  const wavenumber = Math.sqrt((k * 16.0218) / ((32.065 / 2) * 1.66053907e-27)) / (2 * Math.PI * 2.99792458e10);
  console.log(`curvature at r0: ${k.toFixed(2)} eV/Å² (S–S stretch ≈ ${wavenumber.toFixed(0)} cm⁻¹)`);
  console.log(
    `S–S bond fit: A = ${p.A.toPrecision(10)} eV, B = ${p.B.toPrecision(10)} eV, λ1 = ${p.lambda1.toPrecision(8)} Å⁻¹, λ2 = ${lambda2.toPrecision(8)} Å⁻¹`,
  );
  for (const zeta of [0, 1, 1.5, 2, 3]) {
    const b = bondOrder(zeta);
    const V = bondPotential(p, b);
    let best = { r: 0, v: Infinity };
    for (let r = 1.5; r <= CUTOFF_SS.R - CUTOFF_SS.D; r += 0.001) if (V(r) < best.v) best = { r, v: V(r) };
    console.log(
      `  ζ = ${zeta}: b = ${b.toFixed(4)}, deepest ${best.v.toFixed(3)} eV at ${best.r.toFixed(3)} Å` +
        (best.r > CUTOFF_SS.R - CUTOFF_SS.D - 0.01 ? ' (no bond: the wall wins inside the cutoff)' : ''),
    );
  }
}

// ---- targets ----

interface System {
  name: string;
  args: string[];
  temperature: number;
  /** bond cutoffs (`ionsweep structure --cutoffs`) */
  cutoffs: string;
}

const CUTOFFS = 'S-S=2.5,Si-S=2.7,Na-S=3.4';

const SYSTEMS: System[] = [
  ...[2, 3, 4, 5].map((m) => ({
    name: `NS9 m=${m}`,
    args: ['--x', '0.1', '--m', String(m), '--atoms', '1000', '--box', '29.54'],
    temperature: 1500,
    cutoffs: CUTOFFS,
  })),
  ...[2, 3, 4, 5].map((m) => ({
    name: `NS m=${m}`,
    args: ['--x', '0.5', '--m', String(m), '--atoms', '1000', '--density', '2.0'],
    temperature: 1500,
    cutoffs: CUTOFFS,
  })),
  { name: 'sulfur', args: ['--counts', 'S=600', '--density', '1.8'], temperature: 600, cutoffs: 'S-S=2.5' },
];

function protocol(T: number): string {
  return [
    'timestep_fs: 1',
    'thermo_every: 500',
    'checkpoint_every: 10000',
    'stages:',
    '  - relax: { max_steps: 300, fmax: 1.0 }',
    '  - melt: { temperature: 3000, duration_ps: 6, thermostat: csvr, tdamp_ps: 0.1 }',
    `  - quench: { from: 3000, to: ${T}, rate_K_per_ps: 250, thermostat: nvt, tdamp_ps: 0.1 }`,
    `  - equilibrate: { temperature: ${T}, duration_ps: 4, thermostat: nvt, tdamp_ps: 0.1 }`,
    `  - production: { temperature: ${T}, duration_ps: 6, thermostat: nvt, tdamp_ps: 0.1, sample_every: 50 }`,
  ].join('\n');
}

function cli(args: string[], log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${log}: ionsweep ${args[0]} failed: ${err}`))));
  });
}

async function runSystem(sys: System, dir: string, scheme: string) {
  const d = join(dir, sys.name.replace(/[^A-Za-z0-9]+/g, '-'));
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'protocol.yaml'), protocol(sys.temperature));
  await cli(
    [
      'build',
      ...sys.args,
      '--forcefield',
      FF_FILE,
      '--charge-neutrality',
      scheme,
      '--seed',
      '3',
      '--relax-steps',
      '0',
      '--out',
      join(d, 'start.data'),
    ],
    sys.name,
  );
  await cli(['md', 'run', '--data', join(d, 'start.data'), '--forcefield', FF_FILE, '--protocol', join(d, 'protocol.yaml'),
    '--structure', '--structure-every', '500', '--cutoffs', sys.cutoffs, '--out', d], sys.name); // prettier-ignore
  return summarizeStructure(JSON.parse(readFileSync(join(d, 'structure.json'), 'utf8')) as StructureReport);
}

async function targets(scheme: string) {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-fit-ns-ss-'));
  const queue = [...SYSTEMS];
  const out: Record<string, StructureSummary> = {};
  const worker = async () => {
    for (let sys = queue.shift(); sys; sys = queue.shift()) {
      const t0 = Date.now();
      try {
        // pure sulfur: rescaling the only anion against no cation makes it neutral
        out[sys.name] = await runSystem(sys, dir, sys.name === 'sulfur' ? 'rescale-anion' : scheme);
        console.log(`  ${sys.name}: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      } catch (err) {
        console.log(`  ${sys.name}: FAILED (${(err as Error).message}); the others go on`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

/** Every target of the issue, measured: [what, value, wanted, met]; met is null for rows that only report. */
function targetTable(measured: Record<string, StructureSummary>): [string, string, string, boolean | null][] {
  const rows: [string, string, string, boolean | null][] = [];
  const within = (v: number, lo: number, hi: number) => v >= lo && v <= hi;
  const peak = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)} Å`);
  for (const [name, s] of Object.entries(measured)) {
    const nS = s.atoms.S ?? 0;
    const nSi = s.atoms.Si ?? 0;
    const ss = s.pairs['S-S'];
    if (name === 'sulfur') {
      rows.push([`${name}: S coordination by S`, ss.cn.S.toFixed(2), '1.8–2.1', within(ss.cn.S, 1.8, 2.1)]);
      rows.push([
        `${name}: S–S bond (first peak)`,
        peak(ss.first_peak),
        '2.0–2.1 Å',
        within(ss.first_peak ?? 0, 2.0, 2.1),
      ]);
      continue;
    }
    const m = s.constraints.m ?? 0;
    if (m < 2.5) {
      const per100 = (100 * ss.bonds) / nS;
      rows.push([`${name}: S–S bonds per 100 S`, per100.toFixed(2), '< 1', per100 < 1]);
    } else {
      const ordered = nSi * (m - 2);
      rows.push([
        `${name}: S–S bonds`,
        `${ss.bonds.toFixed(0)} (${((100 * ss.bonds) / ordered - 100).toFixed(0)} %)`,
        `${ordered.toFixed(0)} ± 20 %`,
        Math.abs(ss.bonds / ordered - 1) <= 0.2,
      ]);
      rows.push([
        `${name}: S–S bond (first peak)`,
        peak(ss.first_peak),
        '2.0–2.1 Å',
        within(ss.first_peak ?? 0, 2.0, 2.1),
      ]);
      const sss = s.angles['S-S-S'];
      rows.push([
        `${name}: S–S–S angle`,
        sss === null || sss === undefined ? '—' : `${sss.toFixed(1)}°`,
        '100–115°',
        sss !== null && sss !== undefined && within(sss, 100, 115),
      ]);
      const over = (100 * s.network.overCoordinatedAnions) / nS;
      rows.push([`${name}: S with ≥ 3 S neighbours`, `${over.toFixed(1)} %`, '< 5 %', over < 5]);
      rows.push([
        `${name}: S–S bonds apart from the network`,
        `${s.network.homopolarApart.toFixed(0)} of ${ss.bonds.toFixed(0)}`,
        '(measured)',
        null,
      ]);
    }
    const siS = s.pairs['Si-S'];
    rows.push([`${name}: Si coordination`, siS.cn.Si.toFixed(2), '3.85–4.15', within(siS.cn.Si, 3.85, 4.15)]);
    rows.push([
      `${name}: Si–S first peak`,
      peak(siS.first_peak),
      '2.10–2.18 Å',
      within(siS.first_peak ?? 0, 2.1, 2.18),
    ]);
    const naS = s.pairs['Na-S'];
    rows.push([`${name}: Na–S first peak`, peak(naS.first_peak), '2.75–3.0 Å', within(naS.first_peak ?? 0, 2.75, 3.0)]);
    rows.push([
      `${name}: f_MD (Eq. 1)`,
      `${s.constraints.f_md.toFixed(3)} (${s.constraints.f_eq1?.toFixed(3)})`,
      '(measured)',
      null,
    ]);
  }
  return rows;
}

const args = process.argv.slice(2);
const bond = fitBond();
reportBond(bond);
if (args.includes('--write')) {
  writeFileSync(FF_FILE, forceFieldFile(bond));
  console.log(`wrote ${FF_FILE}`);
}
function printTable(table: [string, string, string, boolean | null][]) {
  for (const [what, value, wanted, met] of table)
    console.log(
      `  ${met === null ? '    ' : met ? 'met ' : 'MISS'}  ${what.padEnd(44)} ${value.padEnd(16)} wanted ${wanted}`,
    );
  const judged = table.filter((r) => r[3] !== null);
  console.log(`${judged.filter((r) => r[3]).length} of ${judged.length} targets met`);
}

const scheme = (flag: string) => {
  const v = args[args.indexOf(flag) + 1];
  return v === undefined || v.startsWith('--') ? 'rescale-anion' : v;
};
const resultsFile = (s: string) => repoPath(`bench/results/ns-ss-targets-${s}.json`);
if (args.includes('--targets')) {
  const s = scheme('--targets');
  console.log(`targets (${s}): ${SYSTEMS.length} systems, 2 at a time`);
  const measured = await targets(s);
  const table = targetTable(measured);
  printTable(table);
  mkdirSync(repoPath('bench/results'), { recursive: true });
  writeFileSync(
    resultsFile(s),
    JSON.stringify({ date: new Date().toISOString(), scheme: s, targets: table, measured }, null, 1) + '\n',
  );
  console.log(`wrote bench/results/ns-ss-targets-${s}.json`);
}
if (args.includes('--table')) {
  // the table again from stored measurements (after a change to how targets are judged)
  const s = scheme('--table');
  const stored = JSON.parse(readFileSync(resultsFile(s), 'utf8')) as { measured: Record<string, StructureSummary> };
  const table = targetTable(stored.measured);
  printTable(table);
  writeFileSync(resultsFile(s), JSON.stringify({ ...stored, targets: table }, null, 1) + '\n');
}
