import { Client } from '@hubspot/api-client';
import { startSandbox, type SandboxHandle } from '../../sandbox';

/** Custom object schemas, properties and associations v4 through the real client (contract §b.2, §j.5-6). */
describe('HubSpot emulator: schemas, properties, associations', () => {
  let sandbox: SandboxHandle;
  let client: Client;
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.hubspot.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}`, 'Content-Type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    sandbox = await startSandbox({ hubspotRateLimitPer10s: 10_000, hubspotSearchPerSecond: 1000 });
    client = new Client({ accessToken: sandbox.hubspot.accessToken, basePath: sandbox.hubspot.baseUrl, limiterOptions: { minTime: 0, maxConcurrent: 10 } });
  });
  afterAll(() => sandbox.stop());

  it('creates a custom object schema (201, 2-… id, p<portal>_<name>) usable by name, id and FQN, also at /crm/v3/schemas', async () => {
    const schema = await client.crm.schemas.coreApi.create({
      name: 'creator', labels: { singular: 'Creator', plural: 'Creators' }, primaryDisplayProperty: 'handle',
      properties: [{ name: 'handle', label: 'Handle', type: 'string' as never, fieldType: 'text' as never, hasUniqueValue: true }, { name: 'followers', label: 'Followers', type: 'number' as never, fieldType: 'number' as never }],
      requiredProperties: ['handle'], searchableProperties: ['handle'], associatedObjects: ['CONTACT'], secondaryDisplayProperties: [],
    });
    expect(schema.objectTypeId).toMatch(/^2-\d+$/);
    expect(schema.fullyQualifiedName).toBe(`p${sandbox.hubspot.portalId}_creator`);
    expect(schema.properties.find((property) => property.name === 'handle')?.hasUniqueValue).toBe(true);
    expect(schema.associations.some((association) => association.toObjectTypeId === '0-1')).toBe(true);
    const alias = await raw('/crm/v3/schemas');
    expect(alias.status).toBe(200);
    expect(((await alias.json()) as { results: Array<{ objectTypeId: string }> }).results.map((result) => result.objectTypeId)).toEqual([schema.objectTypeId]);
    const again = await raw('/crm-object-schemas/v3/schemas', { method: 'POST', body: JSON.stringify({ name: 'creator', labels: { singular: 'C', plural: 'Cs' }, properties: [], requiredProperties: [], associatedObjects: [] }) });
    expect(again.status).toBe(409);

    for (const objectType of [schema.objectTypeId, schema.fullyQualifiedName, 'creator']) {
      const created = await client.crm.objects.basicApi.create(objectType, { properties: { handle: `@${objectType}`, followers: '1200' }, associations: [] });
      expect(created.properties.handle).toBe(`@${objectType}`);
    }
    await expect(client.crm.objects.basicApi.create(schema.objectTypeId, { properties: { followers: '5' }, associations: [] })).rejects.toMatchObject({ code: 400 });
    const upserted = await client.crm.objects.batchApi.upsert(schema.objectTypeId, { inputs: [{ idProperty: 'handle', id: `@${schema.objectTypeId}`, properties: { followers: '1300' } }] });
    expect(upserted.results[0]._new).toBe(false);
  });

  it('manages properties and groups', async () => {
    const group = await client.crm.properties.groupsApi.create('contacts', { name: 'attribution', label: 'Attribution', displayOrder: -1 });
    expect(group.name).toBe('attribution');
    const property = await client.crm.properties.coreApi.create('contacts', { name: 'first_touch_creator', label: 'First-touch creator', type: 'string' as never, fieldType: 'text' as never, groupName: 'attribution' });
    expect(property.groupName).toBe('attribution');
    await expect(client.crm.properties.coreApi.create('contacts', { name: 'first_touch_creator', label: 'Again', type: 'string' as never, fieldType: 'text' as never, groupName: 'attribution' })).rejects.toMatchObject({ code: 409 });
    const all = await client.crm.properties.coreApi.getAll('contacts');
    expect(all.results.map((result) => result.name)).toEqual(expect.arrayContaining(['email', 'first_touch_creator']));
    const archived = await raw('/crm/v3/properties/contacts/first_touch_creator', { method: 'DELETE' });
    expect(archived.status).toBe(204);
    await expect(client.crm.properties.coreApi.getByName('contacts', 'first_touch_creator')).rejects.toMatchObject({ code: 404 });
  });

  it('associates records (PUT 201 with labels, default 200, GET pages, batch 201/207) and keeps both directions', async () => {
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Assoc deal' }, associations: [] });
    const contacts = await client.crm.contacts.batchApi.create({ inputs: [1, 2, 3].map((index) => ({ properties: { email: `assoc${index}@example.com` }, associations: [] })) });
    const [first, second, third] = contacts.results.map((contact) => contact.id).sort((a, b) => Number(a) - Number(b));
    const single = await client.crm.associations.v4.basicApi.create('deals', deal.id, 'contacts', first, [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 3 }]);
    expect(single).toMatchObject({ fromObjectTypeId: '0-3', toObjectTypeId: '0-1', labels: [] });
    const byDefault = await raw(`/crm/v4/objects/deals/${deal.id}/associations/default/contacts/${second}`, { method: 'PUT' });
    expect(byDefault.status).toBe(200);
    const batch = await raw('/crm/v4/associations/deals/contacts/batch/create', {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ from: { id: deal.id }, to: { id: third }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }, { from: { id: deal.id }, to: { id: '99999999' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }] }),
    });
    expect(batch.status).toBe(207);
    const page = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'contacts', undefined, 2);
    expect(page.results.map((result) => String(result.toObjectId))).toEqual([first, second]);
    expect(page.results[0].associationTypes[0]).toMatchObject({ category: 'HUBSPOT_DEFINED', typeId: 3 });
    const rest = await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'contacts', page.paging?.next?.after, 2);
    expect(rest.results.map((result) => String(result.toObjectId))).toEqual([third]);
    expect(rest.paging).toBeUndefined();
    const reverse = await client.crm.associations.v4.basicApi.getPage('contacts', first, 'deals');
    expect(reverse.results).toEqual([expect.objectContaining({ toObjectId: Number(deal.id), associationTypes: [expect.objectContaining({ typeId: 4 })] })]);
    const withAssociations = await client.crm.deals.basicApi.getById(deal.id, undefined, undefined, ['contacts']);
    expect(withAssociations.associations?.contacts.results.map((result) => result.id).sort()).toEqual([first, second, third].sort());
  });

  it('creates user-defined association labels and writes labelled associations', async () => {
    const labels = await raw('/crm/v4/associations/contacts/companies/labels', { method: 'POST', body: JSON.stringify({ label: 'Referred by', name: 'referred_by' }) });
    expect(labels.status).toBe(200);
    const { results } = (await labels.json()) as { results: Array<{ typeId: number; category: string; label: string }> };
    expect(results[0]).toMatchObject({ category: 'USER_DEFINED', label: 'Referred by' });
    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'label@example.com' }, associations: [] });
    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Label Co' }, associations: [] });
    const created = await client.crm.associations.v4.basicApi.create('contacts', contact.id, 'companies', company.id, [{ associationCategory: 'USER_DEFINED' as never, associationTypeId: results[0].typeId }]);
    expect(created.labels).toEqual(['Referred by']);
  });
});
