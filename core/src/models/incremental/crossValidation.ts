import { createRandom } from '../../simulation/random';
import { binomial } from '../../simulation/sampling';
import type { ExposurePatterns } from './exposurePatterns';
import type { PatternFeatures } from './patternFeatures';
import { fitConversionModel, heldOutLogLikelihood, type DesignColumns } from './logisticFit';

/** Ridge penalties tried, strongest first (each fit warm-starts the next). */
export const PENALTY_GRID = [1000, 100, 10, 1, 0.1, 0.01] as const;
const FOLDS = 5;

/**
 * Splits each pattern's journeys at random into `folds` parts (a multinomial draw per pattern),
 * converting and non-converting journeys separately: the aggregated equivalent of assigning every
 * journey to a fold.
 */
export function splitIntoFolds(counts: Float64Array, folds: number, seeds: Int32Array, seed: number): Float64Array[] {
  const parts = Array.from({ length: folds }, () => new Float64Array(counts.length));
  for (let pattern = 0; pattern < counts.length; pattern++) {
    const random = createRandom(seeds[pattern] ^ seed);
    const whole = Math.floor(counts[pattern]);
    let remaining = whole;
    for (let fold = 0; fold < folds - 1 && remaining > 0; fold++) {
      const drawn = binomial(random, remaining, 1 / (folds - fold));
      parts[fold][pattern] = drawn;
      remaining -= drawn;
    }
    parts[folds - 1][pattern] += remaining;
    const fraction = counts[pattern] - whole;
    if (fraction > 0) parts[Math.floor(random() * folds)][pattern] += fraction;
  }
  return parts;
}

/**
 * Chooses the ridge penalty by 5-fold cross-validation on held-out binomial log-likelihood.
 * O(folds × penalties × fit).
 */
export function choosePenalty(patterns: ExposurePatterns, features: PatternFeatures, design: DesignColumns, seed: number): number {
  const nulls = patterns.journeys.map((total, pattern) => total - patterns.conversions[pattern]);
  const conversionFolds = splitIntoFolds(patterns.conversions, FOLDS, patterns.seeds, seed ^ 0x5eed);
  const nullFolds = splitIntoFolds(nulls, FOLDS, patterns.seeds, seed ^ 0xf01d);
  const score = new Float64Array(PENALTY_GRID.length);
  for (let fold = 0; fold < FOLDS; fold++) {
    const trainConversions = new Float64Array(patterns.patternCount);
    const trainJourneys = new Float64Array(patterns.patternCount);
    const testConversions = conversionFolds[fold];
    const testJourneys = new Float64Array(patterns.patternCount);
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      testJourneys[pattern] = conversionFolds[fold][pattern] + nullFolds[fold][pattern];
      trainConversions[pattern] = patterns.conversions[pattern] - testConversions[pattern];
      trainJourneys[pattern] = patterns.journeys[pattern] - testJourneys[pattern];
    }
    let coefficients: Float64Array | undefined;
    PENALTY_GRID.forEach((penalty, index) => {
      coefficients = fitConversionModel(features, design, trainConversions, trainJourneys, penalty, coefficients);
      score[index] += heldOutLogLikelihood(features, coefficients, testConversions, testJourneys);
    });
  }
  let best = 0;
  for (let index = 1; index < PENALTY_GRID.length; index++) if (score[index] > score[best]) best = index;
  return PENALTY_GRID[best];
}
