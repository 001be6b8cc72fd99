import { join } from 'node:path';
import { Connection } from 'jsforce';
import { startSandbox, type SandboxHandle } from '../../sandbox';

const FIXTURES = join(__dirname, 'fixtures');

/** REST conformance through the real jsforce 3 Connection (contract §d.2-d.3, §j). */
describe('Salesforce emulator: REST sObjects, collections, upsert, limits', () => {
  let sandbox: SandboxHandle;
  let connection: Connection;
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.salesforce.instanceUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${sandbox.salesforce.accessToken}`, 'Content-Type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    sandbox = await startSandbox({ salesforceMetadataDir: FIXTURES });
    connection = new Connection({ instanceUrl: sandbox.salesforce.instanceUrl, accessToken: sandbox.salesforce.accessToken, version: '62.0' });
  });
  afterAll(() => sandbox.stop());

  it('lists versions v50.0…v67.0 and serves any of them, refusing older ones', async () => {
    const versions = (await (await fetch(`${sandbox.salesforce.instanceUrl}/services/data`)).json()) as Array<{ version: string; url: string }>;
    expect(versions[0]).toMatchObject({ version: '50.0', url: '/services/data/v50.0' });
    expect(versions[versions.length - 1].version).toBe('67.0');
    expect((await raw('/services/data/v50.0/limits')).status).toBe(200);
    const old = await raw('/services/data/v49.0/limits');
    expect(old.status).toBe(404);
    expect(await old.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('creates, retrieves, updates and deletes records, with Sforce-Limit-Info on every response', async () => {
    const account = await connection.sobject('Account').create({ Name: 'Acme' });
    expect(account).toMatchObject({ success: true, errors: [] });
    expect(account.id).toMatch(/^001[A-Za-z0-9]{15}$/);
    const contact = await connection.sobject('Contact').create({ FirstName: 'Ada', LastName: 'Lovelace', AccountId: account.id, Email: 'ada@example.com' });
    const read = await connection.sobject('Contact').retrieve(contact.id as string, { fields: ['Name', 'AccountId'] });
    expect(read).toMatchObject({ Name: 'Ada Lovelace', AccountId: account.id, attributes: { type: 'Contact' } });
    expect(connection.limitInfo.apiUsage?.limit).toBe(15_000);
    const updated = await connection.sobject('Contact').update({ Id: contact.id as string, LastName: 'King' });
    expect(updated.success).toBe(true);
    expect((await connection.sobject('Contact').retrieve(contact.id as string)).Name).toBe('Ada King');
    await connection.sobject('Contact').destroy(contact.id as string);
    await expect(connection.sobject('Contact').retrieve(contact.id as string)).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    const response = await raw(`/services/data/v62.0/sobjects/Account/${account.id}`);
    expect(response.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('enforces required fields, types, lookups, restricted picklists and unique external ids from the metadata XML', async () => {
    await expect(connection.sobject('Contact').create({ FirstName: 'NoLast' })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
    await expect(connection.sobject('Opportunity').create({ Name: 'x', StageName: 'Nope', CloseDate: '2026-01-01' })).rejects.toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
    await expect(connection.sobject('Contact').create({ LastName: 'x', Bogus__c: 1 })).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(connection.sobject('Creator__c').create({ Name: 'Maya', Handle__c: 'h'.repeat(41) })).rejects.toMatchObject({ errorCode: 'STRING_TOO_LONG' });
    await expect(connection.sobject('Creator__c').create({ Name: 'Maya', Handle__c: 'maya', Platform__c: 'TikTok' })).rejects.toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
    await expect(connection.sobject('Creator__c').create({ Name: 'Maya', Handle__c: 'maya', Followers__c: 'many' })).rejects.toMatchObject({ errorCode: 'JSON_PARSER_ERROR' });
    await expect(connection.sobject('Creator__c').create({ Name: 'Maya', Handle__c: 'maya', Campaign__c: '701000000000000AAA' })).rejects.toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY' });
    const creator = await connection.sobject('Creator__c').create({ Name: 'Maya', Handle__c: 'maya', Followers__c: 1200 });
    const stored = await connection.sobject('Creator__c').retrieve(creator.id as string);
    expect(stored).toMatchObject({ Handle__c: 'maya', Followers__c: 1200, Platform__c: 'Instagram', Active__c: true });
    await expect(connection.sobject('Creator__c').create({ Name: 'Copy', Handle__c: 'MAYA' })).rejects.toMatchObject({ errorCode: 'DUPLICATE_VALUE' });
    await expect(connection.sobject('CampaignInfluenceModel').create({ DeveloperName: 'x' })).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
  });

  it('describes objects and fields, including custom fields on standard objects', async () => {
    const global = await connection.describeGlobal();
    expect(global.sobjects.map((object) => object.name)).toEqual(expect.arrayContaining(['Account', 'Opportunity', 'CampaignInfluence', 'Creator__c']));
    const creator = await connection.describe('Creator__c');
    const handle = creator.fields.find((entry) => entry.name === 'Handle__c');
    expect(handle).toMatchObject({ type: 'string', externalId: true, unique: true, nillable: false, length: 40 });
    expect(creator.fields.find((entry) => entry.name === 'Campaign__c')).toMatchObject({ type: 'reference', referenceTo: ['Campaign'], relationshipName: 'Campaign__r' });
    const campaign = await connection.describe('Campaign');
    expect(campaign.fields.map((entry) => entry.name)).toContain('UTM_Campaign__c');
    expect(campaign.childRelationships).toEqual(expect.arrayContaining([expect.objectContaining({ childSObject: 'Creator__c', field: 'Campaign__c', relationshipName: 'Creators__r' })]));
    const opportunity = await connection.describe('Opportunity');
    expect(opportunity.fields.find((entry) => entry.name === 'IsWon')).toMatchObject({ type: 'boolean', updateable: false });
  });

  it('upserts by external id: 201 created, 204 updated, 300 for several matches, 404 for a field that is no external id', async () => {
    const created = await connection.sobject('Creator__c').upsert({ Handle__c: 'devdan', Name: 'Dan', Alias__c: 'dan' }, 'Handle__c');
    expect(created).toMatchObject({ success: true, created: true });
    const updated = await connection.sobject('Creator__c').upsert({ Handle__c: 'devdan', Followers__c: 10 }, 'Handle__c');
    // An update answers 204 without a body; jsforce synthesises the success result.
    expect(updated).toMatchObject({ success: true });
    const rawUpdate = await raw('/services/data/v62.0/sobjects/Creator__c/Handle__c/devdan', { method: 'PATCH', body: JSON.stringify({ Followers__c: 11 }) });
    expect(rawUpdate.status).toBe(204);
    await connection.sobject('Creator__c').create({ Name: 'Dan 2', Handle__c: 'devdan2', Alias__c: 'dan' });
    const multiple = await raw('/services/data/v62.0/sobjects/Creator__c/Alias__c/dan', { method: 'PATCH', body: JSON.stringify({ Followers__c: 1 }) });
    expect(multiple.status).toBe(300);
    await expect(connection.sobject('Creator__c').upsert({ Name: 'x', Followers__c: 1 }, 'Followers__c')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    const found = await raw('/services/data/v62.0/sobjects/Creator__c/Handle__c/devdan');
    expect(((await found.json()) as { Followers__c: number }).Followers__c).toBe(11);
  });

  it('writes collections of up to 200 records with per-record results, allOrNone rollback and upsert created flags', async () => {
    const results = await connection.sobject('Contact').create([{ LastName: 'One' }, { FirstName: 'no last name' }, { LastName: 'Three' }]);
    expect(results.map((result) => result.success)).toEqual([true, false, true]);
    const failed = results[1] as unknown as { errors: Array<{ statusCode: string; fields: string[] }> };
    expect(failed.errors[0]).toMatchObject({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] });

    const before = (await connection.query('SELECT COUNT() FROM Contact')).totalSize;
    const rolledBack = await connection.sobject('Contact').create([{ LastName: 'A' }, { FirstName: 'bad' }], { allOrNone: true } as never).catch((error: unknown) => error);
    expect((await connection.query('SELECT COUNT() FROM Contact')).totalSize).toBe(before);
    expect(JSON.stringify(rolledBack)).toMatch(/ALL_OR_NONE_OPERATION_ROLLED_BACK|REQUIRED_FIELD_MISSING/);

    const tooMany = await raw('/services/data/v62.0/composite/sobjects', { method: 'POST', body: JSON.stringify({ allOrNone: false, records: Array.from({ length: 201 }, () => ({ attributes: { type: 'Contact' }, LastName: 'x' })) }) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual([expect.objectContaining({ errorCode: 'EXCEEDED_ID_LIMIT' })]);

    const upserted = await connection.sobject('Creator__c').upsert([{ Handle__c: 'maya2', Name: 'Maya 2' }, { Handle__c: 'devdan', Name: 'Dan renamed' }], 'Handle__c');
    expect(upserted.map((result) => (result as { created?: boolean }).created)).toEqual([true, false]);
    const ids = results.filter((result) => result.success).map((result) => result.id as string);
    const retrieved = await connection.sobject('Contact').retrieve(ids, { fields: ['LastName'] });
    expect(retrieved.map((record) => record.LastName)).toEqual(['One', 'Three']);
    const deleted = await connection.sobject('Contact').destroy(ids);
    expect(deleted.every((result) => result.success)).toBe(true);
  });

  it('computes opportunity stage flags and campaign influence revenue share', async () => {
    const campaign = await connection.sobject('Campaign').create({ Name: 'Creator launch', UTM_Campaign__c: 'launch' });
    const opportunity = await connection.sobject('Opportunity').create({ Name: 'Big deal', StageName: 'Closed Won', CloseDate: '2026-03-01', Amount: 1000, CampaignId: campaign.id });
    const stored = await connection.sobject('Opportunity').retrieve(opportunity.id as string);
    expect(stored).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100 });
    const model = (await connection.query<{ Id: string }>("SELECT Id FROM CampaignInfluenceModel WHERE DeveloperName = 'Pipeline_Attribution' AND IsModelLocked = true")).records[0];
    const influence = await connection.sobject('CampaignInfluence').create({ CampaignId: campaign.id, OpportunityId: opportunity.id, ModelId: model.Id, Influence: 40 });
    const share = await connection.sobject('CampaignInfluence').retrieve(influence.id as string);
    expect(share.RevenueShare).toBe(400);
  });

  it('reports limits and answers 403 REQUEST_LIMIT_EXCEEDED once the daily limit is spent', async () => {
    const limits = (await connection.request('/services/data/v62.0/limits')) as { DailyApiRequests: { Max: number; Remaining: number } };
    expect(limits.DailyApiRequests.Max).toBe(15_000);
    expect(limits.DailyApiRequests.Remaining).toBeLessThan(15_000);
    sandbox.setFaults({ dailyLimit: 1 });
    try {
      await expect(connection.query('SELECT Id FROM Account')).rejects.toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    } finally {
      sandbox.setFaults('');
    }
  });
});
