import { ApiError } from '../../http/reply';
import { malformedQuery } from '../errors';
import type { FieldDefinition, SObjectDefinition } from '../metadata/describe';
import type { SchemaRegistry } from '../metadata/schemaRegistry';
import { attributes, formatValue } from '../serialize';
import type { FieldValue, SalesforceRecord, SalesforceStore } from '../sfStore';
import { normaliseId } from '../ids';
import { dateLiteralRange } from './dateLiterals';
import type { SoqlCondition, SoqlLiteral, SoqlQuery } from './soqlAst';

export interface QueryEnvironment {
  orgId: string;
  store: SalesforceStore;
  registry: SchemaRegistry;
  version: string;
  /** queryAll: include records in the recycle bin. */
  includeDeleted: boolean;
  now: number;
}

/** A resolved field path: the relationships to follow, then the field on the last object. */
interface ResolvedPath {
  relationships: Array<{ field: FieldDefinition; target: SObjectDefinition }>;
  field: FieldDefinition;
  /** Canonical names for the JSON output. */
  names: string[];
}

const MAX_RELATIONSHIP_DEPTH = 5;

function invalidField(name: string, object: SObjectDefinition): ApiError {
  return new ApiError(400, 'INVALID_FIELD', `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
}

function resolvePath(registry: SchemaRegistry, object: SObjectDefinition, path: string[]): ResolvedPath {
  if (path.length - 1 > MAX_RELATIONSHIP_DEPTH) throw malformedQuery(`relationship path ${path.join('.')} is deeper than ${MAX_RELATIONSHIP_DEPTH} levels`);
  // A leading segment equal to the object name is allowed ("SELECT Contact.Name FROM Contact").
  const segments = path.length > 1 && path[0].toLowerCase() === object.name.toLowerCase() ? path.slice(1) : path;
  const relationships: ResolvedPath['relationships'] = [];
  const names: string[] = [];
  let current = object;
  for (let index = 0; index < segments.length - 1; index++) {
    const segment = segments[index].toLowerCase();
    const reference = current.fields.find((candidate) => candidate.type === 'reference' && candidate.relationshipName?.toLowerCase() === segment);
    if (!reference) throw new ApiError(400, 'INVALID_FIELD', `Didn't understand relationship '${segments[index]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`);
    if (reference.referenceTo.length !== 1) throw malformedQuery(`polymorphic relationship ${reference.relationshipName} is not emulated`);
    const target = registry.get(reference.referenceTo[0]);
    relationships.push({ field: reference, target });
    names.push(reference.relationshipName as string);
    current = target;
  }
  const last = segments[segments.length - 1];
  const definition = current.fieldsByLowerName.get(last.toLowerCase());
  if (!definition) throw invalidField(last, current);
  names.push(definition.name);
  return { relationships, field: definition, names };
}

type Comparable = number | string | boolean;

/** A field value as a comparable (dates as day-start ms, datetimes as ms, strings lower-cased). */
function comparableValue(definition: FieldDefinition, value: FieldValue): Comparable | null {
  if (value === null || value === undefined) return null;
  switch (definition.type) {
    case 'date':
      return Date.parse(`${String(value)}T00:00:00Z`);
    case 'datetime':
      return Date.parse(String(value));
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    case 'id':
    case 'reference':
      return String(value).slice(0, 15).toLowerCase();
    default:
      return String(value).toLowerCase();
  }
}

function literalError(definition: FieldDefinition, literal: SoqlLiteral): ApiError {
  return malformedQuery(`value of filter criterion for field '${definition.name}' must be of type ${definition.type} and should not be enclosed in quotes${literal.kind === 'string' ? '' : ` (got ${literal.kind})`}`);
}

/** A literal as a comparable of the field's type, or the range a date literal spans. */
function comparableLiteral(definition: FieldDefinition, literal: SoqlLiteral, now: number): Comparable | null | { start: number; end: number } {
  if (literal.kind === 'null') return null;
  switch (definition.type) {
    case 'date':
    case 'datetime':
      if (literal.kind === 'dateLiteral') return dateLiteralRange(literal.name, literal.amount, now);
      if (definition.type === 'date' && literal.kind === 'date') return Date.parse(`${literal.value}T00:00:00Z`);
      if (definition.type === 'datetime' && literal.kind === 'datetime') return literal.millis;
      throw literalError(definition, literal);
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      if (literal.kind !== 'number') throw literalError(definition, literal);
      return literal.value;
    case 'boolean':
      if (literal.kind !== 'boolean') throw literalError(definition, literal);
      return literal.value;
    case 'id':
    case 'reference': {
      if (literal.kind !== 'string') throw literalError(definition, literal);
      const id = normaliseId(literal.value);
      if (!id) throw new ApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`);
      return id.slice(0, 15).toLowerCase();
    }
    default:
      if (literal.kind !== 'string') throw literalError(definition, literal);
      return literal.value.toLowerCase();
  }
}

function likePattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\*]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 'is');
}

type Getter = (record: SalesforceRecord) => FieldValue;

class Evaluator {
  private readonly parentCache = new Map<string, SalesforceRecord | null>();

  constructor(private readonly environment: QueryEnvironment) {}

  parent(id: FieldValue): SalesforceRecord | undefined {
    if (id === null || id === undefined) return undefined;
    const key = String(id);
    let cached = this.parentCache.get(key);
    if (cached === undefined) {
      cached = this.environment.store.get(this.environment.orgId, key) ?? null;
      this.parentCache.set(key, cached);
    }
    return cached ?? undefined;
  }

  getter(path: ResolvedPath): Getter {
    return (record) => {
      let current: SalesforceRecord | undefined = record;
      for (const step of path.relationships) {
        current = this.parent(current.fields[step.field.name]);
        if (!current) return null;
      }
      return current.fields[path.field.name] ?? null;
    };
  }

  /** Compiles a WHERE condition to a predicate, validating every field and literal first. */
  compile(object: SObjectDefinition, condition: SoqlCondition): (record: SalesforceRecord) => boolean {
    if (condition.kind === 'and' || condition.kind === 'or') {
      const items = condition.items.map((item) => this.compile(object, item));
      return condition.kind === 'and' ? (record) => items.every((item) => item(record)) : (record) => items.some((item) => item(record));
    }
    if (condition.kind === 'not') {
      const item = this.compile(object, condition.item);
      return (record) => !item(record);
    }
    return this.compileComparison(object, condition as Extract<SoqlCondition, { kind: 'compare' }>);
  }

  private compileComparison(object: SObjectDefinition, condition: Extract<SoqlCondition, { kind: 'compare' }>): (record: SalesforceRecord) => boolean {
    const path = resolvePath(this.environment.registry, object, condition.path);
    const definition = path.field;
    const get = this.getter(path);
    const value = (record: SalesforceRecord): Comparable | null => comparableValue(definition, get(record));
    const now = this.environment.now;
    if (condition.operator === 'IN' || condition.operator === 'NOT IN') {
      const literals = condition.value as SoqlLiteral[];
      const targets = literals.map((literal) => comparableLiteral(definition, literal, now));
      if (targets.some((target) => target !== null && typeof target === 'object')) throw malformedQuery('date literals are not allowed in IN lists');
      const set = new Set(targets as Array<Comparable | null>);
      const member = (record: SalesforceRecord): boolean => set.has(value(record));
      return condition.operator === 'IN' ? member : (record) => !member(record);
    }
    const literal = condition.value as SoqlLiteral;
    if (condition.operator === 'LIKE') {
      if (!['string', 'textarea', 'picklist', 'email', 'phone', 'url', 'multipicklist'].includes(definition.type)) throw new ApiError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field '${definition.name}': LIKE`);
      if (literal.kind !== 'string') throw literalError(definition, literal);
      const pattern = likePattern(literal.value);
      return (record) => {
        const raw = get(record);
        return raw !== null && pattern.test(String(raw));
      };
    }
    const target = comparableLiteral(definition, literal, now);
    if (target === null) {
      if (condition.operator === '=') return (record) => value(record) === null;
      if (condition.operator === '!=') return (record) => value(record) !== null;
      throw malformedQuery(`null can only be compared with = or !=`);
    }
    if (typeof target === 'object') {
      // A date literal is a range: "=" means inside it, "<" before its start, ">" after its end.
      const { start, end } = target;
      const tests: Record<string, (millis: number) => boolean> = {
        '=': (millis) => millis >= start && millis < end,
        '!=': (millis) => millis < start || millis >= end,
        '<': (millis) => millis < start,
        '<=': (millis) => millis < end,
        '>': (millis) => millis >= end,
        '>=': (millis) => millis >= start,
      };
      const test = tests[condition.operator];
      return (record) => {
        const millis = value(record);
        return millis !== null && test(millis as number);
      };
    }
    const compare = {
      '=': (left: Comparable) => left === target,
      '!=': (left: Comparable) => left !== target,
      '<': (left: Comparable) => left < target,
      '<=': (left: Comparable) => left <= target,
      '>': (left: Comparable) => left > target,
      '>=': (left: Comparable) => left >= target,
    }[condition.operator as '=' | '!=' | '<' | '<=' | '>' | '>='];
    if (condition.operator === '!=') return (record) => value(record) !== target;
    return (record) => {
      const left = value(record);
      return left !== null && compare(left);
    };
  }
}

function sortRecords(records: SalesforceRecord[], order: Array<{ comparable: (record: SalesforceRecord) => Comparable | null; descending: boolean; nullsLast: boolean }>): void {
  if (order.length === 0) return;
  records.sort((left, right) => {
    for (const item of order) {
      const a = item.comparable(left);
      const b = item.comparable(right);
      if (a === b) continue;
      if (a === null) return item.nullsLast ? 1 : -1;
      if (b === null) return item.nullsLast ? -1 : 1;
      const result = a < b ? -1 : 1;
      return item.descending ? -result : result;
    }
    return 0;
  });
}

/**
 * The records a query can match: when the WHERE clause (or one AND-ed term of it) pins Id or an
 * indexed external-id/unique field with = or IN, only those records are read (an index lookup);
 * otherwise every record of the object. The full predicate is still applied to each candidate.
 */
function candidateRecords(where: SoqlCondition | undefined, object: SObjectDefinition, environment: QueryEnvironment): Iterable<SalesforceRecord> {
  const fromIndex = (condition: SoqlCondition | undefined): SalesforceRecord[] | undefined => {
    if (!condition) return undefined;
    if (condition.kind === 'and') {
      for (const item of condition.items) {
        const found = fromIndex(item);
        if (found) return found;
      }
      return undefined;
    }
    if (condition.kind !== 'compare' || condition.path.length !== 1 || (condition.operator !== '=' && condition.operator !== 'IN')) return undefined;
    const definition = object.fieldsByLowerName.get(condition.path[0].toLowerCase());
    // The value index drops deleted records, so queryAll only takes the Id shortcut.
    if (!definition || !(definition.name === 'Id' || ((definition.externalId || definition.unique) && !environment.includeDeleted))) return undefined;
    const literals = Array.isArray(condition.value) ? condition.value : [condition.value];
    if (literals.some((literal) => literal.kind !== 'string')) return undefined;
    const values = literals.map((literal) => (literal as { value: string }).value);
    const ids = new Set<string>();
    for (const value of values) {
      if (definition.name === 'Id') {
        const id = normaliseId(value);
        if (id) ids.add(id);
      } else {
        for (const id of environment.store.findIndexed(environment.orgId, object.name, definition.name, definition.caseSensitive ? value : value.toLowerCase())) ids.add(id);
      }
    }
    return [...ids]
      .map((id) => environment.store.get(environment.orgId, id))
      .filter((record): record is SalesforceRecord => record !== undefined && record.sobject === object.name)
      .sort((left, right) => left.seq - right.seq);
  };
  return fromIndex(where) ?? environment.store.iterate(environment.orgId, object.name);
}

/** Runs a parsed SOQL query: returns the total size and the records as the REST API shapes them. */
export function executeSoql(query: SoqlQuery, environment: QueryEnvironment): { totalSize: number; records: Record<string, unknown>[] } {
  const object = environment.registry.find(query.from);
  if (!object || !object.queryable) {
    throw new ApiError(400, 'INVALID_TYPE', `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`);
  }
  const evaluator = new Evaluator(environment);
  const selected = query.select.map((item) => (item.kind === 'field' ? { item, path: resolvePath(environment.registry, object, item.path) } : { item, path: undefined }));
  const subqueries = query.select.filter((item): item is Extract<typeof item, { kind: 'subquery' }> => item.kind === 'subquery').map((item) => {
    const relationship = object.childRelationships.find((candidate) => candidate.relationshipName.toLowerCase() === item.query.from.toLowerCase());
    if (!relationship) throw new ApiError(400, 'INVALID_TYPE', `Didn't understand relationship '${item.query.from}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`);
    const child = environment.registry.get(relationship.childSObject);
    return { query: item.query, relationship, child, predicate: item.query.where ? evaluator.compile(child, item.query.where) : undefined };
  });
  const predicate = query.where ? evaluator.compile(object, query.where) : undefined;
  const order = query.orderBy.map((item) => {
    const path = resolvePath(environment.registry, object, item.path);
    const get = evaluator.getter(path);
    return { comparable: (record: SalesforceRecord) => comparableValue(path.field, get(record)), descending: item.descending, nullsLast: item.nullsLast };
  });

  let matches: SalesforceRecord[] = [];
  for (const record of candidateRecords(query.where, object, environment)) {
    if (record.isDeleted && !environment.includeDeleted) continue;
    if (predicate && !predicate(record)) continue;
    matches.push(record);
  }
  sortRecords(matches, order);
  matches = matches.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
  if (query.count) return { totalSize: matches.length, records: [] };

  // Child subqueries: one pass over each child object, grouped by parent id.
  const childrenByRelationship = subqueries.map((subquery) => {
    const parentIds = new Set(matches.map((record) => record.id));
    const grouped = new Map<string, SalesforceRecord[]>();
    for (const child of environment.store.iterate(environment.orgId, subquery.child.name)) {
      if (child.isDeleted) continue;
      const parentId = child.fields[subquery.relationship.field];
      if (typeof parentId !== 'string' || !parentIds.has(parentId)) continue;
      if (subquery.predicate && !subquery.predicate(child)) continue;
      const list = grouped.get(parentId) ?? [];
      list.push(child);
      grouped.set(parentId, list);
    }
    const childOrder = subquery.query.orderBy.map((item) => {
      const path = resolvePath(environment.registry, subquery.child, item.path);
      const get = evaluator.getter(path);
      return { comparable: (record: SalesforceRecord) => comparableValue(path.field, get(record)), descending: item.descending, nullsLast: item.nullsLast };
    });
    const childSelected = subquery.query.select.map((item) => resolvePath(environment.registry, subquery.child, (item as { path: string[] }).path));
    return { subquery, grouped, childOrder, childSelected };
  });

  const project = (target: SObjectDefinition, record: SalesforceRecord, paths: ResolvedPath[]): Record<string, unknown> => {
    const json: Record<string, unknown> = { attributes: attributes(target, record.id, environment.version) };
    for (const path of paths) {
      let container = json;
      let current: SalesforceRecord | undefined = record;
      for (const [index, step] of path.relationships.entries()) {
        const name = path.names[index];
        current = current ? evaluator.parent(current.fields[step.field.name]) : undefined;
        if (!current) {
          if (!(name in container)) container[name] = null;
          current = undefined;
          break;
        }
        let nested = container[name] as Record<string, unknown> | null | undefined;
        if (!nested) {
          nested = { attributes: attributes(step.target, current.id, environment.version) };
          container[name] = nested;
        }
        container = nested;
      }
      if (current) container[path.field.name] = formatValue(path.field, current.fields[path.field.name]);
    }
    return json;
  };

  const fieldPaths = selected.filter((entry) => entry.path).map((entry) => entry.path as ResolvedPath);
  const records = matches.map((record) => {
    const json = project(object, record, fieldPaths);
    for (const { subquery, grouped, childOrder, childSelected } of childrenByRelationship) {
      let children = grouped.get(record.id) ?? [];
      sortRecords(children, childOrder);
      children = children.slice(subquery.query.offset ?? 0, subquery.query.limit === undefined ? undefined : (subquery.query.offset ?? 0) + subquery.query.limit);
      json[subquery.relationship.relationshipName] = children.length === 0 ? null : { totalSize: children.length, done: true, records: children.map((child) => project(subquery.child, child, childSelected)) };
    }
    return json;
  });
  return { totalSize: records.length, records };
}
