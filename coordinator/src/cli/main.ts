/**
 * The `ionsweep` command line. Every subcommand lives in commands/; this file wires them and
 * turns errors into exit codes: 2 for bad input (one line naming the argument), 1 for failures.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '@ionsweep/shared';
import { registerRigidity } from './commands/rigidity.js';
import { registerBuild } from './commands/build.js';
import { registerMd } from './commands/md.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerAnalyzeQuench } from './commands/analyze-quench.js';
import { registerRun } from './commands/run.js';
import { registerReport } from './commands/report.js';
import { registerCoordinator } from './commands/coordinator.js';
import { registerClient } from './commands/client.js';
import { registerAgent } from './commands/agent.js';
import { registerStructure } from './commands/structure.js';
import { registerForceField } from './commands/forcefield.js';
import { registerArray } from './commands/array.js';
import { ExitWith } from './exit.js';

export const VERSION = '0.1.0';

export function buildProgram(): Command {
  const program = new Command('ionsweep')
    .description(
      'Molecular-dynamics sweeps of glassy electrolytes turned into ionic conductivities with error bars, ' +
        'and the rigidity / hopping-conductivity model of Micoulaut, PRL 134, 036303 (2025).',
    )
    .version(VERSION);
  registerRigidity(program);
  registerBuild(program);
  registerMd(program);
  registerAnalyze(program);
  registerAnalyzeQuench(program);
  registerStructure(program);
  registerForceField(program);
  registerRun(program);
  registerArray(program);
  registerReport(program);
  registerCoordinator(program);
  registerAgent(program);
  registerClient(program);
  return program;
}

/** Applies exitOverride everywhere so commander errors come back as exceptions, not exits. */
function overrideExits(cmd: Command): void {
  cmd.exitOverride();
  // One line per error, in the same shape as ours: "ionsweep: <what> (see --help)".
  cmd.configureOutput({
    outputError: (text, write) => write(`ionsweep: ${text.trim().replace(/^error: /, '')} (see --help)\n`),
  });
  cmd.commands.forEach(overrideExits);
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  overrideExits(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version are not errors; commander already printed its message.
      return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code) ? 0 : 2;
    }
    if (err instanceof ExitWith) {
      process.stderr.write(`ionsweep: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof InputError) {
      process.stderr.write(`ionsweep: ${err.message}\n`);
      return 2;
    }
    // SQLite says "database or disk is full" for the store; say which, and what to do
    const full = (err as { code?: string }).code === 'SQLITE_FULL';
    const text = full
      ? 'the store (ionsweep.db) cannot grow: no space left on the device; free space and run again to resume'
      : err instanceof Error
        ? err.message
        : String(err);
    process.stderr.write(`ionsweep: ${text}\n`);
    if (process.env.IONSWEEP_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
