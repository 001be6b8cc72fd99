import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../sandbox';

function writeDemo(directory: string, amount: string): void {
  writeFileSync(join(directory, 'campaigns.csv'), 'campaign_id,name,channel,influencer_id,influencer_handle,utm_source,utm_medium,utm_campaign,utm_content,promo_codes,landing_url,branded_terms,start_at,end_at,cost,currency\ncmp-1,Creator one,influencer,inf-1,one,instagram,influencer,one,,,,,2026-01-01T00:00:00.000Z,,100,USD\n');
  writeFileSync(join(directory, 'contacts.csv'), 'contact_id,created_at\nc-1,2026-01-02T00:00:00.000Z\nc-2,2026-01-03T00:00:00.000Z\n');
  writeFileSync(join(directory, 'touchpoints.csv'), 'touchpoint_id,contact_id,occurred_at,type,url,referrer,utm_source,utm_medium,utm_campaign,utm_term,utm_content,promo_code,search_query\ntp-1,c-1,2026-01-02T00:00:00.000Z,visit,,,instagram,influencer,one,,,,\n');
  writeFileSync(join(directory, 'deals.csv'), `deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\nd-1,Deal one,${amount},USD,closedwon,2026-01-05T00:00:00.000Z,2026-02-01T00:00:00.000Z,true,c-1\n`);
}

describe('demo seeding', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'pa-seed-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('seeds both CRMs from a data folder once per database', async () => {
    writeDemo(directory, '1200');
    const dbFile = join(directory, 'sandbox.db');
    const sandbox = await startSandbox({ dbFile, seedDemo: true, demoDataDir: directory });
    const deals = await fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/deals?properties=amount,dealstage&associations=contacts`, { headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}` } });
    const body = (await deals.json()) as { results: Array<{ properties: Record<string, string>; associations: { contacts: { results: unknown[] } } }> };
    expect(body.results.map((deal) => [deal.properties.amount, deal.properties.dealstage, deal.associations.contacts.results.length])).toEqual([['1200', 'closedwon', 1]]);
    const query = await fetch(`${sandbox.salesforce.instanceUrl}/services/data/v62.0/query?q=${encodeURIComponent('SELECT COUNT() FROM Lead')}`, { headers: { Authorization: `Bearer ${sandbox.salesforce.accessToken}` } });
    expect(((await query.json()) as { totalSize: number }).totalSize).toBe(1);
    await sandbox.stop();
    const reopened = await startSandbox({ dbFile, seedDemo: true, demoDataDir: directory });
    const again = await fetch(`${reopened.hubspot.baseUrl}/crm/v3/objects/deals`, { headers: { Authorization: `Bearer ${reopened.hubspot.accessToken}` } });
    expect(((await again.json()) as { results: unknown[] }).results).toHaveLength(1);
    await reopened.stop();
  });

  it('writes nothing when seeding fails half-way (Salesforce rejects an amount HubSpot took)', async () => {
    writeDemo(directory, '100000000000000000000');
    const dbFile = join(directory, 'sandbox.db');
    await expect(startSandbox({ dbFile, seedDemo: true, demoDataDir: directory })).rejects.toThrow('NUMBER_OUTSIDE_VALID_RANGE');
    const sandbox = await startSandbox({ dbFile });
    const schemas = await fetch(`${sandbox.hubspot.baseUrl}/crm-object-schemas/v3/schemas`, { headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}` } });
    expect(((await schemas.json()) as { results: unknown[] }).results).toEqual([]);
    const deals = await fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/deals`, { headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}` } });
    expect(((await deals.json()) as { results: unknown[] }).results).toEqual([]);
    await sandbox.stop();
  });
});
