import { createRandom } from '../../../simulation/random';
import { simulateJourneys } from '../../../simulation/simulateJourneys';
import { SCENARIOS } from '../../../simulation/scenarios';
import { shareAccuracy } from '../../../simulation/shareAccuracy';
import { PathTableBuilder, type PathTable } from '../../data-driven/pathTable';
import { exposurePatterns } from '../exposurePatterns';
import { beforeFirstVariance, broughtTouches, detectInductions, inducedSplitFeatures } from '../induction';
import { incrementalAttribution } from '..';
import { patternFeatures, presenceColumn } from '../patternFeatures';
import { FIRST_TOUCH_IN_SLOPES, nearlyUniversalStates } from '../nearlyUniversalStates';

/**
 * Journeys over states a, b, c, d: each gets Poisson(0.8) touches of every state in random order;
 * with `brings`, every touch of a brings a touch of b with that probability at a random later place.
 * With `bLast`, every b touch is moved to the end of its journey (a state late in every journey).
 */
function journeys(count: number, seed: number, options: { brings?: number; cBrings?: number; bLast?: boolean } = {}): { table: PathTable; brought: number; bAfterA: number } {
  const random = createRandom(seed);
  const builder = new PathTableBuilder();
  const names = ['a', 'b', 'c', 'd'];
  names.forEach((name) => builder.stateId(name));
  const poisson = (mean: number): number => {
    let count = 0;
    let product = random();
    const limit = Math.exp(-mean);
    while (product > limit) {
      count++;
      product *= random();
    }
    return count;
  };
  let brought = 0;
  let bAfterA = 0;
  for (let journey = 0; journey < count; journey++) {
    const sequence: number[] = [];
    for (let state = 0; state < 4; state++) for (let touch = poisson(0.8); touch > 0; touch--) sequence.push(state);
    for (let index = sequence.length - 1; index > 0; index--) {
      const swap = Math.floor(random() * (index + 1));
      [sequence[index], sequence[swap]] = [sequence[swap], sequence[index]];
    }
    const isBrought: boolean[] = sequence.map(() => false);
    for (const [from, probability] of [
      [0, options.brings],
      [2, options.cBrings],
    ] as const) {
      if (!probability) continue;
      for (let position = 0; position < sequence.length; position++) {
        if (sequence[position] !== from || isBrought[position] || random() >= probability) continue;
        const at = position + 1 + Math.floor(random() * (sequence.length - position));
        sequence.splice(at, 0, 1);
        isBrought.splice(at, 0, true);
        if (from === 0) brought++;
      }
    }
    if (options.bLast) sequence.sort((left, right) => Number(left === 1) - Number(right === 1));
    const firstA = sequence.indexOf(0);
    if (firstA >= 0) sequence.forEach((state, position) => (bAfterA += state === 1 && position > firstA ? 1 : 0));
    if (sequence.length > 0) builder.addPath(sequence, 0, 0, 1);
  }
  return { table: builder.build(), brought, bAfterA };
}

describe('beforeFirstVariance', () => {
  it('is the variance of the B touches before the first A over every order (brute force)', () => {
    for (const [touchesOfA, touchesOfB] of [
      [1, 1],
      [1, 3],
      [2, 2],
      [3, 1],
      [2, 4],
    ]) {
      // Every placement of the A touches among touchesOfA + touchesOfB places is equally likely.
      const places = touchesOfA + touchesOfB;
      let total = 0;
      let sum = 0;
      let squares = 0;
      for (let mask = 0; mask < 1 << places; mask++) {
        let ones = 0;
        for (let bits = mask; bits; bits &= bits - 1) ones++;
        if (ones !== touchesOfA) continue;
        let before = 0;
        while (!(mask & (1 << before))) before++;
        total++;
        sum += before;
        squares += before * before;
      }
      const mean = sum / total;
      expect(mean).toBeCloseTo(touchesOfB / (touchesOfA + 1), 12);
      expect(squares / total - mean * mean).toBeCloseTo(beforeFirstVariance(touchesOfA, touchesOfB), 12);
    }
  });
});

describe('detectInductions', () => {
  it('finds the state that brings another and how many of the following touches it brought', () => {
    const { table, brought, bAfterA } = journeys(30_000, 1, { brings: 0.5 });
    const found = detectInductions(table);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ from: 0, to: 1 });
    expect(found[0].share).toBeGreaterThan((brought / bAfterA) * 0.9);
    expect(found[0].share).toBeLessThan((brought / bAfterA) * 1.1);
  });

  it('finds two states bringing the same one, each with its own share', () => {
    // a brings b (0.5 per touch) and so does c (0.3 per touch); d brings nothing.
    const { table } = journeys(40_000, 5, { brings: 0.5, cBrings: 0.3 });
    const found = detectInductions(table);
    expect(found.map(({ from, to }) => [from, to]).sort()).toEqual([
      [0, 1],
      [2, 1],
    ]);
    const share = (from: number): number => found.find((induction) => induction.from === from)!.share;
    // Measured where the other is absent, a's share is the one a alone gives (about 0.5 · 0.8 brought
    // among the b touches after a's first), and c's is smaller in proportion to its rate.
    const alone = detectInductions(journeys(40_000, 5, { brings: 0.5 }).table)[0].share;
    expect(Math.abs(share(0) - alone)).toBeLessThan(0.05);
    expect(share(2)).toBeGreaterThan(0.3 * share(0));
    expect(share(2)).toBeLessThan(share(0));
  });

  it('finds nothing where the order is chance, nor where one state comes last in every journey', () => {
    expect(detectInductions(journeys(30_000, 2).table)).toEqual([]);
    expect(detectInductions(journeys(30_000, 3, { bLast: true }).table)).toEqual([]);
  });

  it('reads nothing into paths written in a fixed order of states', () => {
    // The same journeys, a bringing b, but each path lists its touches state by state (a, b, c, d).
    const { table } = journeys(30_000, 1, { brings: 0.5 });
    const builder = new PathTableBuilder();
    table.stateNames.forEach((name) => builder.stateId(name));
    for (let path = 0; path < table.pathOffsets.length - 1; path++) {
      const sorted = Array.from(table.pathStates.subarray(table.pathOffsets[path], table.pathOffsets[path + 1])).sort((left, right) => left - right);
      builder.addPath(sorted, table.conversions[path], table.values[path], table.nulls[path]);
    }
    expect(detectInductions(builder.build())).toEqual([]);
  });
});

describe('inducedSplitFeatures', () => {
  it('moves the brought touches\' features onto a term needing both states', () => {
    // One pattern: a then b then b (b brought with share 1: without a, b is not touched at all).
    const builder = new PathTableBuilder();
    builder.addPath([builder.stateId('a'), builder.stateId('b'), builder.stateId('b')], 1, 1, 4);
    // Journeys without a or b, so neither reaches nearly every journey (nearlyUniversalStates.ts):
    // their count terms are plain ln(touches).
    builder.addPath([builder.stateId('other')], 0, 0, 20);
    const table = builder.build();
    const patterns = exposurePatterns(table);
    const features = patternFeatures(patterns, false);
    const split = inducedSplitFeatures(patterns, features, broughtTouches(table, patterns, [{ from: 0, to: 1, share: 1, z: 10 }]));
    const slots = Array.from({ length: split.offsets[1] - split.offsets[0] }, (_value, index) => ({
      column: split.columns[index],
      value: split.values[index],
      mask: split.playerMasks[index],
    }));
    const b = presenceColumn(1);
    expect(slots).toEqual(
      expect.arrayContaining([
        { column: b, value: 0, mask: 0b10 },
        { column: b + 1, value: 0, mask: 0b10 },
        { column: b, value: 1, mask: 0b11 },
        { column: b + 1, value: Math.log(2), mask: 0b11 },
      ]),
    );
    // Without inductions the features are the same object.
    expect(broughtTouches(table, patterns, [])).toEqual([]);
    expect(inducedSplitFeatures(patterns, features, [])).toBe(features);
  });

  it('counts a nearly universal brought state from its first touch, with or without the touches brought', () => {
    // The same journeys alone: b is in every one, so its count term is 1 + ln(touches).
    const builder = new PathTableBuilder();
    builder.addPath([builder.stateId('a'), builder.stateId('b'), builder.stateId('b'), builder.stateId('b')], 1, 1, 4);
    const table = builder.build();
    const patterns = exposurePatterns(table);
    expect(Array.from(nearlyUniversalStates(patterns))).toEqual([1, 1]);
    // a brings each b touch with share 0.5: without a, b keeps 3, 2, 1, 0 touches w.p. 1/8, 3/8, 3/8, 1/8.
    const brought = broughtTouches(table, patterns, [{ from: 0, to: 1, share: 0.5, z: 10 }]);
    const [entry] = brought;
    expect(entry.presence[0]).toBeCloseTo(7 / 8, 12);
    // The entry holds E[ln touches]; the form's first touch in slopes is added where the split reads it.
    expect(entry.logCount[0]).toBeCloseTo((1 / 8) * Math.log(3) + (3 / 8) * Math.log(2), 12);
    const split = inducedSplitFeatures(patterns, patternFeatures(patterns, false), brought);
    const countWithoutA = Array.from({ length: split.offsets[1] }, (_, slot) => slot).find(
      (slot) => split.columns[slot] === presenceColumn(1) + 1 && split.playerMasks[slot] === 0b10,
    )!;
    expect(split.values[countWithoutA]).toBeCloseTo(
      (1 / 8) * (FIRST_TOUCH_IN_SLOPES + Math.log(3)) + (3 / 8) * (FIRST_TOUCH_IN_SLOPES + Math.log(2)) + (3 / 8) * FIRST_TOUCH_IN_SLOPES,
      12,
    );
  });
});

describe('inducedSplitFeatures with two upstream states', () => {
  it('gives every set of upstream states its Möbius difference, so each coalition sees its own features', () => {
    // One pattern: a, c, then two b touches, both brought by a and by c with share 1 each: a b touch
    // after both was brought by either with q = 1 / (1 + 1) = 0.5.
    const builder = new PathTableBuilder();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => builder.stateId(name));
    builder.addPath([a, c, b, b], 1, 1, 0);
    // Journeys without a, b or c: the count terms are plain ln(touches) (nearlyUniversalStates.ts).
    builder.addPath([builder.stateId('other')], 0, 0, 20);
    const table = builder.build();
    const patterns = exposurePatterns(table);
    const features = patternFeatures(patterns, false);
    const inductions = [
      { from: a, to: b, share: 1, z: 10 },
      { from: c, to: b, share: 1, z: 9 },
    ];
    const brought = broughtTouches(table, patterns, inductions);
    expect(brought).toHaveLength(1);
    // Without a: each b touch removed with probability 0.5 (c's): b left with 2, 1, 0 touches w.p. 1/4, 1/2, 1/4.
    expect(Array.from(brought[0].presence.subarray(0, 3))).toEqual([0, 0.75, 0.75]);
    const split = inducedSplitFeatures(patterns, features, brought);
    const playerOf = (state: number): number => Array.from(patterns.states.subarray(0, 3)).indexOf(state);
    const bit = (state: number): number => 1 << playerOf(state);
    const slots = Array.from({ length: split.offsets[1] }, (_value, index) => ({ column: split.columns[index], value: split.values[index], mask: split.playerMasks[index] }));
    const presence = presenceColumn(b);
    const valueAt = (column: number, mask: number): number => slots.filter((slot) => slot.column === column && slot.mask === mask).reduce((sum, slot) => sum + slot.value, 0);
    expect(valueAt(presence, bit(b))).toBe(0);
    expect(valueAt(presence, bit(b) | bit(a))).toBeCloseTo(0.75, 12);
    expect(valueAt(presence, bit(b) | bit(c))).toBeCloseTo(0.75, 12);
    expect(valueAt(presence, bit(b) | bit(a) | bit(c))).toBeCloseTo(1 - 0.75 - 0.75, 12);
    expect(valueAt(presence + 1, bit(b) | bit(a))).toBeCloseTo(0.25 * Math.log(2), 12);
    expect(valueAt(presence + 1, bit(b) | bit(a) | bit(c))).toBeCloseTo(Math.log(2) - 0.5 * Math.log(2), 12);
    // Every coalition holding b sees b's features as it would be: the terms on in it add up.
    for (const [coalition, expected] of [
      [bit(b), 0],
      [bit(b) | bit(a), 0.75],
      [bit(b) | bit(c), 0.75],
      [bit(b) | bit(a) | bit(c), 1],
    ]) {
      const on = slots.filter((slot) => slot.column === presence && (slot.mask & coalition) === slot.mask);
      expect(on.reduce((sum, slot) => sum + slot.value, 0)).toBeCloseTo(expected, 12);
    }
  });
});

describe('the incremental model with an upstream state', () => {
  it('gives the upstream state its share of the touches it brought (email inviting to webinars)', () => {
    const upstream = SCENARIOS.find((scenario) => scenario.name === 'upstream')!;
    const scenario = { ...upstream, induces: [{ from: 'email', to: 'webinar', probability: 0.4 }] };
    const simulation = simulateJourneys(scenario, 60_000, 4);
    const result = incrementalAttribution(simulation.table, { bootstrapSamples: 0, seed: 4 });
    // Measured without the inductions: 0.893 mean over seeds 1-3 at 100,000 journeys (email 13% of the credit against a true 23%).
    expect(shareAccuracy(result.conversions, simulation.truth)).toBeGreaterThan(0.93);
    expect(result.upstream).toEqual([expect.objectContaining({ from: 'email', to: 'webinar' })]);
  });

  it('credits two upstream states for the touches each brings (email and paid social inviting to webinars)', () => {
    const upstream = SCENARIOS.find((scenario) => scenario.name === 'upstream')!;
    const scenario = {
      ...upstream,
      induces: [
        { from: 'email', to: 'webinar', probability: 0.3 },
        { from: 'paid_social', to: 'webinar', probability: 0.25 },
      ],
    };
    const simulation = simulateJourneys(scenario, 60_000, 4);
    const result = incrementalAttribution(simulation.table, { bootstrapSamples: 0, seed: 4 });
    expect(result.upstream.map(({ from, to }) => `${from}>${to}`).sort()).toEqual(['email>webinar', 'paid_social>webinar']);
    // Measured with one upstream state per state (probe two-upstreams, 20 seeds × 100,000 journeys): 0.939 / 0.911; now 0.968 / 0.938.
    expect(shareAccuracy(result.conversions, simulation.truth)).toBeGreaterThan(0.94);
  });

  it('gives the same credits whatever the row order, one row per journey or per distinct path', () => {
    const upstream = SCENARIOS.find((scenario) => scenario.name === 'upstream')!;
    const table = simulateJourneys({ ...upstream, induces: [{ from: 'email', to: 'webinar', probability: 0.4 }] }, 20_000, 2).table;
    const builder = new PathTableBuilder();
    table.stateNames.forEach((name) => builder.stateId(name));
    const rows: Array<[number[], number, number, number]> = [];
    for (let path = 0; path < table.pathOffsets.length - 1; path++) {
      const sequence = Array.from(table.pathStates.subarray(table.pathOffsets[path], table.pathOffsets[path + 1]));
      for (let journey = 0; journey < table.conversions[path]; journey++) rows.push([sequence, 1, table.values[path] / table.conversions[path], 0]);
      for (let journey = 0; journey < table.nulls[path]; journey++) rows.push([sequence, 0, 0, 1]);
    }
    rows.reverse().forEach(([sequence, conversions, value, nulls]) => builder.addPath(sequence, conversions, value, nulls));
    const aggregated = incrementalAttribution(table, { bootstrapSamples: 0, seed: 1 });
    const perJourney = incrementalAttribution(builder.build(), { bootstrapSamples: 0, seed: 1 });
    expect(aggregated.upstream).toHaveLength(1);
    aggregated.conversions.forEach((credit, state) => expect(perJourney.conversions[state]).toBeCloseTo(credit, 6));
  });
});
