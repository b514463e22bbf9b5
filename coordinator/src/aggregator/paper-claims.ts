/**
 * The paper's four claims about its MD series (Micoulaut, PRL 134, 036303, 2025, Figs. 3–4),
 * judged on a sweep's results with intervals:
 *
 *  1. NS9 (x = 0.10): D_Na rises ≈ 10× from N_Si = 850 to 500 (m ≈ 2.20 → 4.67 at N = 3000) and
 *     has a maximum near N_Si ≈ 600–650 (m ≈ 3.28–3.67);
 *  2. NS9: σ jumps near m_c = 28/9 and falls again for m > 4.5;
 *  3. NS9: E_A of D_Na and of σ has a minimum near m_c;
 *  4. NS (x = 0.50): D_Na and σ grow with m, with no anomaly.
 *
 * Each claim splits into tests (per temperature where it applies). Ratios, slopes and energy
 * differences are linear in ln v (or in E_A) and get Student t intervals with Welch–Satterthwaite
 * degrees of freedom from the replica errors. Where a feature sits (a maximum, a minimum, the
 * largest rise) comes from a parametric bootstrap: each point drawn as ln v + (err / v) · z,
 * widened to its Student t band, 4000 draws from a fixed seed, so a sweep's verdicts are
 * reproducible. A test is `reproduced` when the data support it at 95 %, `not reproduced` when
 * they exclude it at 95 %, `inconclusive` between, and `not testable` when the sweep lacks the
 * points it needs. Rules, and their coverage on synthetic series of known shape:
 * docs/analysis.md, "The paper's claims".
 */
import { ATOM_GROUPS, Rng, studentTQuantile } from '@ionsweep/shared';
import type { ArrheniusEntry, PointResult, SweepResults } from './aggregate.js';

export type Verdict = 'reproduced' | 'partly reproduced' | 'not reproduced' | 'inconclusive' | 'not testable';

export interface ClaimTest {
  /** what is tested, in words */
  test: string;
  temperature: number | null;
  verdict: Verdict;
  /** the test's statistic (a ratio, a slope, an energy difference), and its 95 % interval */
  estimate: number | null;
  ci95: [number, number] | null;
  /** for a location (a maximum, a minimum, the largest rise): the fraction of draws that put it where the paper does */
  support: number | null;
  /** the numbers behind the verdict, in words */
  evidence: string;
}

export interface PaperClaim {
  claim: 1 | 2 | 3 | 4;
  series: 'NS9' | 'NS';
  statement: string;
  verdict: Verdict;
  tests: ClaimTest[];
}

/** m_c of NS9 (Eq. 1 at x = 0.10) */
export const M_C_NS9 = 28 / 9;
/** NS9 at a fixed N: m of a given N_Si / N (x = 0.10: m = (N / f.u. − 0.3) / 0.9 − 1, f.u. = N_Si / 0.9) */
export const ns9M = (siFraction: number): number => (0.9 / siFraction - 0.3) / 0.9 - 1;

const DRAWS = 4000;
const Z975 = 1.959964;
const SEED = 20250036;

/** One value per m at one temperature (or per m for an activation energy). */
interface Series {
  m: number[];
  value: number[];
  err: number[];
  /** degrees of freedom of each value's error (replicas − 1, or atom groups − 1 for one replica), Infinity for a normal */
  dof: number[];
  /** points whose Na is not diffusive (β outside 0.9–1.1): their D is apparent */
  apparent: number[];
}

/**
 * Bootstrap draws of a series (ln v when log, else v), one row per draw: normal errors, each
 * point's error widened by t_{0.975, r−1} / z_{0.975} so that its own 95 % band is the Student
 * t interval of its replicas (with 2 or 3 replicas the standard error is itself uncertain).
 */
function drawSeries(s: Series, rng: Rng, log: boolean): number[][] {
  const widen = s.dof.map((d) => (Number.isFinite(d) ? studentTQuantile(0.975, d) / Z975 : 1));
  return Array.from({ length: DRAWS }, () =>
    s.value.map((v, i) => {
      const e = s.err[i] * widen[i] * rng.normal();
      return log ? Math.log(v) + e / v : v + e;
    }),
  );
}

/**
 * Σ a_i y_i (y = ln v when log, else v) with its 95 % interval: Student t with the
 * Welch–Satterthwaite degrees of freedom of the replica errors, so that a ratio of two 3-replica
 * means has the interval a t-test would give it (measured coverage: the test file).
 */
function linearInterval(s: Series, a: Map<number, number>, log: boolean): { est: number; ci: [number, number] } {
  let est = 0;
  let variance = 0;
  let dofDenominator = 0;
  for (const [i, w] of a) {
    const y = log ? Math.log(s.value[i]) : s.value[i];
    const se = log ? s.err[i] / s.value[i] : s.err[i];
    est += w * y;
    variance += (w * se) ** 2;
    if (Number.isFinite(s.dof[i])) dofDenominator += (w * se) ** 4 / s.dof[i];
  }
  const dof = dofDenominator > 0 ? variance ** 2 / dofDenominator : Infinity;
  const half = (Number.isFinite(dof) ? studentTQuantile(0.975, dof) : Z975) * Math.sqrt(variance);
  return { est, ci: [est - half, est + half] };
}

/** v_j / v_i with its 95 % interval. */
function ratio(s: Series, j: number, i: number): { est: number; ci: [number, number] } {
  const d = linearInterval(
    s,
    new Map([
      [j, 1],
      [i, -1],
    ]),
    true,
  );
  return { est: Math.exp(d.est), ci: [Math.exp(d.ci[0]), Math.exp(d.ci[1])] };
}

const fraction = (flags: boolean[]): number => flags.filter(Boolean).length / flags.length;
const g3 = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const ci = ([a, b]: [number, number]) => `[${g3(a)}, ${g3(b)}]`;
const pct = (p: number) => `${Math.round(100 * p)} %`;

/** The index of the series' m nearest `m`, within `tol`, or −1. */
function nearest(s: Series, m: number, tol: number): number {
  let best = -1;
  s.m.forEach((v, i) => {
    if (Math.abs(v - m) <= tol && (best < 0 || Math.abs(v - m) < Math.abs(s.m[best] - m))) best = i;
  });
  return best;
}

const argmax = (v: number[]) => v.reduce((b, x, i) => (x > v[b] ? i : b), 0);
const argmin = (v: number[]) => v.reduce((b, x, i) => (x < v[b] ? i : b), 0);

/** Points of one x and temperature with a finite quantity and error, ordered by m. */
function seriesOf(points: PointResult[], quantity: 'D_Na' | 'sigma'): Series {
  const rows = points
    .map((p) => {
      const na = p.species.Na;
      const value = quantity === 'D_Na' ? na?.D : p.sigma_self;
      const err = quantity === 'D_Na' ? na?.D_err : p.sigma_self_err;
      return { p, value, err, apparent: na ? !na.diffusive : true };
    })
    .filter((r) => r.value !== undefined && r.value > 0 && r.err !== null && r.err !== undefined)
    .sort((a, b) => a.p.m - b.p.m);
  return {
    m: rows.map((r) => r.p.m),
    value: rows.map((r) => r.value!),
    err: rows.map((r) => r.err!),
    // one replica: its errors come from its groups of atoms (transport.ts)
    dof: rows.map((r) => (r.p.replicas > 1 ? r.p.replicas - 1 : ATOM_GROUPS - 1)),
    apparent: rows.filter((r) => r.apparent).map((r) => r.p.m),
  };
}

function activationSeries(entries: ArrheniusEntry[], quantity: 'D_Na' | 'sigma'): Series {
  const rows = entries
    .filter((a) => a[quantity] && Number.isFinite(a[quantity]!.EA_eV) && a[quantity]!.EA_err !== null)
    .sort((a, b) => a.m - b.m);
  return {
    m: rows.map((a) => a.m),
    value: rows.map((a) => a[quantity]!.EA_eV),
    err: rows.map((a) => a[quantity]!.EA_err!),
    dof: rows.map(() => Infinity),
    apparent: [],
  };
}

const apparentNote = (s: Series, used: number[]): string => {
  const ms = used.map((i) => s.m[i]).filter((m) => s.apparent.includes(m));
  return ms.length ? `; apparent D (Na not diffusive) at m = ${ms.map(g3).join(', ')}` : '';
};

const notTestable = (test: string, temperature: number | null, why: string): ClaimTest => ({
  test,
  temperature,
  verdict: 'not testable',
  estimate: null,
  ci95: null,
  support: null,
  evidence: why,
});

/** A claim's verdict from its tests'. */
function combine(tests: ClaimTest[]): Verdict {
  const judged = tests.filter((t) => t.verdict !== 'not testable');
  if (judged.length === 0) return 'not testable';
  const all = (v: Verdict) => judged.every((t) => t.verdict === v);
  if (all('reproduced')) return 'reproduced';
  if (all('not reproduced')) return 'not reproduced';
  if (judged.some((t) => t.verdict === 'reproduced')) return 'partly reproduced';
  return judged.some((t) => t.verdict === 'not reproduced') ? 'not reproduced' : 'inconclusive';
}

/** Claim 1 at one temperature: the rise from N_Si = 850 to 500, and the maximum at 600–650. */
function claim1(s: Series, T: number, rng: Rng): ClaimTest[] {
  const riseTest = 'D_Na(N_Si = 500) / D_Na(N_Si = 850) ≈ 10';
  const maxTest = 'a maximum of D_Na near N_Si ≈ 600–650, D_Na falling after it';
  const lo = nearest(s, ns9M(850 / 3000), 0.1);
  const hi = nearest(s, ns9M(500 / 3000), 0.15);
  const tests: ClaimTest[] = [];
  const draws = drawSeries(s, rng, true);
  if (lo < 0 || hi < 0) tests.push(notTestable(riseTest, T, 'no points at m ≈ 2.20 and m ≈ 4.67'));
  else {
    const { est: ratioEst, ci: r } = ratio(s, hi, lo);
    const verdict: Verdict =
      r[0] > 1 && r[1] >= 5 && r[0] <= 20 ? 'reproduced' : r[1] < 5 || r[0] > 20 ? 'not reproduced' : 'inconclusive';
    tests.push({
      test: riseTest,
      temperature: T,
      verdict,
      estimate: ratioEst,
      ci95: r,
      support: null,
      evidence: `×${g3(ratioEst)} ${ci(r)} (m = ${g3(s.m[lo])} → ${g3(s.m[hi])})${apparentNote(s, [lo, hi])}`,
    });
  }
  if (s.m.length < 4 || s.m[s.m.length - 1] < 4)
    tests.push(notTestable(maxTest, T, 'fewer than 4 points, or none past m = 4'));
  else {
    const [wLo, wHi] = [ns9M(650 / 3000) - 0.05, ns9M(600 / 3000) + 0.05];
    const where = draws.map((d) => s.m[argmax(d)]);
    const inWindow = fraction(where.map((m) => m >= wLo && m <= wHi));
    const last = s.m.length - 1;
    const falls = fraction(where.map((m) => m !== s.m[last]));
    const top = argmax(s.value);
    const verdict: Verdict =
      inWindow >= 0.5 && falls >= 0.95 ? 'reproduced' : inWindow < 0.05 ? 'not reproduced' : 'inconclusive';
    tests.push({
      test: maxTest,
      temperature: T,
      verdict,
      estimate: s.m[top],
      ci95: null,
      support: inWindow,
      evidence: `largest D_Na at m = ${g3(s.m[top])}; the maximum lies at m ∈ [${g3(wLo + 0.05)}, ${g3(wHi - 0.05)}] in ${pct(inWindow)} of draws, before the last point in ${pct(falls)}${apparentNote(s, [top])}`,
    });
  }
  return tests;
}

/** Claim 2 at one temperature: σ jumps across m_c and falls again past m = 4.5. */
function claim2(s: Series, T: number, rng: Rng): ClaimTest[] {
  const jumpTest = 'σ jumps across m_c = 3.11 (its largest rise between neighbouring m)';
  const fallTest = 'σ falls again for m > 4.5';
  const below = s.m
    .map((m, i) => (m < M_C_NS9 - 0.05 ? i : -1))
    .filter((i) => i >= 0)
    .pop();
  const above = s.m.findIndex((m) => m > M_C_NS9 + 0.05);
  const draws = drawSeries(s, rng, true);
  const tests: ClaimTest[] = [];
  if (below === undefined || above < 0) tests.push(notTestable(jumpTest, T, 'no points on both sides of m_c'));
  else {
    const { est, ci: r } = ratio(s, above, below);
    // the interval between neighbours where the rise is largest, per draw: does it touch m_c?
    const nearMc = fraction(
      draws.map((d) => {
        let k = 0;
        for (let i = 1; i < d.length - 1; i++) if (d[i + 1] - d[i] > d[k + 1] - d[k]) k = i;
        return s.m[k] <= M_C_NS9 + 0.05 && s.m[k + 1] >= M_C_NS9 - 0.05;
      }),
    );
    const verdict: Verdict =
      r[0] > 1 && nearMc >= 0.5 ? 'reproduced' : r[1] <= 1 || nearMc < 0.05 ? 'not reproduced' : 'inconclusive';
    tests.push({
      test: jumpTest,
      temperature: T,
      verdict,
      estimate: est,
      ci95: r,
      support: nearMc,
      evidence: `σ(m = ${g3(s.m[above])}) / σ(m = ${g3(s.m[below])}) = ${g3(est)} ${ci(r)}; the largest rise touches m_c in ${pct(nearMc)} of draws`,
    });
  }
  const early = s.m.map((m, i) => (m <= 4.5 ? i : -1)).filter((i) => i >= 0);
  const last = s.m.length - 1;
  if (early.length === 0 || s.m[last] <= 4.5)
    tests.push(notTestable(fallTest, T, 'no points on both sides of m = 4.5'));
  else {
    const peak = early.reduce((b, i) => (s.value[i] > s.value[b] ? i : b), early[0]);
    const { est, ci: r } = ratio(s, last, peak);
    const verdict: Verdict = r[1] < 1 ? 'reproduced' : r[0] >= 1 ? 'not reproduced' : 'inconclusive';
    tests.push({
      test: fallTest,
      temperature: T,
      verdict,
      estimate: est,
      ci95: r,
      support: null,
      evidence: `σ(m = ${g3(s.m[last])}) / σ(m = ${g3(s.m[peak])}, the largest at m ≤ 4.5) = ${g3(est)} ${ci(r)}`,
    });
  }
  return tests;
}

/** Claim 3 for one quantity's activation energy: a minimum near m_c, below both ends. */
function claim3(s: Series, label: string, rng: Rng): ClaimTest {
  const test = `E_A of ${label} has its minimum near m_c = 3.11`;
  if (s.m.length < 3 || s.m[0] > M_C_NS9 - 0.5 || s.m[s.m.length - 1] < M_C_NS9 + 0.5)
    return notTestable(
      test,
      null,
      'E_A at fewer than 3 compositions, or not on both sides of m_c (needs ≥ 2 temperatures)',
    );
  const draws = drawSeries(s, rng, false);
  const window: [number, number] = [2.9, 3.7];
  const inWindow = fraction(draws.map((d) => s.m[argmin(d)] >= window[0] && s.m[argmin(d)] <= window[1]));
  const low = argmin(s.value);
  const last = s.m.length - 1;
  const above = (i: number) =>
    linearInterval(
      s,
      new Map([
        [i, 1],
        [low, -1],
      ]),
      false,
    ).ci;
  const dFirst = above(0);
  const dLast = above(last);
  const atEnd = low === 0 || low === last;
  const deep = !atEnd && dFirst[0] > 0 && dLast[0] > 0;
  const verdict: Verdict = inWindow >= 0.5 && deep ? 'reproduced' : inWindow < 0.05 ? 'not reproduced' : 'inconclusive';
  const depth = atEnd
    ? 'the lowest value is at an end of the series'
    : `E_A(m = ${g3(s.m[0])}) − min = ${g3(s.value[0] - s.value[low])} ${ci(dFirst)} eV, E_A(m = ${g3(s.m[last])}) − min = ${g3(s.value[last] - s.value[low])} ${ci(dLast)} eV`;
  return {
    test,
    temperature: null,
    verdict,
    estimate: s.m[low],
    ci95: null,
    support: inWindow,
    evidence: `lowest E_A ${g3(s.value[low])} eV at m = ${g3(s.m[low])}, in m ∈ [2.9, 3.7] in ${pct(inWindow)} of draws; ${depth}`,
  };
}

/** Claim 4 for one quantity at one temperature: growth with m, no significant fall anywhere. */
function claim4(s: Series, label: string, T: number, rng: Rng): ClaimTest {
  const test = `${label} grows with m, with no anomaly`;
  if (s.m.length < 3) return notTestable(test, T, 'fewer than 3 compositions');
  const draws = drawSeries(s, rng, true);
  const mean = s.m.reduce((a, b) => a + b, 0) / s.m.length;
  const sxx = s.m.reduce((a, m) => a + (m - mean) ** 2, 0);
  const slope = linearInterval(s, new Map(s.m.map((m, i) => [i, (m - mean) / sxx])), true);
  const r = slope.ci;
  // a significant fall between neighbours is an anomaly
  const falls = s.m
    .slice(1)
    .map((_, i) => ({ i, p: fraction(draws.map((d) => d[i + 1] < d[i])) }))
    .filter((f) => f.p >= 0.975);
  const verdict: Verdict =
    r[0] > 0 && falls.length === 0 ? 'reproduced' : r[1] < 0 || falls.length > 0 ? 'not reproduced' : 'inconclusive';
  const fallText = falls.length
    ? `; falls between m = ${falls.map((f) => `${g3(s.m[f.i])}→${g3(s.m[f.i + 1])}`).join(', ')}`
    : '; no significant fall between neighbours';
  return {
    test,
    temperature: T,
    verdict,
    estimate: slope.est,
    ci95: r,
    support: null,
    evidence: `d ln(${label})/dm = ${g3(slope.est)} ${ci(r)}${fallText}${
      label === 'D_Na'
        ? apparentNote(
            s,
            s.m.map((_, i) => i),
          )
        : ''
    }`,
  };
}

const CLAIMS = {
  1: 'NS9: D_Na rises ≈ 10× from N_Si = 850 to 500, with a maximum near N_Si ≈ 600–650',
  2: 'NS9: σ jumps near m_c = 3.11 and falls again for m > 4.5',
  3: 'NS9: E_A of D_Na and of σ has a minimum near m_c',
  4: 'NS: D_Na and σ grow monotonically with m, with no anomaly',
} as const;

/**
 * The claims a sweep's series can speak to: 1–3 for points at x = 0.10 (NS9), 4 at x = 0.50
 * (NS); none for other compositions.
 */
export function paperClaims(r: Pick<SweepResults, 'points' | 'arrhenius'>): PaperClaim[] {
  const rng = new Rng(SEED);
  const at = (x: number) => r.points.filter((p) => Math.abs(p.x - x) < 0.005);
  const temperatures = (ps: PointResult[]) => [...new Set(ps.map((p) => p.temperature))].sort((a, b) => a - b);
  const claims: PaperClaim[] = [];
  const claim = (n: 1 | 2 | 3 | 4, tests: ClaimTest[]): PaperClaim => ({
    claim: n,
    series: n === 4 ? 'NS' : 'NS9',
    statement: CLAIMS[n],
    verdict: combine(tests),
    tests,
  });
  const ns9 = at(0.1);
  if (ns9.length > 0) {
    const Ts = temperatures(ns9);
    const byT = (T: number, q: 'D_Na' | 'sigma') =>
      seriesOf(
        ns9.filter((p) => p.temperature === T),
        q,
      );
    claims.push(
      claim(
        1,
        Ts.flatMap((T) => claim1(byT(T, 'D_Na'), T, rng)),
      ),
    );
    claims.push(
      claim(
        2,
        Ts.flatMap((T) => claim2(byT(T, 'sigma'), T, rng)),
      ),
    );
    const ea = r.arrhenius.filter((a) => Math.abs(a.x - 0.1) < 0.005);
    claims.push(
      claim(3, [claim3(activationSeries(ea, 'D_Na'), 'D_Na', rng), claim3(activationSeries(ea, 'sigma'), 'σ', rng)]),
    );
  }
  const ns = at(0.5);
  if (ns.length > 0) {
    const tests = temperatures(ns).flatMap((T) => {
      const pts = ns.filter((p) => p.temperature === T);
      return [claim4(seriesOf(pts, 'D_Na'), 'D_Na', T, rng), claim4(seriesOf(pts, 'sigma'), 'σ', T, rng)];
    });
    claims.push(claim(4, tests));
  }
  return claims;
}
