import fc from 'fast-check';
import { startSandbox, type SandboxHandle } from '../../sandbox';

/** Invariants of search: OR of groups = union, paging concatenates to the full sorted result. */
describe('HubSpot search invariants', () => {
  let sandbox: SandboxHandle;
  const amounts = Array.from({ length: 60 }, (_, index) => (index * 37) % 101);

  const search = async (body: unknown): Promise<{ total: number; results: Array<{ id: string; properties: Record<string, string> }>; paging?: { next: { after: string } } }> => {
    const response = await fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/deals/search`, {
      method: 'POST', headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as never;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ hubspotRateLimitPer10s: 100_000, hubspotSearchPerSecond: 100_000 });
    await fetch(`${sandbox.hubspot.baseUrl}/crm/v3/objects/deals/batch/create`, {
      method: 'POST', headers: { Authorization: `Bearer ${sandbox.hubspot.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: amounts.map((amount, index) => ({ properties: { dealname: `Deal ${index}`, amount: String(amount) } })) }),
    });
  });
  afterAll(() => sandbox.stop());

  it('matches a group OR another exactly when it matches either alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), async (low, high) => {
        const below = { filters: [{ propertyName: 'amount', operator: 'LT', value: String(low) }] };
        const above = { filters: [{ propertyName: 'amount', operator: 'GTE', value: String(high) }] };
        const ids = async (groups: unknown[]) => new Set((await search({ filterGroups: groups, limit: 200 })).results.map((record) => record.id));
        const union = new Set([...(await ids([below])), ...(await ids([above]))]);
        expect(await ids([below, above])).toEqual(union);
        expect(union.size).toBe(amounts.filter((amount) => amount < low || amount >= high).length);
      }),
      { numRuns: 25 },
    );
  });

  it('pages through any page size to the full result in sort order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.constantFrom('ASCENDING', 'DESCENDING'), async (limit, direction) => {
        const collected: number[] = [];
        let after: string | undefined = undefined;
        do {
          const page = await search({ sorts: [{ propertyName: 'amount', direction }], properties: ['amount'], limit, after });
          expect(page.total).toBe(amounts.length);
          collected.push(...page.results.map((record) => Number(record.properties.amount)));
          after = page.paging?.next.after;
        } while (after !== undefined);
        const expected = [...amounts].sort((a, b) => (direction === 'ASCENDING' ? a - b : b - a));
        expect(collected).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });
});
