/** Killing an embedded sweep mid-way, for the resume tests. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './cli.js';

/**
 * Runs `ionsweep run SWEEP --out DIR` and SIGKILLs it once DIR/checkpoints holds two files (past
 * the first checkpoint of two tasks, before their ends), or after 60 s.
 */
export async function killSweepAfterCheckpoints(sweep: string, dir: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'run', sweep, '--out', dir], { stdio: 'ignore' });
  const deadline = Date.now() + 60_000;
  const ckpts = join(dir, 'checkpoints');
  while (!(existsSync(ckpts) && readdirSync(ckpts).length >= 2) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
}
