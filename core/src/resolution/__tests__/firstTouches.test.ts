import { createDataset } from '../../dataset/dataset';
import { markFirstTouches } from '../firstTouches';
import { touchRow } from './testCampaigns';

const day = (dayOfMarch: number): number => Date.UTC(2025, 2, dayOfMarch);

function firstIds(createdAt: Record<string, number>): string[] {
  const touchpoints = [
    touchRow({ touchpoint_id: 'a1', contact_id: 'a', occurred_at: day(5) }),
    touchRow({ touchpoint_id: 'a2', contact_id: 'a', occurred_at: day(2) }),
    touchRow({ touchpoint_id: 'b1', contact_id: 'b', occurred_at: day(3) }),
    touchRow({ touchpoint_id: 'c1', contact_id: 'c', occurred_at: day(9) }),
  ];
  const contacts = Object.entries(createdAt).map(([contact_id, created_at]) => ({ contact_id, created_at }));
  const dataset = createDataset({ campaigns: [], contacts, touchpoints, deals: [] });
  const first = markFirstTouches(dataset);
  return dataset.touchpoints.filter((_touch, index) => first[index] === 1).map((touch) => touch.touchpoint_id);
}

describe('markFirstTouches', () => {
  it("marks each contact's earliest touch, not a known contact's", () => {
    expect(firstIds({ a: day(2), b: day(3), c: day(1) })).toEqual(['a2', 'b1']);
  });

  it('ignores created_at when most contacts look known before their first touch (an import date)', () => {
    expect(firstIds({ a: day(1) - 30 * 86_400_000, b: day(1) - 30 * 86_400_000, c: day(9) })).toEqual(['a2', 'b1', 'c1']);
  });
});
