/**
 * Species are what a force field gives parameters to; elements are what chemistry and structure
 * analysis count. They are the same except for a species written as an element symbol followed
 * by a suffix that starts with a digit or an underscore: `S0` is sulfur that carries no charge
 * (the excess sulfur of the excess-anion scheme, bonded covalently), counted as S by every
 * analysis. Data files name types by species (`4 32.065 # S0`).
 */
const SPECIES = /^([A-Z][a-z]?)(?:[0-9_][A-Za-z0-9_]*)?$/;

/** Whether `name` is an element symbol or a species of one (Na, Si, S, S0, S_chain). */
export function isSpeciesName(name: string): boolean {
  return SPECIES.test(name);
}

/** The element of a species: `S0` → `S`, `Si` → `Si`; a name that is neither is returned as is. */
export function elementOf(species: string): string {
  return SPECIES.exec(species)?.[1] ?? species;
}
