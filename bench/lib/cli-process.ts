/** Runs the built `ionsweep` binary as a user would (build first: `npm run build`); tests and benchmarks. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// bench/lib (tests, run from source) or bench/dist/lib (compiled benchmarks)
const LIB = fileURLToPath(new URL('.', import.meta.url));
export const ROOT_DIR = resolve(LIB, LIB.includes('/bench/dist/') ? '../../..' : '../..');
export const BIN = join(ROOT_DIR, 'coordinator/bin/ionsweep.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 60_000,
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A long-lived `ionsweep` process (coordinator, agent) whose stderr is collected. */
export interface CliProcess {
  proc: ChildProcess;
  /** everything it wrote to stderr so far */
  log(): string;
  /** resolves when stderr matches `pattern` (rejects after `timeoutMs`) */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** sends `signal` and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startCli(args: readonly string[], env?: NodeJS.ProcessEnv): CliProcess {
  const proc = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: env ? { ...process.env, ...env } : process.env,
  });
  let text = '';
  proc.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return {
    proc,
    log: () => text,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (proc.exitCode !== null) throw new Error(`ionsweep ${args[0]} exited (${proc.exitCode}): ${text}`);
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${pattern} from ionsweep ${args[0]}: ${text}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
