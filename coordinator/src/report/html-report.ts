/**
 * A self-contained HTML report of a sweep: the plots inline as SVG (Fig. 3a, 3b, 4 and the
 * model's Fig. 1 analogues), tables with error bars, and provenance (code version, force field,
 * seeds, protocol, machine). One file, no external assets.
 */
import { cpus, totalmem, type as osType, release } from 'node:os';
import {
  escapeXml,
  figure1Svg,
  compileRigidityOptions,
  rigidityPoint,
  type ForceFieldDescriptor,
  type SweepSpec,
} from '@ionsweep/shared';
import type { ArrheniusEntry, SweepResults } from '../aggregator/aggregate.js';
import { paperClaims } from '../aggregator/paper-claims.js';
import type { SweepCost } from '../aggregator/cost.js';
import {
  activationFigure,
  arrheniusFigure,
  conductivityFigure,
  diffusivityFigure,
  glassFigure,
  structureFigure,
} from './sweep-figures.js';

export interface ReportInputs {
  results: SweepResults;
  sweep: SweepSpec | null;
  forcefield: ForceFieldDescriptor | null;
  /** seeds of the tasks, by (x, m, T, replica) */
  seeds: { x: number; m: number; temperature: number; replica: number; seed: number }[];
  codeVersion: string;
  generatedAt: string;
  /** what the tasks cost (cost.json), when known */
  cost?: SweepCost | null;
}

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toExponential(digits - 1);
const pm = (v: number, e: number | null | undefined) =>
  e === null || e === undefined ? fmt(v) : `${fmt(v)} ± ${fmt(e, 2)}`;
const esc = (s: string) => escapeXml(s);

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function pointsTable(r: SweepResults): string {
  const species = [...new Set(r.points.flatMap((p) => Object.keys(p.species)))].sort();
  return table(
    [
      'x',
      'm',
      'T (K)',
      'replicas',
      ...species.map((s) => `D ${s} (cm²/s)`),
      'σ_self (S/cm)',
      'σ_full (S/cm)',
      'Haven (Na)',
      'β (Na)',
      'fit window (ps)',
      'ρ (g/cm³)',
      'P (bar)',
    ],
    r.points.map((p) => [
      p.x.toFixed(3),
      p.m.toFixed(3),
      String(p.temperature),
      p.adaptive ? `${p.replicas} (${p.adaptive.stopped ?? 'growing'})` : String(p.replicas),
      ...species.map((s) => (p.species[s] ? pm(p.species[s].D, p.species[s].D_err) : '—')),
      pm(p.sigma_self, p.sigma_self_err),
      pm(p.sigma_full, p.sigma_full_err),
      pm(p.haven_ratio, p.haven_ratio_err),
      p.species.Na ? p.species.Na.beta.toFixed(2) + (p.species.Na.diffusive ? '' : ' (not diffusive)') : '—',
      `${p.fit_window_ps[0].toPrecision(3)}–${p.fit_window_ps[1].toPrecision(3)}`,
      // older results.json files predate the density
      p.density_g_cm3 === undefined ? '—' : pm(p.density_g_cm3, p.density_err),
      // and the production pressure
      p.pressure_bar ? pm(p.pressure_bar.mean, p.pressure_bar.err) : '—',
    ]),
  );
}

function arrheniusTable(r: SweepResults): string {
  const ea = (f: { EA_eV: number; EA_err: number; non_arrhenius: boolean; EA_caveat?: string | null } | null) =>
    f
      ? `${f.EA_eV.toFixed(3)} ± ${f.EA_err.toFixed(3)}${f.non_arrhenius ? ' (curved)' : ''}${f.EA_caveat ? ` (${f.EA_caveat})` : ''}`
      : '—';
  const glass = r.arrhenius.some((a) => a.glass);
  const tg = (g: ArrheniusEntry['glass']) =>
    g
      ? `${g.tg_volume_K.toFixed(0)} (${g.tg_volume_ci95[0].toFixed(0)}–${g.tg_volume_ci95[1].toFixed(0)})${g.at_edge ? ', not bracketed' : ''}`
      : '—';
  return table(
    [
      'x',
      'm',
      'm_c(x)',
      'E_A of D_Na (eV)',
      'E_A of σ_self·T (eV)',
      'E_A of σ_full·T (eV)',
      ...(glass ? ['Tg from V(T), K (95 %)'] : []),
    ],
    r.arrhenius.map((a) => [
      a.x.toFixed(3),
      a.m.toFixed(3),
      a.m_c === null ? '—' : a.m_c.toFixed(3),
      ea(a.D_Na),
      ea(a.sigma),
      ea(a.sigma_full),
      ...(glass ? [tg(a.glass)] : []),
    ]),
  );
}

function modelFigure(r: SweepResults): string {
  const opts = compileRigidityOptions();
  const xs = Array.from({ length: 134 }, (_, i) => i * 0.0025);
  return figure1Svg(
    [2, 3, 4].flatMap((m) => xs.map((x) => rigidityPoint(x, m, opts))),
    `the sweep's x = ${[...new Set(r.points.map((p) => p.x))].map((x) => x.toFixed(3)).join(', ')}`,
  );
}

function provenance(inp: ReportInputs): string {
  const s = inp.sweep;
  const ff = inp.forcefield;
  const machine = `${osType()} ${release()}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const rows: [string, string][] = [
    ['code', inp.codeVersion],
    ['generated', inp.generatedAt],
    ['machine (report)', machine],
  ];
  const c = inp.cost;
  if (c)
    rows.push([
      'cost',
      `${c.core_hours.toFixed(2)} core-hours over ${c.tasks} tasks (wall time × threads of each task${c.resumed ? `; ${c.resumed} resumed, their cost scaled from their last attempt` : ''})`,
    ]);
  if (s) {
    rows.push(
      [
        'sweep',
        `${s.name}: ${s.points.length} compositions × ${s.temperatures.length} temperatures × ${s.replicas} replicas; seed ${s.seed}`,
      ],
      [
        'system',
        `${s.atoms ?? "each point's own number of"} atoms, ${s.box !== null ? `fixed box ${s.box} Å` : `density ${s.density} g/cm³`}, charge neutrality ${s.chargeNeutrality}${s.cutoff !== null ? `, cutoff ${s.cutoff} Å` : ''}`,
      ],
      [
        'MD engine',
        s.engine === 'lammps'
          ? `LAMMPS (${[...s.lammps.mpi, s.lammps.binary, ...s.lammps.args].join(' ')}): ionsweep writes each task's input and analyses its dump; the version and input are in each task's result`
          : 'ionsweep',
      ],
      [
        'protocol',
        `dt ${s.protocol.timestepFs} fs; melt ${s.protocol.melt.temperature} K for ${s.protocol.melt.durationPs} ps (${s.protocol.melt.thermostat}); quench ${s.protocol.quenchRateKPerPs} K/ps; equilibrate ${s.protocol.equilibratePs} ps; production ${s.protocol.productionPs} ps (${s.protocol.thermostat}, Tdamp ${s.protocol.tdampPs} ps), sampled every ${s.protocol.sampleEvery} steps`,
      ],
    );
  }
  if (ff) {
    rows.push(
      ['force field', `${ff.name}: ${ff.provenance.text}`],
      ['citations', ff.provenance.citations.join('; ') || '—'],
    );
    rows.push([
      'Coulomb',
      ff.coulomb.method === 'dsf'
        ? `DSF, α = ${ff.coulomb.alpha} Å⁻¹, rc = ${ff.coulomb.cutoff} Å`
        : `Ewald, rc = ${ff.coulomb.cutoff} Å`,
    ]);
  }
  const charges = inp.results.points[0]?.charges;
  if (charges)
    rows.push([
      'charges used (first point)',
      Object.entries(charges)
        .map(([e, q]) => `${e} ${q.toPrecision(6)}`)
        .join(', '),
    ]);
  const seeds = inp.seeds.length
    ? `<details><summary>replica seeds (${inp.seeds.length})</summary>${table(
        ['x', 'm', 'T (K)', 'replica', 'seed'],
        inp.seeds.map((t) => [
          t.x.toFixed(3),
          t.m.toFixed(3),
          String(t.temperature),
          String(t.replica),
          String(t.seed),
        ]),
      )}</details>`
    : '';
  return table(['', ''], rows) + seeds;
}

/** Results collected with tasks missing (collect --partial) say so before anything else. */
function partialBanner(r: ReportInputs['results']): string {
  if (!r.partial) return '';
  const m = r.partial.missing;
  return `<p class="partial"><strong>Partial results:</strong> ${m.length} of ${r.partial.tasks} tasks have no result yet (plan indices ${esc(m.slice(0, 30).join(', '))}${m.length > 30 ? ', …' : ''}); points lack those replicas.</p>\n`;
}

export function renderReport(inp: ReportInputs): string {
  const r = inp.results;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ionsweep report — ${esc(r.sweep)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.8em 0; }
th, td { border: 1px solid #ddd; padding: 3px 7px; text-align: right; vertical-align: top; white-space: nowrap; }
td:last-child { white-space: normal; }
th { background: #f3f3f3; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9em; }
.partial { background: #fff3cd; border: 1px solid #e0c36b; padding: 0.6em 1em; }
.verdict { font-weight: bold; } .reproduced { color: #1a7f37; } .not-reproduced { color: #b42318; }
</style></head><body>
<h1>ionsweep report: ${esc(r.sweep)}</h1>
${partialBanner(r)}<p class="note">Ionic transport of x Na₂S – (1−x) SiS<sub>m</sub> melts from molecular dynamics, after M. Micoulaut, Phys. Rev. Lett. 134, 036303 (2025). Errors are standard errors over replicas; σ_self is Nernst–Einstein, σ_full the paper's Eq. 5 with all cross-correlations. β is the log–log slope of the Na MSD over the fit window, the last half decade of lags with at least half the time origins; “not diffusive” marks points where |β − 1| > 0.1: their D is an apparent, long-time slope, not a converged diffusivity.</p>
${claimsSection(r)}
<h2>Diffusivities (Fig. 3a)</h2><figure>${diffusivityFigure(r)}</figure>
<h2>Conductivity (Fig. 3b)</h2><figure>${conductivityFigure(r)}</figure>
<h2>Activation energies (Fig. 4)</h2><figure>${activationFigure(r)}</figure>
${arrheniusTable(r)}
${arrheniusSection(r)}
${glassSection(r)}
<h2>All points</h2>
${pointsTable(r)}
${structureSection(r)}
<h2>The rigidity model (Fig. 1)</h2><figure>${modelFigure(r)}</figure>
<h2>Provenance</h2>
${provenance(inp)}
</body></html>
`;
}

/** The paper's claims this sweep speaks to, each with its verdict and the tests behind it. */
function claimsSection(r: SweepResults): string {
  // results.json written before the claims were judged get them here
  const claims = r.claims ?? paperClaims(r);
  if (!claims.length) return '';
  const cls = (v: string) =>
    `verdict ${v === 'reproduced' ? 'reproduced' : v === 'not reproduced' ? 'not-reproduced' : ''}`;
  const rows = claims.flatMap((c) =>
    c.tests.map(
      (t, k) =>
        `<tr>${k === 0 ? `<td rowspan="${c.tests.length}">${c.claim}. ${esc(c.statement)}<br><span class="${cls(c.verdict)}">${esc(c.verdict)}</span></td>` : ''}<td>${t.temperature ?? '—'}</td><td>${esc(t.test)}</td><td class="${cls(t.verdict)}">${esc(t.verdict)}</td><td>${esc(t.evidence)}</td></tr>`,
    ),
  );
  return `<h2>The paper's claims</h2>
<p class="note">Each claim of Micoulaut (2025) that this sweep's series can test, split into tests. Intervals are 95 %: ratios and slopes in ln D or ln σ with Student t (Welch–Satterthwaite degrees of freedom of the replica errors), locations (a maximum, a minimum, the largest rise) as the fraction of 4000 parametric bootstrap draws that put them where the paper does. A test is reproduced when the data support it at 95 %, not reproduced when they exclude it, inconclusive between (rules: docs/analysis.md). Points whose Na is not diffusive give apparent D, as noted.</p>
<table><tr><th>claim</th><th>T (K)</th><th>test</th><th>verdict</th><th>evidence</th></tr>
${rows.join('\n')}</table>`;
}

/** The Arrhenius plot, for sweeps with two temperatures or more. */
function arrheniusSection(r: SweepResults): string {
  const figure = arrheniusFigure(r);
  return figure ? `<h2>Arrhenius plots</h2><figure>${figure}</figure>` : '';
}

/** Glass making: V(T) along the constant-pressure quenches and Tg per composition. */
function glassSection(r: SweepResults): string {
  const figure = glassFigure(r);
  return figure
    ? `<h2>Glass transition</h2><figure>${figure}</figure>
<p class="note">Each composition's quenches at constant pressure, pooled over replicas and binned in temperature; Tg is the hinge of a continuous two-line fit to V(T), its interval the 95 % profile interval (docs/md-engine.md, Constant pressure). Densities at each point are in the table of all points.</p>`
    : '';
}

/** The structure of each point (sweeps with a `structure:` section), with the Fig. 2 analogue. */
function structureSection(r: SweepResults): string {
  const figure = structureFigure(r);
  if (!figure) return '';
  const f = (v: number | null | undefined, d = 2) => (v === null || v === undefined ? '—' : v.toFixed(d));
  const pm = (s: { mean: number; err: number | null }, d = 2) =>
    `${f(s.mean, d)}${s.err === null ? '' : ` ± ${f(s.err, d)}`}`;
  const rows = r.points
    .filter((p) => p.structure)
    .map((p) => {
      const s = p.structure!;
      const siS = s.cn['Si-S']?.Si;
      return `<tr><td>${f(p.x, 3)}</td><td>${f(p.m, 3)}</td><td>${p.temperature}</td><td>${s.replicas}</td><td>${pm(s.homopolar_bonds, 1)}</td><td>${f((p.counts.Si ?? 0) * Math.max(0, p.m - 2), 0)}</td><td>${pm(s.homopolar_apart, 1)}</td><td>${pm(s.over_coordinated_anions, 1)}</td><td>${siS ? pm(siS) : '—'}</td><td>${pm(s.mean_coordination, 3)}</td><td>${pm(s.f_md, 3)}</td><td>${f(s.f_eq1, 3)}</td><td>${s.qn.map((q) => f(q, 2)).join(' ')}</td><td>${pm(s.edge_sharing_fraction, 3)}</td></tr>`;
    });
  return `<h2>Structure (Fig. 2 analogue)</h2><figure>${figure}</figure>
<p class="note">Per point, means ± standard errors over replicas of the production's structure (ionsweep structure, bonds by the sweep's cutoffs). “Ordered” is the chemically ordered count N_Si (m − 2); “apart” counts S–S bonds in groups bonded to no Si; f_MD = 3 − n_c from the measured bonds with the rules of Eq. 1 (docs/structure.md).</p>
<table><tr><th>x</th><th>m</th><th>T (K)</th><th>replicas</th><th>S–S bonds</th><th>ordered</th><th>apart</th><th>S with ≥ 3 S</th><th>Si–S cn</th><th>r̄</th><th>f_MD</th><th>f (Eq. 1)</th><th>Qⁿ (n = 0, 1, …)</th><th>Si in edge sharing</th></tr>
${rows.join('\n')}</table>`;
}
