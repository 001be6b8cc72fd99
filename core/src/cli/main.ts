import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { InputError } from '../dataset/inputError';
import { optionValues } from './argvOptions';
import { CORE_COMMANDS } from './commands';
import { CommandOutcome, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from './commandOutcome';

export { CommandOutcome, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK };
import { registerPluginCommands } from './plugins';

/**
 * The CLI. Given the argument list, only the command it names is loaded (a core command's module,
 * or the plugins for any other name); help and unknown commands load everything. Loading the CRM
 * clients costs several hundred milliseconds, and every core command together a few hundred more,
 * that `compare` on a million touchpoints should not pay.
 */
export function createProgram(argv?: readonly string[]): Command {
  const program = new Command('attribution')
    .description('Pipeline Attribution: which creators, campaigns and channels brought in and moved your deals')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // The command is the first argument when it names one; options before it (--help) mean the listing.
  const commandName = argv !== undefined && argv.length > 0 && !argv[0].startsWith('-') ? argv[0] : undefined;
  const named = CORE_COMMANDS.find((command) => command.name === commandName);
  if (named && argv && DATA_COMMANDS.has(named.name)) prestartRead(argv);
  if (named) named.load()(program);
  else {
    for (const command of CORE_COMMANDS) command.load()(program);
    registerPluginCommands(program);
  }
  program.commands.forEach((command) => command.exitOverride());
  return program;
}

/** Commands that read a data folder's touchpoints.csv (with --data or --touchpoints). */
const DATA_COMMANDS = new Set(['compare', 'credit', 'resolve', 'paths']);

/**
 * Starts reading the touchpoints file the arguments name, before the command's modules load
 * (readTouchpointFile.prestartTouchpointFileRead: its worker boots meanwhile). The arguments are
 * only looked at here; the command parses and checks them as always.
 */
function prestartRead(argv: readonly string[]): void {
  const data = optionValues(argv, '--data')[0];
  const touchpoints = optionValues(argv, '--touchpoints')[0] ?? (data !== undefined ? join(data, 'touchpoints.csv') : undefined);
  if (touchpoints === undefined || touchpoints.startsWith('-')) return;
  // A runtime require on purpose: commands that read no data never load the reader.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../dataset/readTouchpointFile') as typeof import('../dataset/readTouchpointFile')).prestartTouchpointFileRead(touchpoints);
}

/** The core package's version (package.json sits two folders above the compiled cli/main.js). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the CLI; resolves to the exit code. Bad input (files, parameters) exits 2 with one message
 * naming the file, line, column or parameter; other failures exit 1.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = createProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    if (error instanceof CommandOutcome) {
      if (error.message) process.stderr.write(`attribution: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof InputError) {
      process.stderr.write(`attribution: error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`attribution: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_FAILURE;
  }
}
