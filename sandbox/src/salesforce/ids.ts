const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * Salesforce's 18-character id: the case-sensitive 15-character id plus a 3-character suffix
 * encoding which of its letters are upper case, five characters per suffix character.
 */
export function toEighteenCharacterId(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let flags = 0;
    for (let position = 0; position < 5; position++) {
      const character = id15[block * 5 + position];
      if (character >= 'A' && character <= 'Z') flags |= 1 << position;
    }
    suffix += CHECKSUM_ALPHABET[flags];
  }
  return id15 + suffix;
}

/** A new id: key prefix (3) + org pod marker (2) + base-62 sequence (10) + checksum (3). */
export function newSalesforceId(keyPrefix: string, sequence: number): string {
  let body = '';
  let value = sequence;
  for (let index = 0; index < 10; index++) {
    body = BASE62[value % 62] + body;
    value = Math.floor(value / 62);
  }
  return toEighteenCharacterId(`${keyPrefix}5g${body}`);
}

/** Accepts 15- and 18-character ids; returns the 18-character form or undefined. */
export function normaliseId(text: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(text)) return toEighteenCharacterId(text);
  if (/^[a-zA-Z0-9]{18}$/.test(text) && toEighteenCharacterId(text.slice(0, 15)) === text) return text;
  return undefined;
}
