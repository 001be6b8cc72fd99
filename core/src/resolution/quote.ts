/** A value quoted for an explanation a rep reads: JSON-quoted, long values cut at 80 characters. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? text.slice(0, 77) + '...' : text);
}
