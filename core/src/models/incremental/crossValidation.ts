import { createReseedableRandom } from '../../simulation/random';
import { binomial } from '../../simulation/sampling';
import type { ExposurePatterns } from './exposurePatterns';
import type { ConversionLink } from './conversionLinks';
import type { PatternFeatures } from './patternFeatures';
import { fitConversionModel, heldOutLogLikelihood, type DesignColumns } from './logisticFit';

/** Ridge penalties tried, strongest first (each fit warm-starts the next). */
export const PENALTY_GRID = [1000, 30, 1, 0.03] as const;
const FOLDS = 5;
const FORM_SELECTION_PENALTY = 1;

/**
 * Splits each pattern's journeys at random into `folds` parts (a multinomial draw per pattern),
 * converting and non-converting journeys separately: the aggregated equivalent of assigning every
 * journey to a fold.
 */
export function splitIntoFolds(counts: Float64Array, folds: number, seeds: Int32Array, seed: number): Float64Array[] {
  const parts = Array.from({ length: folds }, () => new Float64Array(counts.length));
  const random = createReseedableRandom();
  for (let pattern = 0; pattern < counts.length; pattern++) {
    random.reseed(seeds[pattern] ^ seed);
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

export interface CandidateModel {
  readonly features: PatternFeatures;
  readonly design: DesignColumns;
  readonly link: ConversionLink;
}

export interface ModelChoice extends CandidateModel {
  readonly penalty: number;
  /** Held-out log-likelihood summed over folds. */
  readonly score: number;
}

/**
 * Chooses among candidate models (logistic or noisy-or link, with or without pair terms) and ridge
 * penalties by 5-fold cross-validation on held-out binomial log-likelihood: the form that best
 * predicts journeys the fit did not see wins. O(candidates × folds × penalties × fit).
 */
export function chooseModel(patterns: ExposurePatterns, candidates: readonly CandidateModel[], seed: number): ModelChoice {
  // The form first, at one moderate penalty (penalties change little between forms), then the
  // penalty for the chosen form: a fraction of the fits of a full grid over every form.
  let bestForm: CandidateModel | undefined;
  let bestScore = -Infinity;
  for (const candidate of candidates) {
    const { score } = choosePenalty(patterns, candidate, seed, [FORM_SELECTION_PENALTY]);
    if (!bestForm || score > bestScore) {
      bestForm = candidate;
      bestScore = score;
    }
  }
  if (!bestForm) throw new RangeError('no candidate model');
  const { penalty, score } = choosePenalty(patterns, bestForm, seed);
  return { ...bestForm, penalty, score };
}

/** The ridge penalty with the best 5-fold held-out log-likelihood for one design. */
export function choosePenalty(
  patterns: ExposurePatterns,
  { features, design, link }: CandidateModel,
  seed: number,
  grid: readonly number[] = PENALTY_GRID,
): { penalty: number; score: number } {
  const nulls = patterns.journeys.map((total, pattern) => total - patterns.conversions[pattern]);
  const conversionFolds = splitIntoFolds(patterns.conversions, FOLDS, patterns.seeds, seed ^ 0x5eed);
  const nullFolds = splitIntoFolds(nulls, FOLDS, patterns.seeds, seed ^ 0xf01d);
  const score = new Float64Array(grid.length);
  let foldStart: Float64Array | undefined;
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
    // Warm starts: along the penalty path, and each fold from the previous fold's first fit
    // (folds differ by a fifth of the data, so their fits are close).
    let coefficients = foldStart;
    grid.forEach((penalty, index) => {
      coefficients = fitConversionModel(features, link, design, trainConversions, trainJourneys, penalty, coefficients);
      if (index === 0) foldStart = coefficients;
      score[index] += heldOutLogLikelihood(features, link, coefficients, testConversions, testJourneys);
    });
  }
  let best = 0;
  for (let index = 1; index < grid.length; index++) if (score[index] > score[best]) best = index;
  return { penalty: grid[best], score: score[best] };
}
