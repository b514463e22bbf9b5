/**
 * The Slurm submission for array mode: a bash script that submits a job array (one array task per
 * ionsweep task, throttled with %) and a collect job that runs after it whatever its outcome
 * (afterany). No service runs anywhere: the tasks meet in the shared directory.
 *
 * Requeue: the array job asks for SIGUSR1 to its batch shell `signalSeconds` before its time
 * limit (--signal=B:USR1@…); the shell passes it to ionsweep, which saves a checkpoint and exits
 * with STOPPED_EXIT_CODE; the shell then requeues that array task, which resumes from the
 * checkpoint. scancel ends it without requeue.
 */
export const STOPPED_EXIT_CODE = 75;

export interface SlurmOptions {
  jobName: string;
  /** absolute paths */
  sweepFile: string;
  outDir: string;
  /** "0-19" or "3,7-9": the array tasks to run */
  array: string;
  /** at most this many array tasks at once (Slurm's %), or none */
  throttle?: number;
  partition?: string;
  account?: string;
  time?: string;
  cpusPerTask: number;
  /** memory per array task, Slurm syntax (e.g. 2G) */
  mem?: string;
  /** seconds before the time limit at which a task checkpoints and requeues */
  signalSeconds: number;
  /** how to run ionsweep on the compute nodes */
  ionsweep: string;
  /** shell lines run first in every job (module load …) */
  setup: string[];
}

/** Single-quotes a word for bash. */
export const shellQuote = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function headers(o: SlurmOptions, jobName: string): string[] {
  return [
    `#SBATCH --job-name=${jobName}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.account ? [`#SBATCH --account=${o.account}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    `#SBATCH --nodes=1`,
    `#SBATCH --ntasks=1`,
  ];
}

export function slurmScript(o: SlurmOptions): string {
  const sweep = shellQuote(o.sweepFile);
  const out = shellQuote(o.outDir);
  const logs = `${o.outDir}/slurm`;
  const array = [
    '#!/bin/bash',
    ...headers(o, o.jobName),
    `#SBATCH --array=${o.array}${o.throttle ? `%${o.throttle}` : ''}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask}`,
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
    `#SBATCH --requeue`,
    `#SBATCH --signal=B:USR1@${o.signalSeconds}`,
    `#SBATCH --output=${logs}/%A_%a.out`,
    '#SBATCH --open-mode=append',
    'set -uo pipefail',
    ...o.setup,
    `${o.ionsweep} run ${sweep} --out ${out} --task "$SLURM_ARRAY_TASK_ID" --threads "\${SLURM_CPUS_PER_TASK:-1}" &`,
    'pid=$!',
    '# near the time limit: ionsweep saves a checkpoint and exits ' + STOPPED_EXIT_CODE,
    `trap 'kill -USR1 "$pid" 2>/dev/null' USR1`,
    'wait "$pid"; rc=$?',
    '# a trapped signal interrupts wait (rc > 128): wait again for ionsweep’s own exit code',
    'for _ in 1 2 3; do [ "$rc" -gt 128 ] || break; wait "$pid"; rc=$?; done',
    `if [ "$rc" -eq ${STOPPED_EXIT_CODE} ]; then`,
    '  scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"',
    '  exit 0',
    'fi',
    'exit "$rc"',
  ];
  const collect = [
    '#!/bin/bash',
    ...headers(o, `${o.jobName}-collect`),
    `#SBATCH --cpus-per-task=1`,
    `#SBATCH --output=${logs}/%j-collect.out`,
    'set -uo pipefail',
    ...o.setup,
    `${o.ionsweep} collect ${sweep} --out ${out}`,
  ];
  return [
    '#!/bin/bash',
    `# ionsweep array mode for ${o.sweepFile}: submit with  bash THIS_FILE`,
    '# It submits a job array (one Slurm array task per ionsweep task, results into the shared',
    '# directory below) and a collect job that aggregates them after the array ends (afterany).',
    '# Logs: ' + logs + '/. Resubmitting is safe: stored tasks are skipped, others resume.',
    'set -euo pipefail',
    `mkdir -p ${shellQuote(logs)}`,
    `array_job=$(sbatch --parsable <<'IONSWEEP_ARRAY'`,
    ...array,
    'IONSWEEP_ARRAY',
    ')',
    'array_job=${array_job%%;*}',
    `collect_job=$(sbatch --parsable --dependency=afterany:"$array_job" <<'IONSWEEP_COLLECT'`,
    ...collect,
    'IONSWEEP_COLLECT',
    ')',
    'echo "submitted array job $array_job and collect job ${collect_job%%;*} (runs after it)"',
    '',
  ].join('\n');
}
