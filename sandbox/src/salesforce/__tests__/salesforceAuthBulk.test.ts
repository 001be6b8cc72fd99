import { sign } from 'node:crypto';
import { join } from 'node:path';
import { Connection, type Record as SalesforceRecord } from 'jsforce';
import { startSandbox, type SandboxHandle } from '../../sandbox';

const FIXTURES = join(__dirname, 'fixtures');

function jwtAssertion(claims: Record<string, unknown>, privateKeyPem: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), privateKeyPem).toString('base64url')}`;
}

/** OAuth flows, session expiry and Bulk API 2.0 through jsforce (contract §d.1, §d.4, §j.1, §j.5-6). */
describe('Salesforce emulator: OAuth and Bulk API 2.0', () => {
  let sandbox: SandboxHandle;
  let connection: Connection;

  beforeAll(async () => {
    sandbox = await startSandbox({ salesforceMetadataDir: FIXTURES, salesforceBulkProcessingMs: 20 });
    connection = new Connection({ instanceUrl: sandbox.salesforce.instanceUrl, accessToken: sandbox.salesforce.accessToken, version: '62.0' });
  });
  afterAll(() => sandbox.stop());

  it('issues tokens for a JWT bearer assertion signed with the connected app key, and refuses a forged one', async () => {
    const credentials = sandbox.salesforce;
    const claims = { iss: credentials.clientId, sub: credentials.username, aud: credentials.loginUrl, exp: Math.floor(Date.now() / 1000) + 300 };
    const jwtConnection = new Connection({ oauth2: { loginUrl: credentials.loginUrl, clientId: credentials.clientId }, version: '62.0' });
    const userInfo = await jwtConnection.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwtAssertion(claims, credentials.privateKeyPem as string) });
    expect(userInfo).toMatchObject({ id: credentials.userId, organizationId: credentials.orgId });
    expect(jwtConnection.instanceUrl).toBe(credentials.instanceUrl);
    expect((await jwtConnection.query('SELECT COUNT() FROM Account')).totalSize).toBe(0);
    const forged = jwtAssertion({ ...claims, sub: 'someone@else.test' }, credentials.privateKeyPem as string);
    await expect(new Connection({ oauth2: { loginUrl: credentials.loginUrl, clientId: credentials.clientId }, version: '62.0' }).authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: forged })).rejects.toThrow(/invalid_grant|approved/);
    const userinfo = await (await fetch(`${credentials.instanceUrl}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${jwtConnection.accessToken}` } })).json();
    expect(userinfo).toMatchObject({ user_id: credentials.userId, organization_id: credentials.orgId, preferred_username: credentials.username });
    // @salesforce/core reads the user's Username after authorising (contract §d.1).
    const user = (await jwtConnection.request(`/services/data/v51.0/sobjects/User/${credentials.userId}`)) as { Username: string };
    expect(user.Username).toBe(credentials.username);
    const models = await jwtConnection.query<{ DeveloperName: string; IsModelLocked: boolean }>('SELECT DeveloperName, IsModelLocked FROM CampaignInfluenceModel ORDER BY DeveloperName');
    expect(models.records.map((model) => [model.DeveloperName, model.IsModelLocked])).toEqual([['Even_Distribution', false], ['Pipeline_Attribution', true], ['primaryModel', true]]);
  });

  it('logs in with the password grant and refreshes an expired session on INVALID_SESSION_ID', async () => {
    const credentials = sandbox.salesforce;
    const oauth2 = { loginUrl: credentials.loginUrl, clientId: credentials.clientId, clientSecret: credentials.clientSecret };
    const passwordConnection = new Connection({ oauth2, version: '62.0' });
    await passwordConnection.login(credentials.username, credentials.password);
    expect(passwordConnection.accessToken).toMatch(new RegExp(`^${credentials.orgId}!`));
    expect(passwordConnection.refreshToken).toBeUndefined();
    await expect(new Connection({ oauth2, version: '62.0' }).login(credentials.username, 'wrong')).rejects.toThrow(/authentication failure/);

    sandbox.expireTokens('salesforce');
    const expired = await fetch(`${credentials.instanceUrl}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${credentials.accessToken}` } });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const refreshing = new Connection({ oauth2, instanceUrl: credentials.instanceUrl, accessToken: credentials.accessToken, refreshToken: credentials.refreshToken, version: '62.0' });
    const refreshed: string[] = [];
    refreshing.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    expect((await refreshing.query('SELECT COUNT() FROM Contact')).totalSize).toBeGreaterThanOrEqual(0);
    expect(refreshed).toHaveLength(1);
    connection = new Connection({ instanceUrl: credentials.instanceUrl, accessToken: refreshed[0], version: '62.0' });
  });

  it('runs an ingest job through Open → UploadComplete → InProgress → JobComplete with sf__ result files', async () => {
    const csv = 'Name,Handle__c,Followers__c\nMaya,maya,1200\n"Dan, the reviewer",devdan,300\nNo handle,,5\n';
    const results = await connection.bulk2.loadAndWaitForResults({ object: 'Creator__c', operation: 'insert', input: csv, pollInterval: 25, pollTimeout: 10_000 });
    expect(results.successfulResults.map((row) => [row.Handle__c, row.sf__Created])).toEqual([['maya', 'true'], ['devdan', 'true']]);
    expect(results.successfulResults[0].sf__Id).toMatch(/^a\w{17}$/);
    expect(results.failedResults).toHaveLength(1);
    expect(results.failedResults[0].sf__Error).toMatch(/^REQUIRED_FIELD_MISSING:/);
    expect(results.failedResults[0].Name).toBe('No handle');

    const upsert = await connection.bulk2.loadAndWaitForResults({ object: 'Creator__c', operation: 'upsert', externalIdFieldName: 'Handle__c', input: 'Handle__c,Followers__c\nmaya,1500\nnew_one,1\n', pollInterval: 25, pollTimeout: 10_000 });
    expect(upsert.successfulResults.map((row) => [row.Handle__c, row.sf__Created])).toEqual([['maya', 'false'], ['new_one', 'true']]);
    expect((await connection.query<{ Followers__c: number }>("SELECT Followers__c FROM Creator__c WHERE Handle__c = 'maya'")).records[0].Followers__c).toBe(1500);
  });

  it('refuses uploads once a job is closed and results before it completes', async () => {
    const base = '/services/data/v62.0/jobs/ingest';
    const job = (await connection.request({ method: 'POST', url: base, body: JSON.stringify({ object: 'Creator__c', operation: 'insert' }), headers: { 'Content-Type': 'application/json' } })) as { id: string; state: string };
    expect(job.state).toBe('Open');
    await expect(connection.request({ method: 'GET', url: `${base}/${job.id}/successfulResults` })).rejects.toMatchObject({ errorCode: 'INVALIDJOBSTATE' });
    await connection.request({ method: 'PATCH', url: `${base}/${job.id}`, body: JSON.stringify({ state: 'UploadComplete' }), headers: { 'Content-Type': 'application/json' } });
    await expect(connection.request({ method: 'PUT', url: `${base}/${job.id}/batches`, body: 'Name\nx\n', headers: { 'Content-Type': 'text/csv' } })).rejects.toMatchObject({ errorCode: 'INVALIDJOBSTATE' });
  });

  it('runs a query job whose last results page carries Sforce-Locator: null', async () => {
    const stream = await connection.bulk2.query('SELECT Id, Name, Handle__c FROM Creator__c ORDER BY Handle__c', { pollInterval: 25, pollTimeout: 10_000 });
    const records: SalesforceRecord[] = [];
    await new Promise<void>((resolve, reject) => stream.on('record', (record: SalesforceRecord) => records.push(record)).on('end', () => resolve()).on('error', reject));
    expect(records.map((record) => record.Handle__c)).toEqual(['devdan', 'maya', 'new_one']);

    const job = (await connection.request({ method: 'POST', url: '/services/data/v62.0/jobs/query', body: JSON.stringify({ operation: 'query', query: 'SELECT Handle__c FROM Creator__c ORDER BY Handle__c' }), headers: { 'Content-Type': 'application/json' } })) as { id: string; state: string };
    expect(job.state).toBe('UploadComplete');
    let state = job.state;
    while (state !== 'JobComplete') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      state = ((await connection.request(`/services/data/v62.0/jobs/query/${job.id}`)) as { state: string }).state;
    }
    const resultsUrl = `${sandbox.salesforce.instanceUrl}/services/data/v62.0/jobs/query/${job.id}/results`;
    const headers = { Authorization: `Bearer ${connection.accessToken}` };
    const first = await fetch(`${resultsUrl}?maxRecords=2`, { headers });
    expect(first.headers.get('content-type')).toBe('text/csv');
    expect(first.headers.get('sforce-numberofrecords')).toBe('2');
    expect(await first.text()).toBe('"Handle__c"\n"devdan"\n"maya"\n');
    const locator = first.headers.get('sforce-locator') as string;
    expect(locator).not.toBe('null');
    const last = await fetch(`${resultsUrl}?maxRecords=2&locator=${locator}`, { headers });
    expect(last.headers.get('sforce-locator')).toBe('null');
    expect(await last.text()).toBe('"Handle__c"\n"new_one"\n');
    await expect(connection.request({ method: 'POST', url: '/services/data/v62.0/jobs/query', body: JSON.stringify({ operation: 'query', query: 'SELECT Id, (SELECT Id FROM Creators__r) FROM Campaign' }), headers: { 'Content-Type': 'application/json' } })).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });
});
