/** Reads and validates a force-field YAML file into a ForceFieldDescriptor. */
import { InputError } from '../errors.js';
import { formatPath, mappingAt, parseYamlLocated, type LocatedDocument } from '../yaml/located.js';
import type {
  CoulombSettings,
  ElementEntry,
  ForceFieldDescriptor,
  ManyBodyTerm,
  PairEntry,
  PairTerm,
  TersoffEntry,
} from './descriptor.js';
import { pairKey } from './descriptor.js';
import { isSpeciesName } from './species.js';

type Path = (string | number)[];

/** Validation context: knows the document so every error carries file:line and the field path. */
class Reader {
  constructor(private readonly doc: LocatedDocument) {}

  fail(path: Path, detail: string): never {
    throw new InputError(`${this.doc.where(path)}: ${formatPath(path)}`, detail);
  }

  map(value: unknown, path: Path, allowed?: readonly string[]): Record<string, unknown> {
    return mappingAt(value, [...path], (p, d) => this.fail(p, d), allowed);
  }

  string(value: unknown, path: Path): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty string');
    return value;
  }

  number(value: unknown, path: Path, check?: { min?: number; exclusiveMin?: number; max?: number }): number {
    if (value === undefined) this.fail(path, 'is required');
    if (typeof value !== 'number' || !Number.isFinite(value))
      this.fail(path, `must be a finite number, got ${JSON.stringify(value)}`);
    if (check?.exclusiveMin !== undefined && !(value > check.exclusiveMin))
      this.fail(path, `must be > ${check.exclusiveMin}, got ${value}`);
    if (check?.min !== undefined && value < check.min) this.fail(path, `must be >= ${check.min}, got ${value}`);
    if (check?.max !== undefined && value > check.max) this.fail(path, `must be <= ${check.max}, got ${value}`);
    return value;
  }

  optionalNumber(value: unknown, path: Path, fallback: number, check?: { exclusiveMin?: number }): number {
    return value === undefined ? fallback : this.number(value, path, check);
  }
}

const TERM_KEYS = {
  born: ['A', 'rho', 'sigma', 'C', 'D', 'cutoff'],
  buckingham: ['A', 'rho', 'C', 'cutoff'],
  morse: ['D0', 'alpha', 'r0', 'cutoff'],
} as const;

export function parseForceField(text: string, fileName = 'forcefield.yaml'): ForceFieldDescriptor {
  const doc = parseYamlLocated(text, fileName);
  const r = new Reader(doc);
  const top = r.map(doc.value, [], ['name', 'provenance', 'elements', 'pairs', 'manybody', 'cutoff', 'coulomb']);
  const name = r.string(top.name, ['name']);
  const prov = r.map(top.provenance, ['provenance'], ['text', 'citations']);
  const citations: unknown = prov.citations === undefined ? [] : prov.citations;
  if (!Array.isArray(citations)) r.fail(['provenance', 'citations'], 'must be a list of strings');
  const provenance = {
    text: r.string(prov.text, ['provenance', 'text']).trim(),
    citations: (citations as unknown[]).map((c, i) => r.string(c, ['provenance', 'citations', i])),
  };
  const elements = readElements(r, top.elements);
  const cutoff = r.number(top.cutoff, ['cutoff'], { exclusiveMin: 0 });
  const pairs = readPairs(r, top.pairs, elements, cutoff);
  const coulomb = readCoulomb(r, top.coulomb);
  const ff: ForceFieldDescriptor = { name, provenance, elements, pairs, cutoff, coulomb };
  if (top.manybody !== undefined) ff.manybody = readManyBody(r, top.manybody, elements);
  return ff;
}

function readElements(r: Reader, value: unknown): Record<string, ElementEntry> {
  const map = r.map(value, ['elements']);
  if (Object.keys(map).length === 0) r.fail(['elements'], 'must list at least one element');
  const out: Record<string, ElementEntry> = {};
  for (const [sym, v] of Object.entries(map)) {
    if (!isSpeciesName(sym))
      r.fail(
        ['elements', sym],
        'is not an element symbol (e.g. Na, Si, S) or a species of one (S0: an element and a suffix from a digit or _)',
      );
    const e = r.map(v, ['elements', sym], ['mass', 'charge']);
    out[sym] = {
      mass: r.number(e.mass, ['elements', sym, 'mass'], { exclusiveMin: 0 }),
      charge: r.number(e.charge, ['elements', sym, 'charge']),
    };
  }
  return out;
}

function readPairs(r: Reader, value: unknown, elements: Record<string, ElementEntry>, cutoff: number): PairEntry[] {
  const map = r.map(value, ['pairs']);
  const seen = new Set<string>();
  const pairs: PairEntry[] = [];
  for (const [key, termsValue] of Object.entries(map)) {
    const parts = key.split('-');
    if (parts.length !== 2) r.fail(['pairs', key], "must be written 'A-B', e.g. 'Si-S'");
    const [a, b] = parts as [string, string];
    for (const el of [a, b]) if (!(el in elements)) r.fail(['pairs', key], `unknown element '${el}' (not in elements)`);
    const k = pairKey(a, b);
    if (seen.has(k)) r.fail(['pairs', key], `the pair ${k} is given twice`);
    seen.add(k);
    if (!Array.isArray(termsValue)) r.fail(['pairs', key], 'must be a list of terms (use [] for none)');
    const terms = termsValue.map((t, i) => readTerm(r, t, ['pairs', key, i], cutoff));
    pairs.push({ elements: [a, b], terms });
  }
  const symbols = Object.keys(elements);
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i; j < symbols.length; j++) {
      const k = pairKey(symbols[i], symbols[j]);
      if (!seen.has(k))
        r.fail(['pairs'], `missing pair ${k}: every pair of elements needs an entry (write '${k}: []' for none)`);
    }
  }
  return pairs;
}

function readTerm(r: Reader, value: unknown, path: Path, defaultCutoff: number): PairTerm {
  const m = r.map(value, path);
  const kinds = Object.keys(m);
  if (kinds.length !== 1 || !(kinds[0] in TERM_KEYS))
    r.fail(path, 'must be one of {born: …}, {buckingham: …}, {morse: …}');
  const kind = kinds[0] as keyof typeof TERM_KEYS;
  const p = r.map(m[kind], [...path, kind], TERM_KEYS[kind]);
  const at = (k: string): Path => [...path, kind, k];
  const cutoff = r.optionalNumber(p.cutoff, at('cutoff'), defaultCutoff, { exclusiveMin: 0 });
  if (kind === 'morse') {
    return {
      kind: 'morse',
      D0: r.number(p.D0, at('D0')),
      alpha: r.number(p.alpha, at('alpha'), { exclusiveMin: 0 }),
      r0: r.number(p.r0, at('r0'), { exclusiveMin: 0 }),
      cutoff,
    };
  }
  return {
    kind: 'born',
    A: r.number(p.A, at('A')),
    rho: r.number(p.rho, at('rho'), { exclusiveMin: 0 }),
    sigma: kind === 'born' ? r.optionalNumber(p.sigma, at('sigma'), 0) : 0,
    C: r.optionalNumber(p.C, at('C'), 0),
    D: kind === 'born' ? r.optionalNumber(p.D, at('D'), 0) : 0,
    cutoff,
  };
}

function readCoulomb(r: Reader, value: unknown): CoulombSettings {
  const m = r.map(value, ['coulomb']);
  const method = m.method;
  if (method === 'dsf') {
    const c = r.map(value, ['coulomb'], ['method', 'alpha', 'cutoff', 'erfc']);
    const erfc = c.erfc ?? 'accurate';
    if (erfc !== 'accurate' && erfc !== 'polynomial') r.fail(['coulomb', 'erfc'], "must be 'accurate' or 'polynomial'");
    return {
      method: 'dsf',
      alpha: r.number(c.alpha, ['coulomb', 'alpha'], { exclusiveMin: 0 }),
      cutoff: r.number(c.cutoff, ['coulomb', 'cutoff'], { exclusiveMin: 0 }),
      erfc,
    };
  }
  if (method === 'ewald') {
    const c = r.map(value, ['coulomb'], ['method', 'cutoff', 'accuracy']);
    return {
      method: 'ewald',
      cutoff: r.number(c.cutoff, ['coulomb', 'cutoff'], { exclusiveMin: 0 }),
      accuracy: r.optionalNumber(c.accuracy, ['coulomb', 'accuracy'], 1e-8, { exclusiveMin: 0 }),
    };
  }
  return r.fail(['coulomb', 'method'], `must be 'dsf' or 'ewald', got ${JSON.stringify(method)}`);
}

const TERSOFF_KEYS = [
  'm',
  'gamma',
  'lambda3',
  'c',
  'd',
  'h',
  'n',
  'beta',
  'lambda2',
  'B',
  'R',
  'D',
  'lambda1',
  'A',
] as const;

/** A triplet that neither bonds nor counts: no energy, a cutoff no atom pair reaches. */
export const INERT_TERSOFF = {
  m: 1,
  gamma: 0,
  lambda3: 0,
  c: 0,
  d: 1,
  h: 0,
  n: 1,
  beta: 0,
  lambda2: 0,
  B: 0,
  R: 0.2,
  D: 0.1,
  lambda1: 0,
  A: 0,
};
const INERT_MOD = { eta: 1, c1: 0, c2: 0, c3: 1, c4: 0, c5: 0 };

/** tersoff/mod: LAMMPS's file order, with our names (lambda3 = the exponent's α) */
const TERSOFF_MOD_KEYS = ['m', 'lambda3', 'h', 'eta', 'beta', 'lambda2', 'B', 'R', 'D', 'lambda1', 'A', 'n', 'c1', 'c2', 'c3', 'c4', 'c5'] as const; // prettier-ignore

function readManyBody(r: Reader, value: unknown, elements: Record<string, ElementEntry>): ManyBodyTerm[] {
  const top = r.map(value, ['manybody'], ['tersoff', 'tersoff/mod']);
  if (top.tersoff !== undefined && top['tersoff/mod'] !== undefined)
    r.fail(['manybody'], 'give tersoff or tersoff/mod, not both');
  const form = top['tersoff/mod'] !== undefined ? 'tersoff/mod' : 'tersoff';
  if (top[form] === undefined) return [];
  const path: Path = ['manybody', form];
  const keys = form === 'tersoff' ? TERSOFF_KEYS : TERSOFF_MOD_KEYS;
  const t = r.map(top[form], path, ['elements', 'entries']);
  if (!Array.isArray(t.elements) || t.elements.length === 0)
    r.fail([...path, 'elements'], 'must be a list of elements, e.g. [Si, S]');
  const els = (t.elements as unknown[]).map((e, i) => {
    const sym = r.string(e, [...path, 'elements', i]);
    if (!(sym in elements)) r.fail([...path, 'elements', i], `unknown element '${sym}' (not in elements)`);
    return sym;
  });
  const given = r.map(t.entries, [...path, 'entries']);
  const entries: TersoffEntry[] = [];
  for (const i of els)
    for (const j of els)
      for (const k of els) {
        const key = `${i}-${j}-${k}`;
        const at: Path = [...path, 'entries', key];
        const v = given[key];
        if (v === undefined)
          r.fail(
            [...path, 'entries'],
            `missing ${key}: every triplet of ${els.join(', ')} needs an entry ('${key}: inert' for none)`,
          );
        if (v === 'inert') {
          entries.push({ i, j, k, ...INERT_TERSOFF, ...(form === 'tersoff/mod' ? { mod: INERT_MOD } : {}) });
          continue;
        }
        const p = r.map(v, at, keys);
        const num = (
          name: (typeof TERSOFF_KEYS)[number] | (typeof TERSOFF_MOD_KEYS)[number],
          check?: { min?: number; exclusiveMin?: number },
        ) => r.number(p[name], [...at, name], check);
        const m0 = num('m');
        if (m0 !== 1 && m0 !== 3) r.fail([...at, 'm'], `must be 1 or 3 (as LAMMPS), got ${m0}`);
        if (form === 'tersoff/mod') {
          const e = {
            i, j, k, m: m0, gamma: 1, c: 0, d: 1,
            lambda3: num('lambda3'), h: num('h'), n: num('n', { exclusiveMin: 0 }), beta: num('beta', { min: 0 }),
            lambda2: num('lambda2', { min: 0 }), B: num('B', { min: 0 }), R: num('R', { exclusiveMin: 0 }),
            D: num('D', { exclusiveMin: 0 }), lambda1: num('lambda1', { min: 0 }), A: num('A', { min: 0 }),
            mod: { eta: num('eta', { exclusiveMin: 0 }), c1: num('c1'), c2: num('c2'), c3: num('c3', { exclusiveMin: 0 }), c4: num('c4'), c5: num('c5') },
          }; // prettier-ignore
          if (e.D >= e.R) r.fail([...at, 'D'], `must be below R (${e.R}), got ${e.D}`);
          entries.push(e);
          continue;
        }
        const e: TersoffEntry = {
          i, j, k, m: m0,
          gamma: num('gamma', { min: 0 }),
          lambda3: num('lambda3'),
          c: num('c', { min: 0 }),
          d: num('d', { exclusiveMin: 0 }),
          h: num('h'),
          n: num('n', { exclusiveMin: 0 }),
          beta: num('beta', { min: 0 }),
          lambda2: num('lambda2', { min: 0 }),
          B: num('B', { min: 0 }),
          R: num('R', { exclusiveMin: 0 }),
          D: num('D', { exclusiveMin: 0 }),
          lambda1: num('lambda1', { min: 0 }),
          A: num('A', { min: 0 }),
        }; // prettier-ignore
        if (e.D >= e.R) r.fail([...at, 'D'], `must be below R (${e.R}), got ${e.D}`);
        entries.push(e);
      }
  // LAMMPS computes each pair's repulsion once, from whichever atom comes first: the two-body
  // repulsion and cutoff must not depend on the order
  for (const e of entries) {
    if (e.j !== e.k || e.i === e.j) continue;
    const mirror = entries.find((o) => o.i === e.j && o.j === e.i && o.k === e.i)!;
    for (const key of ['A', 'lambda1', 'R', 'D'] as const)
      if (e[key] !== mirror[key])
        r.fail(
          [...path, 'entries', `${e.i}-${e.j}-${e.k}`, key],
          `must equal ${key} of ${mirror.i}-${mirror.j}-${mirror.k} (${mirror[key]}): the repulsion of a pair is computed once`,
        );
  }
  for (const key of Object.keys(given))
    if (!entries.some((e) => `${e.i}-${e.j}-${e.k}` === key))
      r.fail([...path, 'entries', key], `is not a triplet of ${els.join(', ')} (write 'I-J-K')`);
  return [{ kind: 'tersoff', form, elements: els, entries }];
}
