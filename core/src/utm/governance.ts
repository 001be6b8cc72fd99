import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../dataset/inputError';
import { cleanText, decodeComponent } from './decodeComponent';
import { forEachQueryParameter, normalizeQueryKey } from './parseUrl';

/**
 * RevOps governance rules for tracking URLs. Example (examples/utm-governance.json):
 * { "requiredParameters": ["utm_source", "utm_medium", "utm_campaign"],
 *   "allowedSources": ["instagram", "tiktok"], "allowedMediums": ["influencer", "email"],
 *   "lowerCase": true, "maxLength": 80, "forbiddenCharacters": " <>\"'{}|\\^`",
 *   "forbidPersonalData": true }
 */
export const GovernanceRulesSchema = z
  .object({
    requiredParameters: z.array(z.string().regex(/^[a-z0-9_]+$/, 'parameter names are lower-case letters, digits and _')).default(['utm_source', 'utm_medium', 'utm_campaign']),
    allowedSources: z.array(z.string().min(1)).optional(),
    allowedMediums: z.array(z.string().min(1)).optional(),
    allowedHosts: z.array(z.string().min(1)).optional(),
    lowerCase: z.boolean().default(true),
    maxLength: z.number().int().positive().max(2048).default(100),
    forbiddenCharacters: z.string().default(' <>"\'{}|\\^`'),
    forbidPersonalData: z.boolean().default(true),
    /** URL templates by name for `utm build` (see buildTrackingUrl). */
    templates: z.record(z.string().min(1), z.string().min(1)).default({}),
  })
  .strict();

export type GovernanceRules = z.output<typeof GovernanceRulesSchema>;
export const DEFAULT_GOVERNANCE_RULES: GovernanceRules = GovernanceRulesSchema.parse({});

/** Validates rules from any JSON value; errors name the file and the field path. */
export function parseGovernanceRules(value: unknown, source = 'governance rules'): GovernanceRules {
  const result = GovernanceRulesSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(issue.message, { file: source, field: issue.path.length > 0 ? issue.path.join('.') : undefined });
}

export function readGovernanceRules(file: string): GovernanceRules {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read governance rules: ${(error as Error).message}`, { file });
  }
  return parseGovernanceRules(value, file);
}

const EMAIL = /[^\s@/?&=]+@[^\s@/?&=]+\.[a-z]{2,}/i;
/** Seven or more digits, optionally with +, spaces, dots, dashes or brackets: a phone number, not a date or an id like q2-2025. */
const PHONE = /(?:^|[^\d])(\+?\(?\d[\d\s().-]{6,}\d)(?:$|[^\d])/;

function looksLikePhone(value: string): boolean {
  const match = PHONE.exec(value);
  if (!match) return false;
  const digits = match[1].replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 && !/^(19|20)\d{2}(0[1-9]|1[0-2])\d{2}$/.test(digits);
}

/** The governance violations of one URL, one clear message each; empty when it passes. Never throws. */
export function validateTrackingUrl(rawUrl: string, rules: GovernanceRules = DEFAULT_GOVERNANCE_RULES): string[] {
  const violations: string[] = [];
  const url = cleanText(rawUrl);
  if (url === '') return ['the URL is empty'];
  if (url !== rawUrl.trim()) violations.push('the URL contains control characters');
  const parameters = new Map<string, string>();
  const hostMatch = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url);
  if (!hostMatch) violations.push('the URL has no scheme and host (expected https://host/...)');
  else if (rules.allowedHosts && !rules.allowedHosts.some((host) => hostMatch[1].toLowerCase().replace(/^www\./, '') === host.toLowerCase().replace(/^www\./, ''))) {
    violations.push(`host ${JSON.stringify(hostMatch[1])} is not an allowed host (allowed: ${rules.allowedHosts.join(', ')})`);
  }
  forEachQueryParameter(url, (rawKey, rawValue) => {
    const key = normalizeQueryKey(rawKey);
    if (!key.startsWith('utm_')) return;
    if (rawKey !== key) violations.push(`parameter name ${JSON.stringify(rawKey)} should be written ${key}`);
    const value = decodeComponent(rawValue);
    if (/%[^0-9a-f]|%[0-9a-f](?![0-9a-f])/i.test(rawValue)) violations.push(`${key} has invalid percent-encoding (${JSON.stringify(rawValue.slice(0, 40))})`);
    if (parameters.has(key)) {
      violations.push(`${key} is repeated`);
      if (parameters.get(key)!.trim() !== '') return;
    }
    parameters.set(key, value);
  });
  for (const required of rules.requiredParameters) {
    if (!parameters.has(required) || parameters.get(required)!.trim() === '') violations.push(`missing required parameter ${required}`);
  }
  for (const [key, value] of parameters) {
    if (value !== value.trim()) violations.push(`${key} ${JSON.stringify(value)} has leading or trailing spaces`);
    if (rules.lowerCase && value !== value.toLowerCase()) violations.push(`${key} ${JSON.stringify(value)} is not lower case`);
    if (value.length > rules.maxLength) violations.push(`${key} is ${value.length} characters long (maximum ${rules.maxLength})`);
    const forbidden = [...new Set([...value].filter((character) => rules.forbiddenCharacters.includes(character)))];
    if (forbidden.length > 0) violations.push(`${key} ${JSON.stringify(value.slice(0, 60))} contains forbidden character${forbidden.length > 1 ? 's' : ''} ${forbidden.map((character) => JSON.stringify(character)).join(' ')}`);
    if (rules.forbidPersonalData && EMAIL.test(value)) violations.push(`${key} contains an email address (no personal data in tracking parameters)`);
    else if (rules.forbidPersonalData && looksLikePhone(value)) violations.push(`${key} contains a phone number (no personal data in tracking parameters)`);
  }
  const source = parameters.get('utm_source');
  if (source !== undefined && source !== '' && rules.allowedSources && !rules.allowedSources.includes(source.trim().toLowerCase())) {
    violations.push(`utm_source ${JSON.stringify(source)} is not an allowed source (allowed: ${rules.allowedSources.join(', ')})`);
  }
  const medium = parameters.get('utm_medium');
  if (medium !== undefined && medium !== '' && rules.allowedMediums && !rules.allowedMediums.includes(medium.trim().toLowerCase())) {
    violations.push(`utm_medium ${JSON.stringify(medium)} is not an allowed medium (allowed: ${rules.allowedMediums.join(', ')})`);
  }
  return violations;
}
