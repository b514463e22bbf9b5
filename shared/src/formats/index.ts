export * from './atoms.js';
export * from './lammps-data.js';
export * from './trajectory-writers.js';
export * from './lammps-input.js';
export * from './lammps-dump.js';
export * from './line-stream.js';
export * from './lammps-log.js';
export * from './thermo-csv.js';
