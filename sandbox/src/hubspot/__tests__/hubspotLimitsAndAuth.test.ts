import { Client } from '@hubspot/api-client';
import { startSandbox, type SandboxHandle } from '../../sandbox';

/** Rate limits, retries, auth and faults as the real @hubspot/api-client meets them (contract §b.1, §b.8). */
describe('HubSpot emulator: limits, OAuth, faults', () => {
  let sandbox: SandboxHandle;
  const get = (path: string, token = sandbox.hubspot.accessToken) => fetch(`${sandbox.hubspot.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const search = () =>
    fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/contacts/search`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}`, 'Content-Type': 'application/json' }, body: '{}' });

  beforeAll(async () => {
    // A 2-second window keeps the test short; the headers and 429 body are HubSpot's.
    sandbox = await startSandbox({ hubspotRateLimitPer10s: 100, hubspotRateLimitWindowMs: 2000 });
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    sandbox.setFaults('');
    sandbox.resetLimits();
  });

  it('answers the 101st call in the window with the TEN_SECONDLY_ROLLING 429 and rate-limit headers', async () => {
    let last: Response | undefined;
    for (let index = 0; index < 100; index++) {
      last = await get('/crm/v3/objects/contacts?limit=1');
      expect(last.status).toBe(200);
    }
    expect(last?.headers.get('x-hubspot-ratelimit-max')).toBe('100');
    expect(last?.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(last?.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('2000');
    const limited = await get('/crm/v3/objects/contacts?limit=1');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
  });

  it('lets the client retry a TEN_SECONDLY_ROLLING 429 after its 10 s wait', async () => {
    const client = new Client({ accessToken: sandbox.hubspot.accessToken, basePath: sandbox.hubspot.baseUrl, numberOfApiCallRetries: 2, limiterOptions: { minTime: 0, maxConcurrent: 10 } });
    for (let index = 0; index < 100; index++) await get('/crm/v3/objects/contacts?limit=1');
    sandbox.clearRequestLog();
    const started = Date.now();
    const page = await client.crm.contacts.basicApi.getPage(1);
    expect(page.results).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_900);
    expect(sandbox.requestLog().map((entry) => entry.status)).toEqual([429, 200]);
  }, 20_000);

  it('limits search to 5 requests per second with the secondly message the client retries after 1 s', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push((await search()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await search();
    const body = (await limited.json()) as Record<string, unknown>;
    expect(body.message).toBe('You have reached your secondly limit.');
    expect(limited.headers.get('x-hubspot-ratelimit-max')).toBeNull();
    const client = new Client({ accessToken: sandbox.hubspot.accessToken, basePath: sandbox.hubspot.baseUrl, numberOfApiCallRetries: 2 });
    sandbox.clearRequestLog();
    const result = await client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });
    expect(result.total).toBe(0);
    expect(sandbox.requestLog().map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('retries injected 5xx responses: numberOfApiCallRetries counts every attempt', async () => {
    sandbox.setFaults('500:1');
    sandbox.clearRequestLog();
    const client = new Client({ accessToken: sandbox.hubspot.accessToken, basePath: sandbox.hubspot.baseUrl, numberOfApiCallRetries: 3 });
    await expect(client.crm.contacts.basicApi.getPage(1)).rejects.toMatchObject({ code: 500, body: { status: 'error' } });
    expect(sandbox.requestLog().map((entry) => entry.status)).toEqual([500, 500, 500]);
  });

  it('fails single records inside a batch with 207 when partial faults are on', async () => {
    sandbox.setFaults({ partial: 1 });
    const response = await fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/contacts/batch/create`, {
      method: 'POST', headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: [{ properties: { email: 'p1@example.com' } }, { properties: { email: 'p2@example.com' } }] }),
    });
    expect(response.status).toBe(207);
    expect(await response.json()).toMatchObject({ numErrors: 2, results: [] });
  });

  it('enforces an optional daily limit with a DAILY 429', async () => {
    sandbox.setFaults({ dailyLimit: 1 });
    const first = await get('/crm/v3/objects/contacts?limit=1');
    expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('1');
    const second = await get('/crm/v3/objects/contacts?limit=1');
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ policyName: 'DAILY' });
  });

  it('expires tokens, then issues new ones through the OAuth refresh grant of the real client', async () => {
    const authorize = await fetch(`${sandbox.hubspot.baseUrl}/oauth/authorize?client_id=${sandbox.hubspot.clientId}&redirect_uri=${encodeURIComponent('http://localhost:3000/cb')}&scope=crm.objects.contacts.read`, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    const code = new URL(authorize.headers.get('location') as string).searchParams.get('code') as string;
    const oauthClient = new Client({ basePath: sandbox.hubspot.baseUrl });
    const exchanged = await oauthClient.oauth.tokensApi.create('authorization_code', code, 'http://localhost:3000/cb', sandbox.hubspot.clientId, sandbox.hubspot.clientSecret);
    expect(exchanged.expiresIn).toBe(1800);
    const scoped = await get('/crm/v3/objects/deals?limit=1', exchanged.accessToken);
    expect(scoped.status).toBe(403);
    expect(await scoped.json()).toMatchObject({ category: 'MISSING_SCOPES' });
    expect((await get('/crm/v3/objects/contacts?limit=1', exchanged.accessToken)).status).toBe(200);

    sandbox.expireTokens('hubspot');
    const expired = await get('/crm/v3/objects/contacts?limit=1');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    const refreshed = await oauthClient.oauth.tokensApi.create('refresh_token', undefined, undefined, sandbox.hubspot.clientId, sandbox.hubspot.clientSecret, sandbox.hubspot.refreshToken);
    const client = new Client({ accessToken: refreshed.accessToken, basePath: sandbox.hubspot.baseUrl });
    expect((await client.crm.contacts.basicApi.getPage(1)).results).toEqual([]);
    await expect(oauthClient.oauth.tokensApi.create('refresh_token', undefined, undefined, sandbox.hubspot.clientId, sandbox.hubspot.clientSecret, 'bogus')).rejects.toMatchObject({ code: 400 });
  });

  it('tells a token its portal id', async () => {
    const portal = sandbox.addHubSpotPortal();
    const me = await get('/integrations/v1/me', portal.accessToken);
    expect(await me.json()).toMatchObject({ portalId: portal.portalId });
    const details = await get('/account-info/v3/details', portal.accessToken);
    expect(await details.json()).toMatchObject({ portalId: portal.portalId });
  });

  it('drops connections when asked, and the request log records it', async () => {
    sandbox.setFaults({ drop: 1 });
    sandbox.clearRequestLog();
    await expect(get('/crm/v3/objects/contacts?limit=1')).rejects.toThrow();
    expect(sandbox.requestLog()[0]).toMatchObject({ service: 'hubspot', method: 'GET', path: '/crm/v3/objects/contacts', status: 0 });
  });
});
