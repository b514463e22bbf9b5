/**
 * A real single-node Slurm (Debian's slurm-wlm) for the array-mode tests: its own munged (own key
 * and socket), slurmctld and slurmd in the foreground on free ports, state in a temporary
 * directory. `env` points sbatch, squeue and scontrol at it (SLURM_CONF).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nats.js';

export interface SlurmCluster {
  env: NodeJS.ProcessEnv;
  dir: string;
  /** job ids still in the queue */
  queued(): string[];
  stop(): Promise<void>;
}

/** Whether slurm-wlm and munge are installed and this process may run slurmd (root). */
export function slurmAvailable(): boolean {
  const have = (p: string) => spawnSync('sh', ['-c', `command -v ${p}`]).status === 0;
  return ['slurmctld', 'slurmd', 'sbatch', 'munged'].every(have) && userInfo().uid === 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`Slurm: timed out waiting for ${what}\n${log()}`);
    await sleep(200);
  }
}

export async function startSlurm(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ionsweep-slurm-'));
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(dir, d));
  const socket = join(dir, 'munge.socket');
  writeFileSync(join(dir, 'munge.key'), randomBytes(1024), { mode: 0o400 });
  const node = hostname().split('.')[0];
  const conf = join(dir, 'slurm.conf');
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  writeFileSync(
    conf,
    [
      'ClusterName=ionsweep-test',
      `SlurmctldHost=${node}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerType=sched/backfill',
      // schedule every 2 s, not every minute: the tests wait on it
      'SchedulerParameters=sched_interval=2',
      'MpiDefault=none',
      'ReturnToService=2',
      'JobRequeue=1',
      'JobCompType=jobcomp/none',
      'AccountingStorageType=accounting_storage/none',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${availableParallelism()} State=UNKNOWN`,
      'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const procs: ChildProcess[] = [];
  const start = (cmd: string, args: string[]) => {
    const p = spawn(cmd, args, { env, stdio: 'ignore' });
    procs.push(p);
    return p;
  };
  const logs = () =>
    ['slurmctld.log', 'slurmd.log']
      .map((f) => spawnSync('tail', ['-n', '15', join(dir, 'log', f)], { encoding: 'utf8' }).stdout)
      .join('\n');
  start('munged', [
    '-F',
    '-f',
    `--socket=${socket}`,
    `--key-file=${join(dir, 'munge.key')}`,
    `--pid-file=${join(dir, 'munged.pid')}`,
    `--log-file=${join(dir, 'log', 'munged.log')}`,
    `--seed-file=${join(dir, 'munged.seed')}`,
  ]);
  await until('munged', () => existsSync(socket), 10_000, logs);
  start('slurmctld', ['-D', '-i', '-f', conf]);
  start('slurmd', ['-D', '-f', conf]);
  const idle = () => spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim() === 'idle';
  await until('the node to be idle', idle, 30_000, logs);
  return {
    env,
    dir,
    queued: () => {
      // a busy controller can fail a query: say "still queued" rather than "empty"
      const r = spawnSync('squeue', ['-h', '-o', '%i'], { env, encoding: 'utf8' });
      return r.status === 0 ? r.stdout.split('\n').filter(Boolean) : ['(squeue failed)'];
    },
    async stop() {
      for (const p of procs.reverse()) {
        p.kill('SIGTERM');
        await new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r(null) : p.once('exit', r)));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
