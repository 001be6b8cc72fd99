/**
 * Orders two strings by UTF-16 code units, as `<` does: the same answer on every machine and
 * locale (localeCompare's is neither), which sorted output and order-independent results need.
 */
export function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
