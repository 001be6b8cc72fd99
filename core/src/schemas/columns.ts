import { z } from 'zod';
import { INVALID, type ColumnKind, type ColumnSet, type RowOf } from './columnKinds';

export * from './columnKinds';

/** The zod schema of one column: the raw cell string, trimmed, to the converted value. */
export function columnSchema<Value>(kind: ColumnKind<Value>): z.ZodType<Value, string> {
  return z.string().transform((raw, context) => {
    const value = kind.convert(raw.trim());
    if (value === INVALID) {
      context.addIssue({ code: 'custom', message: `expected ${kind.expected}` });
      return z.NEVER;
    }
    return value;
  }) as unknown as z.ZodType<Value, string>;
}

/** The zod object schema for one CSV row (raw strings in, typed record out). */
export function rowSchema<Columns extends ColumnSet>(columns: Columns) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, columnKind] of Object.entries(columns)) shape[name] = columnSchema(columnKind);
  return z.object(shape) as unknown as z.ZodType<RowOf<Columns>, Record<keyof Columns, string>>;
}
