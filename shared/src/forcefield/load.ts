/** Reads and validates a force-field YAML file into a ForceFieldDescriptor. */
import { InputError } from '../errors.js';
import { formatPath, parseYamlLocated, type LocatedDocument } from '../yaml/located.js';
import type { CoulombSettings, ElementEntry, ForceFieldDescriptor, PairEntry, PairTerm } from './descriptor.js';
import { pairKey } from './descriptor.js';

type Path = (string | number)[];

/** Validation context: knows the document so every error carries file:line and the field path. */
class Reader {
  constructor(private readonly doc: LocatedDocument) {}

  fail(path: Path, detail: string): never {
    throw new InputError(`${this.doc.where(path)}: ${formatPath(path)}`, detail);
  }

  map(value: unknown, path: Path, allowed?: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(path, 'must be a mapping');
    const obj = value as Record<string, unknown>;
    if (allowed) {
      for (const k of Object.keys(obj)) {
        if (!allowed.includes(k)) this.fail([...path, k], `unknown key; allowed: ${allowed.join(', ')}`);
      }
    }
    return obj;
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

const ELEMENT = /^[A-Z][a-z]?$/;
const TERM_KEYS = {
  born: ['A', 'rho', 'sigma', 'C', 'D', 'cutoff'],
  buckingham: ['A', 'rho', 'C', 'cutoff'],
  morse: ['D0', 'alpha', 'r0', 'cutoff'],
} as const;

export function parseForceField(text: string, fileName = 'forcefield.yaml'): ForceFieldDescriptor {
  const doc = parseYamlLocated(text, fileName);
  const r = new Reader(doc);
  const top = r.map(doc.value, [], ['name', 'provenance', 'elements', 'pairs', 'cutoff', 'coulomb']);
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
  return { name, provenance, elements, pairs, cutoff, coulomb };
}

function readElements(r: Reader, value: unknown): Record<string, ElementEntry> {
  const map = r.map(value, ['elements']);
  if (Object.keys(map).length === 0) r.fail(['elements'], 'must list at least one element');
  const out: Record<string, ElementEntry> = {};
  for (const [sym, v] of Object.entries(map)) {
    if (!ELEMENT.test(sym)) r.fail(['elements', sym], 'is not an element symbol (e.g. Na, Si, S)');
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
