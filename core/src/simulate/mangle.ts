import { Random } from './random';

/**
 * The ways real people damage a campaign tag on its way into a URL, with how often each happens
 * in a mangled link. The slug-level ones (suffix, truncation, typo) change what the tag says;
 * the others only change how it is written.
 */
export const TAG_MANGLES = [
  { name: 'upper case', weight: 3, apply: (tag: string) => tag.toUpperCase() },
  { name: 'title case with spaces', weight: 2, apply: (tag: string) => tag.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ') },
  { name: 'underscores', weight: 2, apply: (tag: string) => tag.replace(/-/g, '_') },
  { name: 'separators removed', weight: 1, apply: (tag: string) => tag.replace(/-/g, '') },
  { name: 'suffix added', weight: 3, apply: (tag: string, random: Random) => `${tag}-${random.pick(['story', 'reel', 'ig', 'bio', 'yt', 'post2', 'v2', 'swipeup'])}` },
  { name: 'prefix added', weight: 1, apply: (tag: string, random: Random) => `${random.pick(['ig', 'tt', 'new'])}-${tag}` },
  { name: 'truncated', weight: 2, apply: (tag: string, random: Random) => tag.slice(0, Math.max(6, Math.ceil(tag.length * (0.65 + 0.25 * random.uniform())))) },
  { name: 'typo', weight: 3, apply: (tag: string, random: Random) => typo(tag, random) },
  { name: 'stray whitespace', weight: 1, apply: (tag: string) => ` ${tag} ` },
] as const;

/** One random edit (substitution, deletion, insertion or adjacent transposition) at a letter. */
export function typo(text: string, random: Random): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const position = random.integer(1, Math.max(1, text.length - 2));
  switch (random.integer(0, 3)) {
    case 0:
      return text.slice(0, position) + random.pick([...letters]) + text.slice(position + 1);
    case 1:
      return text.slice(0, position) + text.slice(position + 1);
    case 2:
      return text.slice(0, position) + random.pick([...letters]) + text.slice(position);
    default:
      return position + 1 < text.length ? text.slice(0, position) + text[position + 1] + text[position] + text.slice(position + 2) : text;
  }
}

export function mangleTag(tag: string, random: Random): string {
  const index = random.weighted(TAG_MANGLES.map((mangle) => mangle.weight));
  return TAG_MANGLES[index].apply(tag, random);
}

/** How a campaign tag is written into the query string: plain, `+` or `%20` for spaces, double encoded. */
export function encodeTagValue(value: string, random: Random): string {
  const draw = random.uniform();
  if (draw < 0.15) return encodeURIComponent(encodeURIComponent(value));
  if (draw < 0.3) return encodeURIComponent(value).replace(/%20/g, '+');
  return encodeURIComponent(value);
}

/** Promo-code damage: case, spaces, O/0 and I/1 confusions, one edit. */
export function manglePromoCode(code: string, random: Random): string {
  switch (random.integer(0, 5)) {
    case 0:
      return code.toLowerCase();
    case 1:
      return code.replace(/(\D)(\d)/, '$1 $2');
    case 2:
      return code.includes('0') ? code.replace('0', 'O') : code.replace(/O/, '0');
    case 3:
      return code.includes('1') ? code.replace('1', 'I') : code.replace(/I/, '1');
    case 4:
      return ` ${code.toLowerCase()} `;
    default:
      return code.length >= 5 ? typo(code.toLowerCase(), random).toUpperCase() : code;
  }
}
