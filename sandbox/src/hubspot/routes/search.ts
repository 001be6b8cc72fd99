import { z } from 'zod';
import { json } from '../../http/reply';
import type { Router } from '../../http/router';
import { parseJsonBody, validationError, zodValidationError } from '../errors';
import { requireScope, type HubSpotContext } from '../hubspotContext';
import type { StoredRecord } from '../hubspotStore';
import { resolveObjectType } from '../objectTypes';
import { serializeRecord } from '../records';
import { compareByProperty, compileFilter, type RecordPredicate } from '../search/filters';
import { objectScope } from './objects';

/** Search caps (contract §b.4): 200 per page, 10,000 results per query, `query` ≤ 3000 characters. */
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']),
  value: scalar.optional(),
  highValue: scalar.optional(),
  values: z.array(scalar).optional(),
});
const sortSchema = z.union([
  z.string().transform((text) => (text.startsWith('-') ? { propertyName: text.slice(1), direction: 'DESCENDING' as const } : { propertyName: text, direction: 'ASCENDING' as const })),
  z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);
const searchSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(sortSchema).default([]),
  query: z.string().max(3000).optional(),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).optional(),
});

/** `POST /crm/v3/objects/{objectType}/search`: filter groups OR'ed, filters AND'ed, offset cursors as strings. */
export function registerSearchRoutes(router: Router<HubSpotContext>): void {
  router.add('POST', '/crm/v3/objects/:objectType/search', (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    requireScope(context, objectScope(type, 'read'));
    const parsed = searchSchema.safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const search = parsed.data;
    if (search.limit > SEARCH_PAGE_LIMIT) throw validationError(`limit: ${search.limit} exceeds the maximum of ${SEARCH_PAGE_LIMIT}`);
    const limits = context.searchFilterLimits;
    const totalFilters = search.filterGroups.reduce((sum, group) => sum + group.filters.length, 0);
    if (search.filterGroups.length > limits.maxGroups || search.filterGroups.some((group) => group.filters.length > limits.maxFiltersPerGroup) || totalFilters > limits.maxFiltersTotal) {
      throw validationError(`Too many filters: at most ${limits.maxGroups} filterGroups, ${limits.maxFiltersPerGroup} filters per group and ${limits.maxFiltersTotal} filters in total are allowed`);
    }
    const offset = search.after === undefined || search.after === '' ? 0 : Number(search.after);
    if (!Number.isInteger(offset) || offset < 0) throw validationError(`after: "${search.after}" is not a valid paging cursor`);
    if (offset + search.limit > SEARCH_RESULT_CAP) throw validationError(`The search API returns at most ${SEARCH_RESULT_CAP} results per query; narrow the filters instead of paging past ${SEARCH_RESULT_CAP}.`);

    const definitions = context.store.properties(context.portalId, type.objectTypeId);
    const groups: RecordPredicate[][] = search.filterGroups.map((group) => group.filters.map((filter) => compileFilter(filter, definitions)));
    const queryTokens = search.query?.trim().toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    const matches: StoredRecord[] = [];
    for (const record of context.store.iterateRecords(context.portalId, type.objectTypeId)) {
      if (groups.length > 0 && !groups.some((group) => group.every((predicate) => predicate(record.properties)))) continue;
      if (queryTokens.length > 0) {
        const haystack = type.searchableProperties.map((name) => record.properties[name] ?? '').join(' ').toLowerCase();
        if (!queryTokens.every((token) => haystack.includes(token))) continue;
      }
      matches.push(record);
    }
    for (const sort of [...search.sorts].reverse()) {
      const comparator = compareByProperty(definitions.get(sort.propertyName), sort.propertyName, sort.direction);
      matches.sort((left, right) => comparator(left.properties, right.properties));
    }
    const page = matches.slice(offset, offset + search.limit);
    const body: Record<string, unknown> = { total: matches.length, results: page.map((record) => serializeRecord(type, record, { properties: search.properties })) };
    const nextOffset = offset + page.length;
    if (nextOffset < matches.length && nextOffset < SEARCH_RESULT_CAP && page.length > 0) body.paging = { next: { after: String(nextOffset) } };
    return json(200, body);
  });
}
