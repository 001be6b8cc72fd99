import { contactsCreatedAt, day, deal, fixtureDataset, journeysOf, touchpoint } from '../../../test/fixtures';
import { openDealsBeforeWindow } from '../openDealsBeforeWindow';

describe('openDealsBeforeWindow', () => {
  // d1 open, its contact's only touch on day 2; d2 open, touches on days 2 and 500; d3 won, touch on
  // day 2; d4 open, no touch at all; d5 open, its contacts' touches on day 2 (c5) and day 600 (c6).
  const dataset = fixtureDataset({
    contacts: contactsCreatedAt(day(1), 'c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
    touchpoints: [
      touchpoint('t1', 'c1', day(2)),
      touchpoint('t2', 'c2', day(2)),
      touchpoint('t3', 'c2', day(500)),
      touchpoint('t4', 'c3', day(2)),
      touchpoint('t5', 'c5', day(2)),
      touchpoint('t6', 'c6', day(600)),
    ],
    deals: [
      deal('d1', ['c1']),
      deal('d2', ['c2']),
      deal('d3', ['c3'], { closed_at: day(30), is_won: true, stage: 'closedwon' }),
      deal('d4', ['c4']),
      deal('d5', ['c5', 'c6']),
    ],
  });

  it('counts the open deals whose touches all lie before the lookback window, as their empty journeys show', () => {
    // As of day 700 with a 365-day lookback (window from day 335): d1 only; d2 and d5 keep a touch
    // inside it, d3 is closed (its window ends at its close), d4 has no touch to lose.
    expect(openDealsBeforeWindow(dataset, day(700), 365)).toBe(1);
    const journeys = journeysOf(dataset, 365, day(700));
    expect(journeys.map((journey) => journey.touches.length)).toEqual([0, 1, 1, 0, 1]);
    // As of day 1,000 (window from day 635): d2 and d5 lose theirs too.
    expect(openDealsBeforeWindow(dataset, day(1000), 365)).toBe(3);
    // As of day 60: every open deal's touches are inside.
    expect(openDealsBeforeWindow(dataset, day(60), 365)).toBe(0);
  });
});
