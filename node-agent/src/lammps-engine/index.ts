export * from './input-script.js';
export * from './run-lammps-task.js';
