import { z } from 'zod';
import { json, noContent } from '../../http/reply';
import type { Router } from '../../http/router';
import { conflict, notFound, parseJsonBody, validationError, zodValidationError } from '../errors';
import type { HubSpotContext } from '../hubspotContext';
import { definitionFromSeed, type PropertyDefinition } from '../hubspotStore';
import { resolveObjectType } from '../objectTypes';

const optionSchema = z.object({ label: z.string(), value: z.string(), displayOrder: z.number().int().optional(), hidden: z.boolean().optional(), description: z.string().optional() });
export const propertyCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and underscores, starting with a letter'),
  label: z.string().min(1),
  type: z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number']),
  fieldType: z.enum(['textarea', 'text', 'date', 'file', 'number', 'select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation', 'phonenumber', 'html']),
  groupName: z.string().optional(),
  description: z.string().optional(),
  options: z.array(optionSchema).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  externalOptions: z.boolean().optional(),
  calculationFormula: z.string().optional(),
  referencedObjectType: z.string().optional(),
});
const propertyUpdateSchema = propertyCreateSchema.omit({ name: true, hasUniqueValue: true }).partial();
const groupSchema = z.object({ name: z.string().regex(/^[a-z][a-z0-9_]*$/), label: z.string().min(1), displayOrder: z.number().int().default(-1) });

function createProperty(context: HubSpotContext, objectTypeId: string, input: z.infer<typeof propertyCreateSchema>): PropertyDefinition {
  const existing = context.store.properties(context.portalId, objectTypeId);
  if (existing.has(input.name) && !existing.get(input.name)?.archived) throw conflict(`A property named '${input.name}' already exists.`, { context: { name: [input.name] } });
  const groupName = input.groupName ?? context.store.groups(context.portalId, objectTypeId)[0]?.name ?? 'default';
  if (!context.store.groups(context.portalId, objectTypeId).some((group) => group.name === groupName)) throw validationError(`Property group ${groupName} does not exist`);
  if (input.type === 'enumeration' && (!input.options || input.options.length === 0) && !input.externalOptions) throw validationError(`Enumeration property ${input.name} needs options`);
  const now = new Date(context.now()).toISOString();
  const definition: PropertyDefinition = {
    ...definitionFromSeed({ name: input.name, label: input.label, type: input.type, fieldType: input.fieldType, groupName, hasUniqueValue: input.hasUniqueValue, options: input.options }, input.displayOrder ?? existing.size, now),
    description: input.description ?? '',
    hidden: input.hidden ?? false,
    formField: input.formField ?? true,
    externalOptions: input.externalOptions ?? false,
  };
  context.store.putProperty(context.portalId, objectTypeId, definition);
  return definition;
}

/** Properties and property groups at `/crm/v3/properties/{objectType}` (contract §b.2). */
export function registerPropertyRoutes(router: Router<HubSpotContext>): void {
  const base = '/crm/v3/properties/:objectType';
  router.add('GET', `${base}/groups`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    return json(200, { results: context.store.groups(context.portalId, type.objectTypeId) });
  });
  router.add('POST', `${base}/groups`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const parsed = groupSchema.safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    if (context.store.groups(context.portalId, type.objectTypeId).some((group) => group.name === parsed.data.name)) throw conflict(`A property group named '${parsed.data.name}' already exists.`);
    const group = { ...parsed.data, archived: false };
    context.store.putGroup(context.portalId, type.objectTypeId, group);
    return json(201, group);
  });
  router.add('GET', `${base}/groups/:groupName`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const group = context.store.groups(context.portalId, type.objectTypeId).find((candidate) => candidate.name === request.params.groupName);
    if (!group) throw notFound(`Property group ${request.params.groupName} does not exist`);
    return json(200, group);
  });
  router.add('PATCH', `${base}/groups/:groupName`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const group = context.store.groups(context.portalId, type.objectTypeId).find((candidate) => candidate.name === request.params.groupName);
    if (!group) throw notFound(`Property group ${request.params.groupName} does not exist`);
    const parsed = groupSchema.omit({ name: true }).partial().safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const updated = { ...group, ...parsed.data };
    context.store.putGroup(context.portalId, type.objectTypeId, updated);
    return json(200, updated);
  });
  router.add('DELETE', `${base}/groups/:groupName`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    context.store.deleteGroup(context.portalId, type.objectTypeId, request.params.groupName);
    return noContent();
  });

  router.add('POST', `${base}/batch/create`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const parsed = z.object({ inputs: z.array(propertyCreateSchema) }).safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const results = context.store.database.transaction(() => parsed.data.inputs.map((input) => createProperty(context, type.objectTypeId, input)))();
    const now = new Date().toISOString();
    return json(201, { status: 'COMPLETE', results, startedAt: now, completedAt: now });
  });
  router.add('POST', `${base}/batch/read`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const parsed = z.object({ inputs: z.array(z.object({ name: z.string() })), archived: z.boolean().default(false) }).safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const definitions = context.store.properties(context.portalId, type.objectTypeId);
    const results = parsed.data.inputs.map((input) => definitions.get(input.name)).filter((definition): definition is PropertyDefinition => !!definition && definition.archived === parsed.data.archived);
    const now = new Date().toISOString();
    return json(200, { status: 'COMPLETE', results, startedAt: now, completedAt: now });
  });
  router.add('POST', `${base}/batch/archive`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const parsed = z.object({ inputs: z.array(z.object({ name: z.string() })) }).safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const definitions = context.store.properties(context.portalId, type.objectTypeId);
    for (const input of parsed.data.inputs) {
      const definition = definitions.get(input.name);
      if (definition && definition.modificationMetadata.archivable) context.store.putProperty(context.portalId, type.objectTypeId, { ...definition, archived: true });
    }
    return noContent();
  });

  router.add('GET', base, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const archived = request.query.get('archived') === 'true';
    return json(200, { results: [...context.store.properties(context.portalId, type.objectTypeId).values()].filter((definition) => definition.archived === archived) });
  });
  router.add('POST', base, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const parsed = propertyCreateSchema.safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    return json(201, createProperty(context, type.objectTypeId, parsed.data));
  });
  router.add('GET', `${base}/:propertyName`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const definition = context.store.properties(context.portalId, type.objectTypeId).get(request.params.propertyName);
    if (!definition || definition.archived !== (request.query.get('archived') === 'true')) throw notFound(`Unable to find property ${request.params.propertyName}`);
    return json(200, definition);
  });
  router.add('PATCH', `${base}/:propertyName`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const definition = context.store.properties(context.portalId, type.objectTypeId).get(request.params.propertyName);
    if (!definition || definition.archived) throw notFound(`Unable to find property ${request.params.propertyName}`);
    const parsed = propertyUpdateSchema.safeParse(parseJsonBody(request.rawBody));
    if (!parsed.success) throw zodValidationError(parsed.error.issues);
    const updated: PropertyDefinition = { ...definition, ...parsed.data, options: parsed.data.options ?? definition.options, updatedAt: new Date(context.now()).toISOString() } as PropertyDefinition;
    context.store.putProperty(context.portalId, type.objectTypeId, updated);
    return json(200, updated);
  });
  router.add('DELETE', `${base}/:propertyName`, (request, context) => {
    const type = resolveObjectType(context.store, context.portalId, request.params.objectType);
    const definition = context.store.properties(context.portalId, type.objectTypeId).get(request.params.propertyName);
    if (definition && !definition.modificationMetadata.archivable) throw validationError(`Property ${definition.name} is a HubSpot default property and cannot be archived`);
    if (definition) context.store.putProperty(context.portalId, type.objectTypeId, { ...definition, archived: true });
    return noContent();
  });
}
