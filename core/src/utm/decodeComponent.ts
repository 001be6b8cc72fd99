/**
 * Tolerant decoding of one URL query component, as browsers, link shorteners and creators
 * actually produce them: `+` means a space (application/x-www-form-urlencoded, WHATWG URL
 * standard §5.1), invalid percent sequences are kept literally instead of throwing (unlike
 * `decodeURIComponent`), and double or triple encoding (`%2520`, a redirector re-encoding an
 * already encoded URL) is undone while a valid escape remains. Invalid UTF-8 becomes U+FFFD.
 */

const MAX_DECODE_ROUNDS = 3;
const PERCENT = 37;
const PLUS = 43;

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function hasValidEscape(text: string): boolean {
  let position = text.indexOf('%');
  while (position >= 0 && position + 2 < text.length) {
    if (hexValue(text.charCodeAt(position + 1)) >= 0 && hexValue(text.charCodeAt(position + 2)) >= 0) return true;
    position = text.indexOf('%', position + 1);
  }
  return false;
}

/** One round of percent decoding that never throws. */
function percentDecodeOnce(text: string): string {
  let output = '';
  let bytes: number[] | undefined;
  let segmentStart = 0;
  const flushBytes = (): void => {
    if (bytes && bytes.length > 0) {
      output += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let position = 0; position < text.length; position++) {
    if (text.charCodeAt(position) !== PERCENT || position + 2 >= text.length) continue;
    const high = hexValue(text.charCodeAt(position + 1));
    const low = hexValue(text.charCodeAt(position + 2));
    if (high < 0 || low < 0) continue;
    if (segmentStart < position) {
      flushBytes();
      output += text.slice(segmentStart, position);
    }
    (bytes ??= []).push(high * 16 + low);
    position += 2;
    segmentStart = position + 1;
  }
  flushBytes();
  return output + text.slice(segmentStart);
}

/** Decodes a query key or value; returns the input itself when there is nothing to decode (no allocation). */
export function decodeComponent(raw: string): string {
  let text = raw;
  let hasPlus = false;
  for (let position = 0; position < text.length; position++) {
    if (text.charCodeAt(position) === PLUS) {
      hasPlus = true;
      break;
    }
  }
  if (hasPlus) text = text.replace(/\+/g, ' ');
  for (let round = 0; round < MAX_DECODE_ROUNDS && text.indexOf('%') >= 0 && hasValidEscape(text); round++) {
    text = percentDecodeOnce(text);
  }
  return text;
}

// Control characters are exactly what this pattern exists to strip from pasted URLs.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Removes control characters (a pasted tab, a NUL from a broken export) and surrounding whitespace. */
export function cleanText(text: string): string {
  CONTROL_CHARACTERS.lastIndex = 0;
  const cleaned = CONTROL_CHARACTERS.test(text) ? text.replace(CONTROL_CHARACTERS, ' ') : text;
  return cleaned.trim();
}
