import { Command, CommanderError } from 'commander';
import { InputError } from '../dataset/inputError';
import { CORE_COMMANDS } from './commands';
import { CommandOutcome, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from './commandOutcome';

export { CommandOutcome, EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK };
import { registerPluginCommands } from './plugins';

/**
 * The CLI with every command. Given the argument list, plugins load only when the command is not a
 * core one (or for help): loading the CRM clients costs several hundred milliseconds that
 * `compare` on a million touchpoints should not pay.
 */
export function createProgram(argv?: readonly string[]): Command {
  const program = new Command('attribution')
    .description('Pipeline Attribution: which creators, campaigns and channels brought in and moved your deals')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of CORE_COMMANDS) register(program);
  const commandName = argv?.find((argument) => !argument.startsWith('-'));
  const isCoreCommand = commandName !== undefined && program.commands.some((command) => command.name() === commandName || command.aliases().includes(commandName));
  if (!isCoreCommand) registerPluginCommands(program);
  program.commands.forEach((command) => command.exitOverride());
  return program;
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
