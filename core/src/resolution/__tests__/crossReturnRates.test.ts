import { CrossReturnRates } from '../crossReturnRates';

describe('CrossReturnRates', () => {
  it('counts, within two weeks, the contacts a campaign did not bring and how many came back through it, shrunk toward the wider window', () => {
    const rates = new CrossReturnRates(200, 2);
    // Day 100: 40 contacts of known cause, 10 of them brought by campaign 0, 3 others came back through it.
    for (let contact = 0; contact < 40; contact++) rates.addKnown(100);
    for (let contact = 0; contact < 10; contact++) rates.addBrought(0, 100);
    for (let contact = 0; contact < 3; contact++) rates.addCrossed(0, 100);
    // Day 150 (outside two weeks of day 100, inside 60 days): 20 more contacts, one came back through campaign 0.
    for (let contact = 0; contact < 20; contact++) rates.addKnown(150);
    rates.addCrossed(0, 150);
    // Local: 3 of 30; wide: (4 + 0.5) / (50 + 1); shrunk with 30 contacts' weight.
    const wide = 4.5 / 51;
    expect(rates.rate(0, 100)).toBeCloseTo((3 + 30 * wide) / (30 + 30), 12);
    // Campaign 1 brought nobody and nobody came back through it: the prior's 0.5 / (contacts + 1).
    expect(rates.rate(1, 100)).toBeCloseTo((30 * (0.5 / 61)) / (40 + 30), 12);
    // Far from every contact: the prior alone, (0 + 0.5) / (0 + 1) weighted by 30 over 30.
    expect(rates.rate(0, 0)).toBeCloseTo(0.5, 12);
  });
});
