/**
 * Bad input: always names where (file, line, column) and what was expected.
 * The CLI turns it into exit code 2 and a one-line message; nothing is written.
 */
export class InputError extends Error {
  constructor(
    readonly detail: string,
    readonly location: { file?: string; line?: number; column?: string | number; field?: string } = {},
  ) {
    super(formatLocation(location) + detail);
    this.name = 'InputError';
  }
}

function formatLocation(location: InputError['location']): string {
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${typeof location.column === 'number' ? location.column : JSON.stringify(location.column)}`);
  if (location.field !== undefined) parts.push(`field ${JSON.stringify(location.field)}`);
  return parts.length > 0 ? parts.join(', ') + ': ' : '';
}
