/**
 * YAML parsing that remembers where every value came from, so validation errors can say
 * `file.yaml:12: pairs.S-S[0].born.rho: must be > 0, got -1`.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { errorMessage, InputError } from '../errors.js';

export interface LocatedDocument {
  /** plain JS value of the document */
  value: unknown;
  /** "file:line" of the node at a dotted path, or just the file name when unknown */
  where(path: readonly (string | number)[]): string;
}

export function parseYamlLocated(text: string, fileName: string): LocatedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line } = lineCounter.linePos(first.pos[0]);
    throw new InputError(`${fileName}:${line}`, `not valid YAML: ${first.message.split('\n')[0]}`);
  }
  const where = (path: readonly (string | number)[]): string => {
    let node: unknown = doc.contents;
    let last: unknown = node;
    for (const key of path) {
      if (isMap(node) || isSeq(node)) {
        node = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(key, true);
        if (node !== undefined) last = node;
      } else break;
    }
    const range = (last as Node | null)?.range;
    return range ? `${fileName}:${lineCounter.linePos(range[0]).line}` : fileName;
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // e.g. an alias before its anchor, or an alias bomb: the parser accepted the text, the
    // conversion to data did not
    throw new InputError(fileName, `not valid YAML: ${errorMessage(err)}`);
  }
  return { value, where };
}

/** Dotted path for messages: pairs.S-S[0].born.rho */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * A value that must be a YAML mapping, its keys checked against `allowed` when given: the two
 * errors every reader of ionsweep's YAML files gives, through the reader's own `fail`.
 */
export function mappingAt(
  v: unknown,
  path: (string | number)[],
  fail: (path: (string | number)[], detail: string) => never,
  allowed?: readonly string[],
): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(path, 'must be a mapping');
  const o = v as Record<string, unknown>;
  if (allowed)
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) fail([...path, k], `unknown key; allowed: ${allowed.join(', ')}`);
  return o;
}
