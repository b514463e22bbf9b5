/**
 * Builds a starting configuration: atoms of the requested counts placed at random in a cubic
 * box with a minimum separation, charges from the force field made neutral, then relaxed.
 */
import {
  elementOf,
  InputError,
  Rng,
  type AtomConfiguration,
  type ChargeNeutralityRule,
  type ForceFieldDescriptor,
} from '@ionsweep/shared';

/*
 * How a system whose force-field charges do not add up to zero is made neutral (ChargeNeutralityRule):
 * - `auto`: excess-anion when the force field has a species for the excess, rescale-anion otherwise;
 * - `rescale-anion`: every anion gets the charge that makes the system neutral;
 * - `excess-anion`: the anions that the cations need keep the force-field charge; the excess
 *   (N_Si (m − 2) sulfur in x Na2S–(1−x) SiS_m) become a second atom type of the same element
 *   carrying the rest (exactly 0 with Na +0.6, Si +2.4, S −1.2 and N_Na even: the partial-charge
 *   image of formal counting, where chain sulfur is S⁰). When the force field has a species of
 *   the anion's element (S0 beside S), the excess anions are that species, with its own pair and
 *   many-body terms (ns-ss-2026: covalent S–S bonds); otherwise they are a second type of S;
 * - `refuse`: an error.
 */

export interface BuildSpec {
  /** element → count, in the order the types are numbered */
  counts: [string, number][];
  /** cubic box edge, Å (or give density) */
  box?: number;
  /** g/cm³ */
  density?: number;
  chargeNeutrality: ChargeNeutralityRule;
  seed: number;
  /** smallest distance between placed atoms, Å */
  minSeparation: number;
}

const AMU_GRAMS = 1.6605390666e-24;

/** One atom type of the built system. */
export interface AtomType {
  element: string;
  count: number;
  charge: number;
}

export interface ChargeAssignment {
  /** the atom types, numbered from 1 in this order */
  types: AtomType[];
  /** what was done, for the run's provenance */
  note: string;
}

/** Atom types and their charges, made neutral by the chosen rule. */
export function assignCharges(
  ff: ForceFieldDescriptor,
  counts: [string, number][],
  rule: ChargeNeutralityRule,
): ChargeAssignment {
  const types: AtomType[] = counts.map(([element, count]) => ({ element, count, charge: ff.elements[element].charge }));
  const net = types.reduce((acc, t) => acc + t.count * t.charge, 0);
  if (Math.abs(net) < 1e-9) return { types, note: 'force-field charges (already neutral)' };
  if (rule === 'refuse') {
    throw new InputError(
      '--charge-neutrality',
      `the system would carry a net charge of ${net.toPrecision(6)} e with the force-field charges; use rescale-anion or excess-anion, or change the counts`,
    );
  }
  const anion = types.filter((t) => t.charge < 0 && t.count > 0).sort((a, b) => a.charge - b.charge)[0];
  if (!anion)
    throw new InputError('--charge-neutrality', `${rule} needs an anion (a negatively charged element) in the system`);
  const species = excessSpecies(ff, anion.element);
  if (rule === 'auto') {
    const chosen = species === anion.element ? 'rescale-anion' : 'excess-anion';
    const { types: t, note } = assignCharges(ff, counts, chosen);
    return { types: t, note: `auto → ${note}` };
  }
  const others = net - anion.count * anion.charge;
  // excess-anion with no excess (m ≤ 2, or a rounding short of it): every anion is a network anion
  const kept = Math.floor(-others / anion.charge + 1e-9);
  if (rule === 'rescale-anion' || kept >= anion.count) {
    const q = -others / anion.count;
    const how = rule === 'rescale-anion' ? 'rescale-anion' : 'excess-anion (no excess anions, so rescaled)';
    const note = `${how}: q(${anion.element}) ${anion.charge} → ${q} so that the system is neutral`;
    anion.charge = q;
    return { types, note };
  }
  // excess-anion: as many anions as neutralise the cations keep their charge (rounded down)
  const excess = anion.count - kept;
  const q = -(others + kept * anion.charge) / excess;
  anion.count = kept;
  types.push({ element: species, count: excess, charge: q });
  const note =
    `excess-anion: ${kept} ${anion.element} keep q = ${anion.charge}; the ${excess} excess ${anion.element} are type ${types.length}` +
    `${species === anion.element ? '' : ` (species ${species})`} with q = ${Math.abs(q) < 1e-12 ? 0 : q}`;
  if (Math.abs(q) < 1e-12) types[types.length - 1].charge = 0;
  return { types, note };
}

/** The force field's species for excess anions of `element` (S0 for S), or the element itself. */
function excessSpecies(ff: ForceFieldDescriptor, element: string): string {
  const found = Object.keys(ff.elements).filter((s) => s !== element && elementOf(s) === element);
  if (found.length > 1)
    throw new InputError(
      '--charge-neutrality',
      `force field '${ff.name}' has ${found.length} species of ${element} (${found.join(', ')}); excess-anion needs at most one`,
    );
  return found[0] ?? element;
}

export function boxEdge(ff: ForceFieldDescriptor, spec: Pick<BuildSpec, 'counts' | 'box' | 'density'>): number {
  if (spec.box !== undefined) {
    if (!(spec.box > 0) || !Number.isFinite(spec.box))
      throw new InputError('--box', `must be a positive length in Å, got ${spec.box}`);
    return spec.box;
  }
  if (spec.density === undefined || !(spec.density > 0) || !Number.isFinite(spec.density)) {
    throw new InputError('--density', `give --box (Å) or a positive --density (g/cm³)`);
  }
  const grams = spec.counts.reduce((acc, [el, n]) => acc + n * ff.elements[el].mass, 0) * AMU_GRAMS;
  return Math.cbrt(grams / spec.density) * 1e8;
}

/** Random sequential placement with a minimum separation (cell grid for the overlap test). */
export function placeAtoms(spec: BuildSpec, ff: ForceFieldDescriptor): AtomConfiguration {
  for (const [el, n] of spec.counts) {
    if (!(el in ff.elements)) throw new InputError('--counts', `element '${el}' is not in force field '${ff.name}'`);
    if (!Number.isInteger(n) || n < 0)
      throw new InputError('--counts', `count of ${el} must be a non-negative integer, got ${n}`);
  }
  const total = spec.counts.reduce((a, [, n]) => a + n, 0);
  if (total < 2) throw new InputError('--counts', 'need at least two atoms');
  const L = boxEdge(ff, spec);
  const { types: atomTypes, note } = assignCharges(ff, spec.counts, spec.chargeNeutrality);
  const d = spec.minSeparation;
  if (!(d > 0)) throw new InputError('--min-separation', `must be > 0 Å, got ${d}`);
  const packing = (total * Math.PI * d ** 3) / 6 / L ** 3;
  if (packing > 0.35) {
    throw new InputError(
      '--min-separation',
      `${d} Å spheres would fill ${(packing * 100).toFixed(0)} % of the box; random placement cannot reach that (lower it)`,
    );
  }
  const rng = new Rng(spec.seed, 0x6275696c); // stream "buil"
  const nc = Math.max(1, Math.floor(L / d));
  const cell = L / nc;
  const grid = new Map<number, number[]>();
  const pos = new Float64Array(3 * total);
  const cellIndex = (cx: number, cy: number, cz: number) =>
    ((((cx % nc) + nc) % nc) * nc + (((cy % nc) + nc) % nc)) * nc + (((cz % nc) + nc) % nc);
  const fits = (x: number, y: number, z: number): boolean => {
    const cx = Math.floor(x / cell),
      cy = Math.floor(y / cell),
      cz = Math.floor(z / cell);
    for (let ox = -1; ox <= 1; ox++)
      for (let oy = -1; oy <= 1; oy++)
        for (let oz = -1; oz <= 1; oz++) {
          for (const j of grid.get(cellIndex(cx + ox, cy + oy, cz + oz)) ?? []) {
            let dx = x - pos[3 * j],
              dy = y - pos[3 * j + 1],
              dz = z - pos[3 * j + 2];
            dx -= L * Math.round(dx / L);
            dy -= L * Math.round(dy / L);
            dz -= L * Math.round(dz / L);
            if (dx * dx + dy * dy + dz * dz < d * d) return false;
          }
        }
    return true;
  };
  const types = new Int32Array(total);
  const q = new Float64Array(total);
  let k = 0;
  atomTypes.forEach(({ count: n, charge }, t) => {
    for (let a = 0; a < n; a++, k++) {
      let tries = 0;
      let x: number, y: number, z: number;
      do {
        if (++tries > 10_000)
          throw new InputError(
            '--min-separation',
            `could not place atom ${k + 1} of ${total} at ${d} Å separation; lower it or enlarge the box`,
          );
        x = rng.uniform() * L;
        y = rng.uniform() * L;
        z = rng.uniform() * L;
      } while (!fits(x, y, z));
      pos.set([x, y, z], 3 * k);
      const c = cellIndex(Math.floor(x / cell), Math.floor(y / cell), Math.floor(z / cell));
      const list = grid.get(c);
      if (list) list.push(k);
      else grid.set(c, [k]);
      types[k] = t + 1;
      q[k] = charge;
    }
  });
  const typeElements = atomTypes.map((t) => t.element);
  return {
    title: `ionsweep build: ${spec.counts.map(([el, n]) => `${el}${n}`).join(' ')}, L = ${L} Å, seed ${spec.seed}; charges: ${note}`,
    lo: [0, 0, 0],
    hi: [L, L, L],
    typeElements,
    masses: typeElements.map((el) => ff.elements[el].mass),
    ids: Int32Array.from({ length: total }, (_, i) => i + 1),
    types,
    charges: q,
    positions: pos,
    images: new Int32Array(3 * total),
    velocities: null,
  };
}
