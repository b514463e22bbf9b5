/**
 * The `ionsweep` command line. Every subcommand lives in commands/; this file wires them and
 * turns errors into exit codes: 2 for bad input (one line naming the argument), 1 for failures.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '@ionsweep/shared';
import { ExitWith } from './exit.js';

export const VERSION = '0.1.0';

type Registrar = (program: Command) => void;

/**
 * Each top-level command and the module that registers it, in --help's order. Loaded on demand:
 * a command loads only its own module, so that `md run` (whose start-up counts against LAMMPS
 * in bench:md) does not load gRPC, NATS and Prometheus; --help and unknown commands load all.
 */
const COMMANDS: [names: string[], load: () => Promise<Registrar>][] = [
  [['rigidity'], async () => (await import('./commands/rigidity.js')).registerRigidity],
  [['build'], async () => (await import('./commands/build.js')).registerBuild],
  [['md'], async () => (await import('./commands/md.js')).registerMd],
  [['analyze'], async () => (await import('./commands/analyze.js')).registerAnalyze],
  [['analyze-quench'], async () => (await import('./commands/analyze-quench.js')).registerAnalyzeQuench],
  [['structure'], async () => (await import('./commands/structure.js')).registerStructure],
  [['forcefield'], async () => (await import('./commands/forcefield.js')).registerForceField],
  [['run'], async () => (await import('./commands/run.js')).registerRun],
  [['plan', 'collect', 'slurm'], async () => (await import('./commands/array.js')).registerArray],
  [['report'], async () => (await import('./commands/report.js')).registerReport],
  [['coordinator'], async () => (await import('./commands/coordinator.js')).registerCoordinator],
  [['agent'], async () => (await import('./commands/agent.js')).registerAgent],
  [
    ['submit', 'status', 'watch', 'results', 'cancel'],
    async () => (await import('./commands/client.js')).registerClient,
  ],
];

/** The CLI with every command, or with `command`'s alone when it names one. */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command('ionsweep')
    .description(
      'Molecular-dynamics sweeps of glassy electrolytes turned into ionic conductivities with error bars, ' +
        'and the rigidity / hopping-conductivity model of Micoulaut, PRL 134, 036303 (2025).',
    )
    .version(VERSION);
  const one = COMMANDS.find(([names]) => command !== undefined && names.includes(command));
  for (const entry of one ? [one] : COMMANDS) (await entry[1]())(program);
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
  try {
    const program = await buildProgram(argv[0]);
    overrideExits(program);
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
