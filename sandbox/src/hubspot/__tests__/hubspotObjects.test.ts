import { Client } from '@hubspot/api-client';
import { startSandbox, type SandboxHandle } from '../../sandbox';

/** Conformance of the CRM object endpoints, driven by the real @hubspot/api-client 14 (contract §b, §j). */
describe('HubSpot emulator: objects, batch, upsert, search', () => {
  let sandbox: SandboxHandle;
  let client: Client;
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.hubspot.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}`, 'Content-Type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    // Limits have their own tests; here they are raised so the calls under test are not throttled.
    sandbox = await startSandbox({ hubspotRateLimitPer10s: 10_000, hubspotSearchPerSecond: 1000 });
    client = new Client({ accessToken: sandbox.hubspot.accessToken, basePath: sandbox.hubspot.baseUrl, limiterOptions: { minTime: 0, maxConcurrent: 10 } });
  });
  afterAll(() => sandbox.stop());

  it('creates, reads, updates and archives a contact with HubSpot status codes and string properties', async () => {
    const created = await client.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties.hs_object_id).toBe(created.id);
    expect(created.createdAt).toBeInstanceOf(Date);
    const read = await client.crm.contacts.basicApi.getById(created.id, ['email', 'firstname']);
    expect(read.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Ada' });
    const byEmail = await client.crm.contacts.basicApi.getById('ada@example.com', ['lastname'], undefined, undefined, false, 'email');
    expect(byEmail.id).toBe(created.id);
    const updated = await client.crm.contacts.basicApi.update(created.id, { properties: { lastname: 'King' } });
    expect(updated.properties.lastname).toBe('King');
    const deleted = await raw(`/crm/v3/objects/contacts/${created.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    await expect(client.crm.contacts.basicApi.getById(created.id)).rejects.toMatchObject({ code: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND' } });
  });

  it('sends application/json;charset=UTF-8 on every JSON response, errors included', async () => {
    const ok = await raw('/crm/v3/objects/contacts?limit=1');
    expect(ok.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const error = await fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/contacts`);
    expect(error.status).toBe(401);
    expect(error.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = (await error.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects unknown properties and bad values with one 400 VALIDATION_ERROR', async () => {
    await expect(client.crm.deals.basicApi.create({ properties: { dealname: 'x', amount: 'lots', nope: '1' }, associations: [] })).rejects.toMatchObject({
      code: 400,
      body: { category: 'VALIDATION_ERROR', message: expect.stringContaining('PROPERTY_DOESNT_EXIST') },
    });
    await expect(client.crm.deals.basicApi.create({ properties: { dealname: 'x', dealstage: 'not-a-stage' }, associations: [] })).rejects.toMatchObject({ code: 400 });
  });

  it('batch create answers 201, batch read with a missing id 207 with numErrors, more than 100 inputs 400', async () => {
    const created = await client.crm.companies.batchApi.create({ inputs: [1, 2, 3].map((index) => ({ properties: { name: `Company ${index}`, domain: `c${index}.example` }, associations: [] })) });
    expect(created.results).toHaveLength(3);
    expect('numErrors' in created && created.numErrors).toBeFalsy();
    const read = await client.crm.companies.batchApi.read({ inputs: [{ id: created.results[0].id }, { id: '987654321' }], properties: ['name'], propertiesWithHistory: [] });
    expect(read.results).toHaveLength(1);
    expect((read as { numErrors?: number }).numErrors).toBe(1);
    const rawCreate = await raw('/crm/v3/objects/companies/batch/create', { method: 'POST', body: JSON.stringify({ inputs: [{ properties: { name: 'raw' } }] }) });
    expect(rawCreate.status).toBe(201);
    const tooMany = await raw('/crm/v3/objects/companies/batch/create', { method: 'POST', body: JSON.stringify({ inputs: Array.from({ length: 101 }, () => ({ properties: { name: 'n' } })) }) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ category: 'VALIDATION_ERROR' });
    const archived = await raw('/crm/v3/objects/companies/batch/archive', { method: 'POST', body: JSON.stringify({ inputs: [{ id: created.results[1].id }] }) });
    expect(archived.status).toBe(204);
  });

  it('upserts by a unique-value property and flags new records', async () => {
    await client.crm.properties.coreApi.create('deals', { name: 'external_key', label: 'External key', type: 'string' as never, fieldType: 'text' as never, groupName: 'dealinformation', hasUniqueValue: true });
    const first = await client.crm.deals.batchApi.upsert({ inputs: [{ idProperty: 'external_key', id: 'd-1', properties: { dealname: 'One', amount: '100' } }] });
    expect(first.results[0]._new).toBe(true);
    expect(first.results[0].properties.external_key).toBe('d-1');
    const second = await client.crm.deals.batchApi.upsert({ inputs: [{ idProperty: 'external_key', id: 'd-1', properties: { amount: '250' } }, { idProperty: 'external_key', id: 'd-2', properties: { dealname: 'Two' } }] });
    expect(second.results.map((result) => result._new).sort()).toEqual([false, true]);
    const updated = second.results.find((result) => !result._new);
    expect(updated?.id).toBe(first.results[0].id);
    expect(updated?.properties.amount).toBe('250');
    const duplicate = await raw('/crm/v3/objects/deals/batch/upsert', { method: 'POST', body: JSON.stringify({ inputs: [{ idProperty: 'external_key', id: 'd-3', properties: {} }, { idProperty: 'external_key', id: 'd-3', properties: {} }] }) });
    expect(duplicate.status).toBe(400);
    const conflict = await raw('/crm/v3/objects/deals', { method: 'POST', body: JSON.stringify({ properties: { dealname: 'dup', external_key: 'd-1' } }) });
    expect(conflict.status).toBe(409);
  });

  it('pages list results with a string after cursor until paging disappears', async () => {
    await client.crm.objects.batchApi.create('companies', { inputs: Array.from({ length: 23 }, (_, index) => ({ properties: { name: `Paged ${index}` }, associations: [] })) });
    const seen = new Set<string>();
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await client.crm.companies.basicApi.getPage(10, after, ['name']);
      page.results.forEach((record) => seen.add(record.id));
      after = page.paging?.next?.after;
      if (after !== undefined) expect(typeof after).toBe('string');
      pages++;
    } while (after);
    const all = await client.crm.companies.getAll(100);
    expect(seen.size).toBe(all.length);
    expect(pages).toBe(Math.ceil(all.length / 10) + (all.length % 10 === 0 ? 1 : 0));
  });

  it('searches with OR-ed filter groups, sorts, query and string offsets; caps limit at 200 and total at 10,000', async () => {
    await client.crm.deals.batchApi.create({
      inputs: [50, 150, 250, 350, 450].map((amount) => ({ properties: { dealname: `Search deal ${amount}`, amount: String(amount), dealstage: amount > 300 ? 'closedwon' : 'qualifiedtobuy' }, associations: [] })),
    });
    const result = await client.crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'amount', operator: 'GTE' as never, value: '400' }] },
        { filters: [{ propertyName: 'amount', operator: 'BETWEEN' as never, value: '100', highValue: '200' }, { propertyName: 'dealstage', operator: 'EQ' as never, value: 'qualifiedtobuy' }] },
      ],
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' } as never],
      properties: ['amount', 'dealname'],
      limit: 1,
      after: '0',
    });
    expect(result.total).toBe(2);
    expect(result.results[0].properties.amount).toBe('450');
    expect(result.paging?.next?.after).toBe('1');
    const next = await client.crm.deals.searchApi.doSearch({ filterGroups: result.total ? [{ filters: [{ propertyName: 'amount', operator: 'GTE' as never, value: '400' }] }, { filters: [{ propertyName: 'amount', operator: 'BETWEEN' as never, value: '100', highValue: '200' }] }] : [], sorts: ['-amount'] as never, properties: ['amount'], limit: 1, after: '1' });
    expect(next.results[0].properties.amount).toBe('150');
    const byQuery = await client.crm.deals.searchApi.doSearch({ query: 'deal 350', filterGroups: [], sorts: [], properties: ['dealname'], limit: 10, after: '0' });
    expect(byQuery.results.map((record) => record.properties.dealname)).toEqual(['Search deal 350']);
    const tooBig = await raw('/crm/v3/objects/deals/search', { method: 'POST', body: JSON.stringify({ limit: 201 }) });
    expect(tooBig.status).toBe(400);
    const pastCap = await raw('/crm/v3/objects/deals/search', { method: 'POST', body: JSON.stringify({ limit: 100, after: '9950' }) });
    expect(pastCap.status).toBe(400);
    expect(pastCap.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    const notIn = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'dealstage', operator: 'NOT_IN' as never, values: ['qualifiedtobuy'] }, { propertyName: 'dealname', operator: 'CONTAINS_TOKEN' as never, value: 'search' }] }], sorts: [], properties: ['amount'], limit: 10, after: '0' });
    expect(notIn.results.map((record) => record.properties.amount).sort()).toEqual(['350', '450']);
  });

  it('GDPR-deletes a contact for good: record, unique e-mail and associations', async () => {
    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'forget@example.com' }, associations: [] });
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'GDPR deal' }, associations: [{ to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 3 }] }] });
    await client.crm.contacts.basicApi.purge({ objectId: 'forget@example.com', idProperty: 'email' });
    await expect(client.crm.contacts.basicApi.getById(contact.id, undefined, undefined, undefined, true)).rejects.toMatchObject({ code: 404 });
    expect((await client.crm.associations.v4.basicApi.getPage('deals', deal.id, 'contacts')).results).toEqual([]);
    const again = await client.crm.contacts.basicApi.create({ properties: { email: 'forget@example.com' }, associations: [] });
    expect(again.id).not.toBe(contact.id);
  });

  it('merges two deals: the primary keeps its values, fills blanks and takes the associations', async () => {
    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'merge@example.com' }, associations: [] });
    const primary = await client.crm.deals.basicApi.create({ properties: { dealname: 'Primary', amount: '100' }, associations: [] });
    const other = await client.crm.deals.basicApi.create({ properties: { dealname: 'Other', amount: '999', closedate: '2026-05-01T00:00:00Z' }, associations: [{ to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 3 }] }] });
    const merged = await client.crm.deals.basicApi.merge({ primaryObjectId: primary.id, objectIdToMerge: other.id });
    expect(merged.id).toBe(primary.id);
    expect(merged.properties).toMatchObject({ dealname: 'Primary', amount: '100', closedate: '2026-05-01T00:00:00.000Z' });
    expect((await client.crm.associations.v4.basicApi.getPage('deals', primary.id, 'contacts')).results.map((result) => String(result.toObjectId))).toEqual([contact.id]);
    await expect(client.crm.deals.basicApi.getById(other.id)).rejects.toMatchObject({ code: 404 });
  });

  it('keeps each portal apart', async () => {
    const other = sandbox.addHubSpotPortal();
    expect(other.portalId).not.toBe(sandbox.hubspot.portalId);
    const otherClient = new Client({ accessToken: other.accessToken, basePath: other.baseUrl });
    const created = await otherClient.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com' }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    await expect(client.crm.contacts.basicApi.getById(created.id)).rejects.toMatchObject({ code: 404 });
  });
});
