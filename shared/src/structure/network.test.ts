import { describe, expect, it } from 'vitest';
import { floppyFraction } from '../model/constraints.js';
import { analyzeStructure, DEFAULT_STRUCTURE_SETTINGS } from './analyze.js';
import { constraintsPerAtom } from './constraints.js';
import { elementsOfTypes, type StructureFrame } from './frame.js';

/**
 * A hand-made configuration in a 30 Å box whose topology is known by construction:
 * an edge-sharing Si2S6 dimer, a free S3 chain (S–S–S at 106°), an Si–S–S unit (a homopolar
 * bond on the network) and a lone Na.
 */
function molecules(): StructureFrame {
  const atoms: [string, number, number, number][] = [
    ['Si', 5, 5, 5],
    ['Si', 8, 5, 5],
    ['S', 6.5, 6.5, 5], // shared (edge)
    ['S', 6.5, 3.5, 5], // shared (edge)
    ['S', 3.8, 5, 6.75],
    ['S', 3.8, 5, 3.25],
    ['S', 9.2, 5, 6.75],
    ['S', 9.2, 5, 3.25],
    ['S', 15, 15, 15], // S3 chain
    ['S', 17.05, 15, 15],
    ['S', 17.05 - 2.05 * Math.cos((106 * Math.PI) / 180), 15 + 2.05 * Math.sin((106 * Math.PI) / 180), 15],
    ['Si', 20, 24, 24], // Si–S–S
    ['S', 22.12, 24, 24],
    ['S', 24.17, 24, 24],
    ['Na', 26, 8, 8],
  ];
  const typeElements = ['Na', 'Si', 'S'];
  const types = Int32Array.from(atoms, ([e]) => typeElements.indexOf(e) + 1);
  const { elements, element } = elementsOfTypes(types, typeElements);
  return { box: [30, 30, 30], positions: Float64Array.from(atoms.flatMap(([, ...r]) => r)), element, elements };
}

describe('network topology and the MD constraint count', () => {
  const frame = molecules();
  const r = analyzeStructure(
    frame.elements,
    {
      ...DEFAULT_STRUCTURE_SETTINGS,
      rmax: 10,
      cutoffs: new Map([
        ['Na-S', 3],
        ['Si-S', 2.7],
        ['S-S', 2.5],
      ]),
    },
    (visit) => visit(frame),
  );

  it('counts bonds, Qⁿ, sharing, anion kinds and homopolar groups as built', () => {
    expect(r.pairs['Si-S'].bonds).toBe(9);
    expect(r.pairs['S-S'].bonds).toBe(3);
    expect(r.pairs['Si-Si'].bonds).toBe(0); // 3 Å apart, covalent cutoff 2.66 Å
    expect(r.pairs['Si-S'].histogram.Si).toEqual([0, 1 / 3, 0, 0, 2 / 3]);
    const n = r.network;
    expect(n.qn).toEqual([0, 1 / 3, 2 / 3]);
    expect([n.cornerSharing, n.edgeSharing, n.edgeSharingFraction]).toEqual([0, 1, 2 / 3]);
    expect([n.bridging, n.nonBridging, n.free]).toEqual([4, 7, 0]);
    expect([n.homopolarBonds, n.homopolarInNetwork, n.homopolarApart, n.rings]).toEqual([3, 1, 2, 0]);
    expect(n.chainSizes).toEqual([0, 0, 1, 1]);
    expect(n.meanCoordination).toBeCloseTo(24 / 14, 12);
  });

  it('measures the angles it was built with', () => {
    expect(r.angles['S-S-S'].count).toBe(1);
    expect(r.angles['S-S-S'].mean).toBeCloseTo(106.5, 6); // the centre of the 106–107° bin
    expect(r.angles['Si-S-Si'].count).toBe(2);
    expect(r.angles['Si-S-Si'].mean).toBeCloseTo(90.5, 6);
    expect(r.angles['S-Si-S'].count).toBe(12);
    expect(r.angles['Si-S-S'].count).toBe(1);
  });

  it('counts constraints atom by atom: Si 7, two-fold S 2, one-fold 1, Na 0.5', () => {
    // Si 7 + 7 + 1 (one bond), 4 two-fold S, 7 one-fold S, Na
    expect(r.constraints.nc).toBeCloseTo((7 + 7 + 1 + 4 * 2 + 7 * 1 + 0.5) / 15, 12);
    expect(r.constraints.f_md).toBeCloseTo(3 - r.constraints.nc, 12);
  });

  it('gives Eq. 1 exactly for a chemically ordered network', () => {
    for (const [x, m] of [
      [0.1, 2],
      [0.1, 28 / 9],
      [0.1, 4],
      [0.5, 3],
    ]) {
      // per 900 Si: Si four-fold; one non-bridging S per Na; every other S two-fold
      const si = 900;
      const na = Math.round((2 * x * si) / (1 - x));
      const s = Math.round(m * si + na / 2);
      const element = Int32Array.from([...Array(na).fill(0), ...Array(si).fill(1), ...Array(s).fill(2)]);
      const bonds = Int32Array.from([
        ...Array(na).fill(0),
        ...Array(si).fill(4),
        ...Array(na).fill(1),
        ...Array(s - na).fill(2),
      ]);
      const f = {
        box: [1, 1, 1],
        positions: new Float64Array(0),
        element,
        elements: ['Na', 'Si', 'S'],
      } as StructureFrame;
      expect(3 - constraintsPerAtom(f, bonds), `x ${x}, m ${m}`).toBeCloseTo(floppyFraction(x, m), 12);
    }
  });
});
