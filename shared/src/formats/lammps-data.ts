/**
 * LAMMPS data files, atom_style charge: `id type q x y z [ix iy iz]`, optional Velocities.
 * Types map to elements through the Masses comments (`1 22.99 # Na`) or an explicit list.
 */
import { InputError } from '../errors.js';
import { isSpeciesName } from '../forcefield/species.js';
import type { AtomConfiguration } from './atoms.js';

const HEADER_PATTERNS: [RegExp, string][] = [
  [/^(\d+)\s+atoms$/, 'atoms'],
  [/^(\d+)\s+atom types$/, 'atomTypes'],
  [/^(\S+)\s+(\S+)\s+xlo xhi$/, 'x'],
  [/^(\S+)\s+(\S+)\s+ylo yhi$/, 'y'],
  [/^(\S+)\s+(\S+)\s+zlo zhi$/, 'z'],
];
const SECTIONS = new Set(['Masses', 'Atoms', 'Velocities', 'Pair Coeffs', 'PairIJ Coeffs']);
/** Limits that keep a damaged header from allocating the machine away. */
export const MAX_ATOMS = 50_000_000;
export const MAX_TYPES = 1000;

interface Line {
  n: number;
  text: string;
  comment: string;
}

function splitLines(text: string): Line[] {
  return text.split(/\r?\n/).map((raw, i) => {
    const hash = raw.indexOf('#');
    return {
      n: i + 1,
      text: (hash >= 0 ? raw.slice(0, hash) : raw).trim(),
      comment: hash >= 0 ? raw.slice(hash + 1).trim() : '',
    };
  });
}

function num(file: string, line: number, what: string, token: string | undefined, integer = false): number {
  const v = Number(token);
  if (token === undefined || token === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new InputError(
      `${file}:${line}`,
      `${what}: expected ${integer ? 'an integer' : 'a number'}, got '${token ?? ''}'`,
    );
  }
  return v;
}

export interface ReadDataOptions {
  /** element per type (`--types Na,Si,S`); overrides the Masses comments */
  types?: readonly string[];
  fileName?: string;
}

export function readLammpsData(text: string, options: ReadDataOptions = {}): AtomConfiguration {
  const file = options.fileName ?? 'data';
  const lines = splitLines(text);
  const title = text.split(/\r?\n/, 1)[0] ?? '';
  const header: Record<string, number[]> = {};
  let i = 1;
  for (; i < lines.length; i++) {
    const t = lines[i].text;
    if (t === '') continue;
    if (SECTIONS.has(t) || /^[A-Z]/.test(t)) break;
    if (/xy xz yz$/.test(t)) throw new InputError(`${file}:${lines[i].n}`, 'triclinic boxes are not supported');
    const hit = HEADER_PATTERNS.find(([re]) => re.test(t));
    if (!hit) continue; // other header counts (bonds, …) are irrelevant to atom_style charge
    const m = hit[0].exec(t)!;
    header[hit[1]] = m.slice(1).map((s) => num(file, lines[i].n, hit[1], s));
  }
  for (const k of ['atoms', 'atomTypes', 'x', 'y', 'z']) {
    if (!header[k])
      throw new InputError(
        file,
        `header line for '${k === 'atomTypes' ? 'atom types' : k === 'atoms' ? 'atoms' : `${k}lo ${k}hi`}' is missing`,
      );
  }
  const n = header.atoms[0];
  const ntypes = header.atomTypes[0];
  if (!(n >= 1 && n <= MAX_ATOMS))
    throw new InputError(file, `atoms: ${n} is outside the supported range 1..${MAX_ATOMS}`);
  if (!(ntypes >= 1 && ntypes <= MAX_TYPES))
    throw new InputError(file, `atom types: ${ntypes} is outside the supported range 1..${MAX_TYPES}`);
  const lo: [number, number, number] = [header.x[0], header.y[0], header.z[0]];
  const hi: [number, number, number] = [header.x[1], header.y[1], header.z[1]];
  for (let d = 0; d < 3; d++) {
    if (!(hi[d] > lo[d])) throw new InputError(file, `box: ${'xyz'[d]}hi must be above ${'xyz'[d]}lo`);
  }
  const sections = readSections(lines, i, file);
  const atomsSection = sections.get('Atoms');
  if (!atomsSection) throw new InputError(file, 'no Atoms section');
  if (atomsSection.style && atomsSection.style !== 'charge') {
    throw new InputError(
      `${file}:${atomsSection.line}`,
      `Atoms # ${atomsSection.style}: only atom_style charge is supported`,
    );
  }
  const { masses, comments } = readMasses(sections.get('Masses'), ntypes, file);
  const typeElements = resolveElements(options.types, comments, ntypes, file);
  const conf = readAtoms(atomsSection.rows, n, ntypes, file);
  const velocities = sections.has('Velocities')
    ? readVelocities(sections.get('Velocities')!.rows, conf.ids, file)
    : null;
  return { title, lo, hi, typeElements, masses, ...conf, velocities };
}

interface Section {
  line: number;
  style: string;
  rows: Line[];
}

function readSections(lines: Line[], start: number, file: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let current: Section | null = null;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i];
    if (l.text === '') continue;
    if (SECTIONS.has(l.text)) {
      current = { line: l.n, style: l.comment.split(/\s+/)[0] ?? '', rows: [] };
      sections.set(l.text, current);
    } else if (/^[A-Z][A-Za-z ]*$/.test(l.text)) {
      throw new InputError(
        `${file}:${l.n}`,
        `unsupported section '${l.text}' (atom_style charge files have Masses, Atoms, Velocities)`,
      );
    } else if (current) current.rows.push(l);
    else throw new InputError(`${file}:${l.n}`, `unexpected line '${l.text}' before any section`);
  }
  return sections;
}

function readMasses(
  section: Section | undefined,
  ntypes: number,
  file: string,
): { masses: number[]; comments: string[] } {
  if (!section) throw new InputError(file, 'no Masses section');
  const masses = new Array<number>(ntypes).fill(NaN);
  const comments = new Array<string>(ntypes).fill('');
  for (const row of section.rows) {
    const [t, m] = row.text.split(/\s+/);
    const type = num(file, row.n, 'Masses type', t, true);
    if (type < 1 || type > ntypes)
      throw new InputError(`${file}:${row.n}`, `Masses: type ${type} outside 1..${ntypes}`);
    masses[type - 1] = num(file, row.n, 'Masses mass', m);
    if (!(masses[type - 1] > 0)) throw new InputError(`${file}:${row.n}`, `Masses: mass must be > 0`);
    comments[type - 1] = row.comment.split(/\s+/)[0] ?? '';
  }
  const missing = masses.findIndex((m) => Number.isNaN(m));
  if (missing >= 0) throw new InputError(file, `Masses: no mass for type ${missing + 1}`);
  return { masses, comments };
}

function resolveElements(
  explicit: readonly string[] | undefined,
  comments: string[],
  ntypes: number,
  file: string,
): string[] {
  if (explicit) {
    if (explicit.length !== ntypes)
      throw new InputError('--types', `the file has ${ntypes} atom types; got ${explicit.length} elements`);
    return [...explicit];
  }
  const els = comments.map((c) => (isSpeciesName(c) ? c : ''));
  const unknown = els.findIndex((e) => e === '');
  if (unknown >= 0) {
    throw new InputError(
      file,
      `type ${unknown + 1} has no element: add a Masses comment ('${unknown + 1} <mass> # Na', or a species: # S0) or pass --types`,
    );
  }
  return els;
}

function readAtoms(rows: Line[], n: number, ntypes: number, file: string) {
  if (rows.length !== n)
    throw new InputError(file, `Atoms: the header says ${n} atoms, the section has ${rows.length}`);
  const ids = new Int32Array(n);
  const types = new Int32Array(n);
  const charges = new Float64Array(n);
  const positions = new Float64Array(3 * n);
  const images = new Int32Array(3 * n);
  const seen = new Set<number>();
  rows.forEach((row, k) => {
    const f = row.text.split(/\s+/);
    if (f.length !== 6 && f.length !== 9) {
      throw new InputError(`${file}:${row.n}`, `Atoms: expected 'id type q x y z [ix iy iz]', got ${f.length} fields`);
    }
    const id = num(file, row.n, 'atom id', f[0], true);
    if (id < 1 || seen.has(id))
      throw new InputError(`${file}:${row.n}`, `Atoms: atom id ${id} is ${id < 1 ? 'not positive' : 'repeated'}`);
    seen.add(id);
    ids[k] = id;
    types[k] = num(file, row.n, 'atom type', f[1], true);
    if (types[k] < 1 || types[k] > ntypes)
      throw new InputError(`${file}:${row.n}`, `Atoms: type ${types[k]} outside 1..${ntypes}`);
    charges[k] = num(file, row.n, 'charge', f[2]);
    for (let d = 0; d < 3; d++) positions[3 * k + d] = num(file, row.n, `${'xyz'[d]}`, f[3 + d]);
    if (f.length === 9)
      for (let d = 0; d < 3; d++) images[3 * k + d] = num(file, row.n, `i${'xyz'[d]}`, f[6 + d], true);
  });
  return { ids, types, charges, positions, images };
}

function readVelocities(rows: Line[], ids: Int32Array, file: string): Float64Array {
  const index = new Map<number, number>();
  ids.forEach((id, k) => index.set(id, k));
  const v = new Float64Array(3 * ids.length);
  if (rows.length !== ids.length)
    throw new InputError(file, `Velocities: expected ${ids.length} rows, got ${rows.length}`);
  for (const row of rows) {
    const f = row.text.split(/\s+/);
    if (f.length !== 4) throw new InputError(`${file}:${row.n}`, `Velocities: expected 'id vx vy vz'`);
    const k = index.get(num(file, row.n, 'atom id', f[0], true));
    if (k === undefined) throw new InputError(`${file}:${row.n}`, `Velocities: atom id ${f[0]} is not in Atoms`);
    for (let d = 0; d < 3; d++) v[3 * k + d] = num(file, row.n, `v${'xyz'[d]}`, f[1 + d]);
  }
  return v;
}

/** Full-precision number text (17 significant digits round-trip a double). */
const g = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** Writes atom_style charge with image flags, atoms in id order, Masses commented with elements. */
export function writeLammpsData(c: AtomConfiguration): string {
  const n = c.ids.length;
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => c.ids[a] - c.ids[b]);
  const out: string[] = [c.title.replace(/\n/g, ' ') || 'LAMMPS data file written by ionsweep', ''];
  out.push(`${n} atoms`, `${c.masses.length} atom types`, '');
  for (let d = 0; d < 3; d++) out.push(`${g(c.lo[d])} ${g(c.hi[d])} ${'xyz'[d]}lo ${'xyz'[d]}hi`);
  out.push('', 'Masses', '');
  c.masses.forEach((m, t) => out.push(`${t + 1} ${g(m)} # ${c.typeElements[t]}`));
  out.push('', 'Atoms # charge', '');
  for (const k of order) {
    const p = c.positions;
    const im = c.images;
    out.push(
      `${c.ids[k]} ${c.types[k]} ${g(c.charges[k])} ${g(p[3 * k])} ${g(p[3 * k + 1])} ${g(p[3 * k + 2])} ${im[3 * k]} ${im[3 * k + 1]} ${im[3 * k + 2]}`,
    );
  }
  if (c.velocities) {
    const v = c.velocities;
    out.push('', 'Velocities', '');
    for (const k of order) out.push(`${c.ids[k]} ${g(v[3 * k])} ${g(v[3 * k + 1])} ${g(v[3 * k + 2])}`);
  }
  return out.join('\n') + '\n';
}
