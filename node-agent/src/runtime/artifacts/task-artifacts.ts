/**
 * The files a finished task leaves: its final structure as a LAMMPS data file (positions,
 * images, velocities: `read_data` continues the run) and as extended XYZ (OVITO, ASE), its
 * thermo log, its production trajectory when the sweep asks for one, and the manifest.
 */
import { extxyzFrame, writeLammpsData } from '@ionsweep/shared';
import { configurationFromState, type MdState } from '../../md/index.js';
import { manifestFile, manifestOf, type ArtifactEntry, type ArtifactFile } from './artifact-store.js';
import type { ThermoLog } from './thermo-log.js';
import type { TrajectoryRecorder } from './trajectory.js';

export const ARTIFACT_FILES = {
  data: 'final.data',
  extxyz: 'final.extxyz',
  thermo: 'thermo.csv',
  trajectory: 'trajectory.lammpstrj',
} as const;

const text = (s: string) => new Uint8Array(Buffer.from(s));

/** The task's files and their manifest (which lists them and is the last of them). */
export function taskArtifactFiles(
  taskId: string,
  s: MdState,
  step: number,
  timePs: number,
  thermo: ThermoLog | null,
  trajectory: TrajectoryRecorder | null,
): { files: ArtifactFile[]; manifest: ArtifactEntry[] } {
  const title = `ionsweep task ${taskId}, step ${step}`;
  const files: ArtifactFile[] = [
    { name: ARTIFACT_FILES.data, bytes: text(writeLammpsData(configurationFromState(s, title))) },
    { name: ARTIFACT_FILES.extxyz, bytes: text(extxyzFrame(configurationFromState(s, title, false), timePs)) },
  ];
  if (thermo) files.push({ name: ARTIFACT_FILES.thermo, bytes: text(thermo.csv()) });
  if (trajectory) files.push({ name: ARTIFACT_FILES.trajectory, bytes: text(trajectory.dump()) });
  const manifest = manifestOf(files);
  return { files: [...files, manifestFile(taskId, manifest)], manifest };
}
