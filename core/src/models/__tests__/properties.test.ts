import fc from 'fast-check';
import { forEachCredit, prepareModels } from '../../attribution/runModels';
import { createDataset, type DatasetTables } from '../../dataset/dataset';
import { utmCampaignResolver } from '../../resolution/utmCampaignResolver';
import { campaign, day, deal, touchpoint } from '../../../test/fixtures';
import { parseCustomRules } from '../custom/customRules';
import type { ModelSettings } from '../model';
import { RULE_BASED_MODELS } from '../registry';

const SETTINGS: ModelSettings = {
  asOf: day(90),
  lookbackDays: 40,
  halfLifeDays: 3,
  customRules: parseCustomRules({
    slots: { firstTouch: 0.2, leadCreation: 0.2, dealCreation: 0.3, closedWon: 0.1 },
    middle: 0.2,
    channelMultipliers: { influencer: 2 },
    touchTypeMultipliers: { meeting: 0.5 },
    excludedTouchTypes: ['email_open'],
  }),
};
const TYPES = ['page_view', 'meeting', 'email_open', 'form_submit'];

/** Random small data sets: times on a coarse grid so ties happen often. */
const tablesArbitrary: fc.Arbitrary<DatasetTables> = fc
  .record({
    contactDays: fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 5 }),
    touches: fc.array(
      fc.record({ contact: fc.nat(), dayOffset: fc.integer({ min: 0, max: 90 }), type: fc.constantFrom(...TYPES), tagged: fc.boolean() }),
      { maxLength: 25 },
    ),
    deals: fc.array(
      fc.record({
        contacts: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        createdDay: fc.integer({ min: 0, max: 85 }),
        closeAfter: fc.option(fc.integer({ min: 0, max: 20 })),
        won: fc.boolean(),
        amount: fc.integer({ min: 0, max: 100_000 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ contactDays, touches, deals }) => ({
    campaigns: [campaign('launch', { channel: 'influencer' }), campaign('webinar', { channel: 'webinar' })],
    contacts: contactDays.map((offset, index) => ({ contact_id: `c${index}`, created_at: day(1 + offset) })),
    touchpoints: touches.map((touch, index) =>
      touchpoint(`t${index}`, `c${touch.contact % contactDays.length}`, day(1 + touch.dayOffset / 2), {
        type: touch.type,
        utm_campaign: touch.tagged ? (index % 2 ? 'launch' : 'webinar') : '',
      }),
    ),
    deals: deals.map((spec, index) => {
      const closedAt = spec.closeAfter === null ? null : day(1 + spec.createdDay + spec.closeAfter);
      return deal(`d${index}`, spec.contacts.map((contact) => `c${contact % contactDays.length}`), {
        created_at: day(1 + spec.createdDay),
        closed_at: closedAt,
        is_won: closedAt !== null && spec.won,
        amount: spec.amount,
      });
    }),
  }));

/** deal_id → touchpoint_id → [share, credit] under every model. */
function creditTable(tables: DatasetTables): Map<string, Map<string, [number, number]>> {
  const dataset = createDataset(tables);
  const resolutions = utmCampaignResolver.resolve(dataset);
  const table = new Map<string, Map<string, [number, number]>>();
  for (const prepared of prepareModels(dataset, resolutions, RULE_BASED_MODELS, SETTINGS)) {
    forEachCredit(prepared, (journey, _position, touchpointIndex, share, credit) => {
      const key = `${prepared.model.name}|${journey.deal.deal_id}`;
      if (!table.has(key)) table.set(key, new Map());
      table.get(key)!.set(dataset.touchpoints[touchpointIndex].touchpoint_id, [share, credit]);
    });
  }
  return table;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed || 1;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}

describe('rule-based model invariants (fast-check)', () => {
  test('shares are in [0, 1] and sum to 1 for every deal with touches, under every model', () => {
    fc.assert(
      fc.property(tablesArbitrary, (tables) => {
        for (const [, shares] of creditTable(tables)) {
          let total = 0;
          for (const [share] of shares.values()) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1 + 1e-12);
            total += share;
          }
          expect(total).toBeCloseTo(1, 9);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('results do not depend on the order of input rows', () => {
    fc.assert(
      fc.property(tablesArbitrary, fc.integer({ min: 1, max: 1 << 30 }), (tables, seed) => {
        const reordered: DatasetTables = {
          campaigns: shuffled(tables.campaigns, seed),
          contacts: shuffled(tables.contacts, seed + 1),
          touchpoints: shuffled(tables.touchpoints, seed + 2),
          deals: shuffled(tables.deals, seed + 3),
        };
        const expected = creditTable(tables);
        const actual = creditTable(reordered);
        expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [key, shares] of expected) {
          for (const [touchpointId, [share]] of shares) expect(actual.get(key)!.get(touchpointId)![0]).toBeCloseTo(share, 12);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('credit is proportional to the deal amount', () => {
    fc.assert(
      fc.property(tablesArbitrary, fc.integer({ min: 2, max: 50 }), (tables, factor) => {
        const scaled = { ...tables, deals: tables.deals.map((entry) => ({ ...entry, amount: entry.amount * factor })) };
        const base = creditTable(tables);
        const times = creditTable(scaled);
        for (const [key, shares] of base) {
          for (const [touchpointId, [, credit]] of shares) expect(times.get(key)!.get(touchpointId)![1]).toBeCloseTo(credit * factor, 6);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('inputs are never mutated', () => {
    fc.assert(
      fc.property(tablesArbitrary, (tables) => {
        const snapshot = JSON.stringify(tables);
        deepFreeze(tables);
        expect(() => creditTable(tables)).not.toThrow();
        expect(JSON.stringify(tables)).toBe(snapshot);
      }),
      { numRuns: 50 },
    );
  });
});
