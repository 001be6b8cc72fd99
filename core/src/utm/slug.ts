import { cleanText, decodeComponent } from './decodeComponent';

/**
 * The canonical lower-case slug of a campaign name or tag: accents folded (NFKD without
 * combining marks), every run of other characters (spaces, `_`, `+`, `.`, emoji) one `-`.
 * `Maya Spring_2024!` → `maya-spring-2024`.
 */
export function canonicalSlug(raw: string): string {
  let text = raw;
  if (text.indexOf('%') >= 0 || text.indexOf('+') >= 0) text = decodeComponent(text);
  text = cleanText(text).normalize('NFKD').toLowerCase();
  return text.replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The slug without separators, for comparing `maya-spring24` with `mayaspring24`. */
export function compactSlug(slug: string): string {
  return slug.replace(/-/g, '');
}
