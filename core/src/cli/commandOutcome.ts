export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * A command that ran correctly but must report a failed outcome through its exit code (e.g.
 * `utm validate` found violations, exit 1). Its message, if any, goes to stderr.
 */
export class CommandOutcome extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
    this.name = 'CommandOutcome';
  }
}
