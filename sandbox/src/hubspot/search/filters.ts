import { validationError } from '../errors';
import type { PropertyDefinition } from '../hubspotStore';

export type Operator = 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'BETWEEN' | 'IN' | 'NOT_IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'CONTAINS_TOKEN' | 'NOT_CONTAINS_TOKEN';

export interface SearchFilter {
  propertyName: string;
  operator: Operator;
  value?: string | number | boolean;
  highValue?: string | number | boolean;
  values?: Array<string | number | boolean>;
}

export type RecordPredicate = (properties: Record<string, string | null>) => boolean;

const isNumericType = (definition: PropertyDefinition | undefined): boolean => definition?.type === 'number';
const isTimeType = (definition: PropertyDefinition | undefined): boolean => definition?.type === 'datetime' || definition?.type === 'date';

/** Dates compare as epoch ms (HubSpot accepts ms or ISO strings in filters); numbers numerically; strings case-insensitively. */
function comparable(definition: PropertyDefinition | undefined, value: string | number | boolean): number | string {
  const text = String(value);
  if (isTimeType(definition)) {
    const millis = /^-?\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isFinite(millis)) throw validationError(`${text} is not a valid date value for ${definition?.name}`);
    return millis;
  }
  if (isNumericType(definition)) {
    const number = Number(text);
    if (!Number.isFinite(number)) throw validationError(`${text} is not a valid number for ${definition?.name}`);
    return number;
  }
  return text.toLowerCase();
}

function compare(left: number | string, right: number | string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** CONTAINS_TOKEN matches a whole word of the value; `*` is a wildcard (HubSpot search docs). */
function containsToken(value: string, token: string): boolean {
  const pattern = new RegExp(`^${token.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return value.toLowerCase().split(/[^\p{L}\p{N}@._*-]+/u).some((word) => pattern.test(word)) || pattern.test(value.toLowerCase());
}

/** Compiles one filter to a predicate over a record's stored properties. */
export function compileFilter(filter: SearchFilter, definitions: Map<string, PropertyDefinition>): RecordPredicate {
  const definition = definitions.get(filter.propertyName);
  if (!definition && filter.propertyName !== 'hs_object_id') throw validationError(`There was a problem with the request: property ${filter.propertyName} does not exist`);
  const name = filter.propertyName;
  const need = (value: unknown, what: string): string | number | boolean => {
    if (value === undefined || value === null) throw validationError(`Filter on ${name} with operator ${filter.operator} requires ${what}`);
    return value as string | number | boolean;
  };
  const present = (raw: string | null | undefined): raw is string => raw !== null && raw !== undefined && raw !== '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return (properties) => present(properties[name]);
    case 'NOT_HAS_PROPERTY':
      return (properties) => !present(properties[name]);
    case 'EQ':
    case 'NEQ': {
      const target = comparable(definition, need(filter.value, 'value'));
      const equal = (raw: string | null | undefined): boolean => present(raw) && compare(comparable(definition, raw), target) === 0;
      return filter.operator === 'EQ' ? (properties) => equal(properties[name]) : (properties) => !equal(properties[name]);
    }
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE': {
      const target = comparable(definition, need(filter.value, 'value'));
      const test = { LT: (c: number) => c < 0, LTE: (c: number) => c <= 0, GT: (c: number) => c > 0, GTE: (c: number) => c >= 0 }[filter.operator];
      return (properties) => {
        const raw = properties[name];
        return present(raw) && test(compare(comparable(definition, raw), target));
      };
    }
    case 'BETWEEN': {
      const low = comparable(definition, need(filter.value, 'value'));
      const high = comparable(definition, need(filter.highValue, 'highValue'));
      return (properties) => {
        const raw = properties[name];
        if (!present(raw)) return false;
        const value = comparable(definition, raw);
        return compare(value, low) >= 0 && compare(value, high) <= 0;
      };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!filter.values || filter.values.length === 0) throw validationError(`Filter on ${name} with operator ${filter.operator} requires values`);
      const targets = new Set(filter.values.map((value) => comparable(definition, value)));
      const member = (raw: string | null | undefined): boolean => present(raw) && targets.has(comparable(definition, raw));
      return filter.operator === 'IN' ? (properties) => member(properties[name]) : (properties) => !member(properties[name]);
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const token = String(need(filter.value, 'value'));
      const match = (raw: string | null | undefined): boolean => present(raw) && containsToken(raw, token);
      return filter.operator === 'CONTAINS_TOKEN' ? (properties) => match(properties[name]) : (properties) => !match(properties[name]);
    }
  }
}

/** Sort comparator over one property (missing values last), typed like filters. */
export function compareByProperty(definition: PropertyDefinition | undefined, name: string, direction: 'ASCENDING' | 'DESCENDING') {
  const sign = direction === 'DESCENDING' ? -1 : 1;
  return (left: Record<string, string | null>, right: Record<string, string | null>): number => {
    const a = left[name];
    const b = right[name];
    const aMissing = a === null || a === undefined || a === '';
    const bMissing = b === null || b === undefined || b === '';
    if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
    const numeric = name === 'hs_object_id' ? undefined : definition;
    const left1 = name === 'hs_object_id' ? Number(a) : comparable(numeric, a);
    const right1 = name === 'hs_object_id' ? Number(b) : comparable(numeric, b);
    return sign * compare(left1, right1);
  };
}
