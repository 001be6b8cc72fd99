import fc from 'fast-check';
import { createRandom } from '../../../simulation/random';
import { logisticJourneys, pathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { CounterfactualSplit, incrementalConversionsByState } from '../counterfactualShapley';
import { patternShares, sharesByState, splitJacobian } from '../linearisedSplit';
import { crossValidationFolds, differenceStandardError } from '../crossValidation';
import { exposurePatterns } from '../exposurePatterns';
import { approximateCrossValidation, OneStepRefit } from '../foldSteps';
import { designColumns, fitLogisticNewton, heldOutLogLikelihood, informationWeights, scaledPenalty } from '../logisticFit';
import { interactingPairs, upperNormalQuantile } from '../pairScreening';
import { pairKey, patternFeatures, firstPropensityColumn, type PatternFeatures } from '../patternFeatures';
import { LOGISTIC_LINK, NOISY_OR_LINK, type ConversionLink } from '../conversionLinks';

describe('pair screening', () => {
  it('knows the normal tail (Abramowitz & Stegun 26.2.23 against tabulated quantiles)', () => {
    expect(upperNormalQuantile(0.025)).toBeCloseTo(1.959964, 3);
    expect(upperNormalQuantile(0.001)).toBeCloseTo(3.090232, 3);
    expect(upperNormalQuantile(1e-6)).toBeCloseTo(4.753424, 3);
  });

  it('keeps the one pair that interacts and none of the others', () => {
    const table = pathTable(logisticJourneys({ a: 0.3, b: 0.3, c: 0.3, d: 0.3, e: 0.3 }, 30000, 5, { 'b+d': 0.8 }));
    const patterns = exposurePatterns(table);
    const additive = patternFeatures(patterns, false);
    const coefficients = fitLogisticNewton(additive, LOGISTIC_LINK, patterns.conversions, patterns.journeys, 1e-6);
    const kept = interactingPairs(patterns, additive, LOGISTIC_LINK, coefficients);
    const b = table.stateNames.indexOf('b');
    const d = table.stateNames.indexOf('d');
    expect([...kept]).toEqual([pairKey(table.stateNames.length, Math.min(b, d), Math.max(b, d))]);
    // The design with the kept pairs has exactly that one pair term.
    const paired = patternFeatures(patterns, kept);
    expect(paired.pairStates.length).toBe(2);
  });
});

describe('approximate cross-validation', () => {
  it('scores folds within a small fraction of refitting every fold', () => {
    const table = pathTable(logisticJourneys({ a: 0.8, b: 0.4, c: 0, d: 0.2 }, 20000, 9, {}));
    const patterns = exposurePatterns(table);
    const folds = crossValidationFolds(patterns, 3);
    for (const link of [LOGISTIC_LINK, NOISY_OR_LINK]) {
      const features = patternFeatures(patterns, false);
      const weights = informationWeights(features, link, patterns.conversions, patterns.journeys);
      for (const strength of [0.01, 0.0001]) {
        const penalties = scaledPenalty(weights, strength);
        const full = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, penalties);
        const approximate = approximateCrossValidation(features, link, patterns.conversions, patterns.journeys, penalties, full, folds).reduce((sum, value) => sum + value, 0);
        let exact = 0;
        for (const fold of folds) {
          const refit = fitLogisticNewton(features, link, fold.trainConversions, fold.trainJourneys, scaledPenalty(weights, strength * fold.trainFraction), full);
          exact += heldOutLogLikelihood(features, link, refit, fold.testConversions, fold.testJourneys);
        }
        // Held-out log-likelihoods of ~10⁴ units; the one-step error is second order (< 0.5 here),
        // well below the differences between forms that selection acts on.
        expect(Math.abs(approximate - exact)).toBeLessThan(0.5);
      }
    }
  });
});

describe('penalty weights', () => {
  it('weigh a propensity covariate by its variance, so its penalty does not move with its origin', () => {
    const table = pathTable(logisticJourneys({ a: 0.8, b: 0.4, c: 0.2 }, 5000, 4, {}));
    const patterns = exposurePatterns(table);
    const random = createRandom(11);
    const covariate = Float64Array.from({ length: patterns.patternCount }, () => random() * 2);
    const shifted = covariate.map((value) => value + 3);
    const weightsOf = (values: Float64Array): Float64Array => {
      const features = patternFeatures(patterns, false, [values]);
      return informationWeights(features, LOGISTIC_LINK, patterns.conversions, patterns.journeys);
    };
    const plain = weightsOf(covariate);
    const moved = weightsOf(shifted);
    const column = firstPropensityColumn(patternFeatures(patterns, false, [covariate]));
    expect(column).toBe(plain.length - 1);
    expect(moved[column]).toBeCloseTo(plain[column], 6);
    // The logistic information at the intercept-only fit: r(1 − r) × the journeys' variance of x.
    const journeys = patterns.journeys.reduce((sum, value) => sum + value, 0);
    const rate = patterns.conversions.reduce((sum, value) => sum + value, 0) / journeys;
    let sum = 0;
    let squares = 0;
    covariate.forEach((value, pattern) => {
      sum += patterns.journeys[pattern] * value;
      squares += patterns.journeys[pattern] * value * value;
    });
    expect(plain[column]).toBeCloseTo(rate * (1 - rate) * (squares - (sum * sum) / journeys), 6);
    // Touch features keep their information about zero (no touch is their counterfactual).
    expect(Array.from(moved.subarray(0, column))).toEqual(Array.from(plain.subarray(0, column)));
  });
});

describe('one-standard-error rule', () => {
  it('takes the standard error of a summed difference from its spread over folds', () => {
    // Differences 1, 2, 3: sample variance 1, so the sum's standard error is √(3 · 1).
    expect(differenceStandardError(Float64Array.of(1, 2, 3), Float64Array.of(0, 0, 0))).toBeCloseTo(Math.sqrt(3), 12);
    // A constant difference has no spread.
    expect(differenceStandardError(Float64Array.of(5, 6, 7), Float64Array.of(4, 5, 6))).toBe(0);
  });
});

/** Brute force: average marginal gain over every order of the players. */
function shapleyByOrders(players: number, value: (mask: number) => number): number[] {
  const shares = new Array<number>(players).fill(0);
  let orders = 0;
  const permute = (order: number[], rest: number[]): void => {
    if (rest.length === 0) {
      orders++;
      let mask = 0;
      for (const player of order) {
        shares[player] += value(mask | (1 << player)) - value(mask);
        mask |= 1 << player;
      }
      return;
    }
    rest.forEach((player, index) => permute([...order, player], [...rest.slice(0, index), ...rest.slice(index + 1)]));
  };
  permute([], Array.from({ length: players }, (_, player) => player));
  return shares.map((share) => share / orders);
}

/**
 * The first pattern's split by brute force: v(S) is the model's probability with only the feature
 * slots whose players are all in S on, minus the baseline, averaged over every order.
 */
function bruteForceShares(features: PatternFeatures, link: ConversionLink, coefficients: Float64Array, players: number): number[] {
  const probabilityOf = (mask: number): number => {
    let linear = 0;
    for (let slot = features.offsets[0]; slot < features.offsets[1]; slot++) {
      const needs = features.playerMasks[slot];
      if ((needs & mask) === needs) linear += coefficients[features.columns[slot]] * features.values[slot];
    }
    return link.probability(linear);
  };
  return shapleyByOrders(players, (mask) => probabilityOf(mask) - probabilityOf(0));
}

describe('counterfactual Shapley split', () => {
  it('matches the average over all orders, with pair terms, under both links', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (players, seed, noisyOr) => {
        const random = createRandom(seed);
        const names = Array.from({ length: players }, (_, index) => `s${index}`);
        // 300 journeys touching every state (1-3 times): frequent enough for every pair to get a term.
        const rows: PathRow[] = [[names.flatMap((name) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => name)).join(' > '), 300, 300, 0]];
        const table = pathTable(rows);
        const patterns = exposurePatterns(table);
        const features = patternFeatures(patterns, true);
        expect(features.pairStates.length).toBe(players * (players - 1));
        const link = noisyOr ? NOISY_OR_LINK : LOGISTIC_LINK;
        const coefficients = Float64Array.from({ length: features.coefficientCount }, (_, column) => (column === 0 ? (noisyOr ? 0.05 : -2) : column >= features.pairBase && !noisyOr ? random() - 0.5 : random() * 0.5));
        const totals = incrementalConversionsByState(patterns, features, link, coefficients, patterns.journeys);
        const expected = bruteForceShares(features, link, coefficients, players);
        for (let player = 0; player < players; player++) expect(totals[patterns.states[player]] / 300).toBeCloseTo(expected[player], 12);
      }),
      { numRuns: 40 },
    );
  });
});

describe('counterfactual Shapley split with terms needing three or more players', () => {
  it('matches the average over all orders when terms need several states at once (touches several upstream states bring)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 6 }), fc.integer({ min: 0, max: 1000 }), fc.boolean(), (players, seed, noisyOr) => {
        const random = createRandom(seed);
        const names = Array.from({ length: players }, (_, index) => `s${index}`);
        const table = pathTable([[names.join(' > '), 30, 30, 0]]);
        const patterns = exposurePatterns(table);
        const base = patternFeatures(patterns, false);
        // Extra slots on the first state's columns, each needing a random set of 3+ players.
        const extra = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
          let mask = 0;
          while (countBits(mask) < 3) mask |= 1 << Math.floor(random() * players);
          return { column: base.columns[base.offsets[0] + 1], value: random() - 0.3, mask };
        });
        const features = {
          ...base,
          offsets: Int32Array.of(0, base.offsets[1] + extra.length),
          columns: Int32Array.from([...base.columns, ...extra.map((term) => term.column)]),
          values: Float64Array.from([...base.values, ...extra.map((term) => term.value)]),
          playerMasks: Int32Array.from([...base.playerMasks, ...extra.map((term) => term.mask)]),
        };
        const link = noisyOr ? NOISY_OR_LINK : LOGISTIC_LINK;
        const coefficients = Float64Array.from({ length: features.coefficientCount }, (_, column) => (column === 0 ? (noisyOr ? 0.05 : -2) : 0.1 + random() * 0.5));
        const totals = incrementalConversionsByState(patterns, features, link, coefficients, patterns.journeys);
        const expected = bruteForceShares(features, link, coefficients, players);
        for (let player = 0; player < players; player++) expect(totals[patterns.states[player]] / 30).toBeCloseTo(expected[player], 12);
      }),
      { numRuns: 40 },
    );
  });
});

function countBits(mask: number): number {
  let count = 0;
  for (let rest = mask; rest; rest &= rest - 1) count++;
  return count;
}

describe('linearised split for the bootstrap', () => {
  it('moves each state’s incremental conversions as a re-split does, to first order', () => {
    const table = pathTable(logisticJourneys({ a: 0.8, b: 0.4, c: 0.1, d: 0.2 }, 5000, 13, { 'a+b': 0.3 }));
    const patterns = exposurePatterns(table);
    const features = patternFeatures(patterns, true);
    const design = designColumns(features);
    for (const link of [LOGISTIC_LINK, NOISY_OR_LINK]) {
      const coefficients = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, 1);
      const splitter = new CounterfactualSplit(patterns, features, link, 1);
      const base = patternShares(patterns, splitter, coefficients);
      const jacobian = splitJacobian(patterns, features, design, splitter, coefficients, base, patterns.journeys);
      const random = createRandom(2);
      // A move the size of a bootstrap replicate's (coefficient standard errors ≈ 0.02-0.05).
      const moved = coefficients.map((value, column) => (features.nonNegative[column] || !link.negativePairs ? Math.max(0, value + 0.01 * random()) : value + 0.01 * (random() - 0.5)));
      const exact = incrementalConversionsByState(patterns, features, link, moved, patterns.journeys);
      const linear = sharesByState(patterns, base, patterns.journeys);
      const size = coefficients.length;
      for (let state = 0; state < patterns.stateCount; state++) {
        let change = 0;
        for (let column = 0; column < size; column++) change += jacobian[state * size + column] * (moved[column] - coefficients[column]);
        const total = linear[state] + change;
        // Second-order remainder: well under 1% of the state's incremental conversions.
        expect(Math.abs(total - exact[state])).toBeLessThan(0.01 * Math.abs(exact[state]) + 1e-6);
        // And the linear term does the work: the unmoved split is further off than that.
        expect(Math.abs(linear[state] - exact[state])).toBeGreaterThan(Math.abs(total - exact[state]));
      }
    }
  });
});

describe('one-step fold refits', () => {
  it('refit a fold from its held-out patterns alone exactly as from its training counts', () => {
    const table = pathTable(logisticJourneys({ a: 0.8, b: 0.4, c: 0, d: 0.2 }, 8000, 21, { 'a+b': 0.3 }));
    const patterns = exposurePatterns(table);
    const folds = crossValidationFolds(patterns, 5);
    const features = patternFeatures(patterns, true);
    for (const link of [LOGISTIC_LINK, NOISY_OR_LINK]) {
      const penalties = scaledPenalty(informationWeights(features, link, patterns.conversions, patterns.journeys), 0.001);
      const full = fitLogisticNewton(features, link, patterns.conversions, patterns.journeys, penalties);
      const refits = new OneStepRefit(features, link, patterns.conversions, patterns.journeys, penalties, full);
      for (const fold of folds) {
        // The held-out patterns are those with held-out journeys, and only those.
        expect(fold.testPatterns.length).toBe(fold.testJourneys.filter((journeys) => journeys > 0).length);
        const fromTraining = refits.refit(fold.trainConversions, fold.trainJourneys, fold.trainFraction);
        const fromHeldOut = refits.refitFold(fold);
        // The step moves the fit (the fold is not the whole data) ...
        expect(Math.max(...fromTraining.map((value, column) => Math.abs(value - full[column])))).toBeGreaterThan(1e-4);
        // ... and both ways give the same step, up to rounding.
        fromHeldOut.forEach((value, column) => expect(value).toBeCloseTo(fromTraining[column], 10));
      }
    }
  });
});

describe('links from e^(−η)', () => {
  it('give the same probability as from η, under both links', () => {
    for (const link of [LOGISTIC_LINK, NOISY_OR_LINK]) {
      for (const linear of [-30, -2, -1e-9, 0, 1e-9, 1e-4, 0.3, 2, 30]) {
        const expected = link.probability(linear);
        // 1 − e^(−η) loses about 1e-16 absolutely near η = 0 (expm1 does not): absolute tolerance.
        expect(Math.abs(link.probabilityFromExponential(Math.exp(-linear)) - expected)).toBeLessThan(1e-15);
      }
    }
  });
});
