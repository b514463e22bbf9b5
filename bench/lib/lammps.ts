/** Runs the real LAMMPS (`lmp`) for cross-checks and benchmarks; the test command installs it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thermoRows } from '@ionsweep/shared';

export { thermoRows };

export function runLammps(input: string, files: Record<string, string> = {}): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-lmp-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'in.lammps'), input);
  const r = spawnSync('lmp', ['-in', 'in.lammps', '-log', 'log.lammps', '-screen', 'none'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) {
    const log = (() => {
      try {
        return readFileSync(join(dir, 'log.lammps'), 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        return '';
      }
    })();
    throw new Error(`lmp failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}\n${log}`);
  }
  return { dir, log: readFileSync(join(dir, 'log.lammps'), 'utf8') };
}

/**
 * LAMMPS NVE from `start.data` (dt 1 fs unless given, skin 2 Å, total energy every 100 steps) with the given
 * pair commands: the run both the NVE-drift test and bench:nve compare against.
 */
export function lammpsNve(
  pairCommands: string,
  startData: string,
  steps: number,
  files: Record<string, string> = {},
  dtPs = 0.001,
): { step: number; etotal: number }[] {
  const { log } = runLammps(
    [
      'units metal',
      'atom_style charge',
      'boundary p p p',
      'read_data start.data',
      pairCommands,
      'neighbor 2.0 bin',
      'neigh_modify every 1 delay 0 check yes',
      'fix e all nve',
      `timestep ${dtPs}`,
      'thermo 100',
      'thermo_style custom step etotal',
      'thermo_modify format float %.15g',
      `run ${steps}`,
    ].join('\n'),
    { 'start.data': startData, ...files },
  );
  return thermoRows(log).map((r) => ({ step: r.Step, etotal: r.TotEng }));
}
