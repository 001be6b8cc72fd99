/**
 * SOQL literals for values that come from data or users. SOQL has no bind variables over REST, so every
 * value is quoted and escaped (Salesforce "Quoted String Escape Sequences": \n \r \t \b \f \" \' \\),
 * and nothing else is ever concatenated into a query (AppExchange security review: SOQL injection).
 */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (character) => {
    switch (character) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${character}`;
    }
  });
  return `'${escaped}'`;
}

/** `('a','b')` for an IN clause; an empty list is an error, not an always-false query. */
export function soqlList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('an IN list needs at least one value');
  return `(${values.map(soqlString).join(',')})`;
}

/** A SOQL dateTime literal (unquoted, UTC): 2024-03-01T09:30:00Z. */
export function soqlDateTime(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new Error(`not a time: ${epochMs}`);
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Field and object names are identifiers, never data: only letters, digits, underscores and relationship dots. */
export function soqlIdentifier(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/.test(name)) throw new Error(`not a SOQL identifier: ${JSON.stringify(name)}`);
  return name;
}
