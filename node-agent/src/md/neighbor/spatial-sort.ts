/**
 * Re-orders atoms in memory by cell so that neighbours sit close together (cache locality in
 * the pair loop). Stable: atoms already in cell order keep their order, so sorting twice is a
 * no-op — which keeps restarts bit-for-bit.
 */
import { permuteAtoms, wrapIntoBox, type MdState } from '../state.js';
import { binAtoms, cellGrid } from './neighbor-list.js';

export function spatialSort(s: MdState, range: number): void {
  wrapIntoBox(s);
  const { nc } = cellGrid(s.box, range);
  const { cellAtoms } = binAtoms(s, nc);
  permuteAtoms(s, cellAtoms);
}
