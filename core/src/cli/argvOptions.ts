/**
 * The values an option takes in an argument list (`--name value` or `--name=value`, in order), read
 * before the command's parser loads: for decisions taken at start-up (a second start under huge
 * pages, an early read of the touchpoints). The command itself parses and checks its arguments.
 */
export function optionValues(argv: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === name) {
      const value = argv[++index];
      if (value !== undefined) values.push(value);
    } else if (argument.startsWith(`${name}=`)) values.push(argument.slice(name.length + 1));
  }
  return values;
}
