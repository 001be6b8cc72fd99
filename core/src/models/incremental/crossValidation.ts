import { createReseedableRandom } from '../../simulation/random';
import { binomial } from '../../simulation/sampling';
import type { ExposurePatterns } from './exposurePatterns';
import type { ConversionLink } from './conversionLinks';
import type { PatternFeatures } from './patternFeatures';
import { approximateCrossValidation, type Fold } from './foldSteps';
import { fitConversionModel, informationAt, informationWeights, NEWTON_MAX_COEFFICIENTS, scaledPenalty, type Coefficients, type DesignColumns } from './logisticFit';

/**
 * Ridge strengths tried, strongest first (each fit warm-starts the next): the penalty on each
 * coefficient is strength × its Fisher information (informationWeights), so 0.01 is a prior worth
 * 1% of what the data say about that coefficient.
 */
export const PENALTY_GRID = [0.1, 0.01, 0.001, 0.0001] as const;
const FOLDS = 5;
const FORM_SELECTION_PENALTY = 0.001;

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
  /** Ridge strength (× each coefficient's information, informationWeights). */
  readonly penalty: number;
  /** Per-coefficient penalties at that strength. */
  readonly penalties: Float64Array;
  /** The fit on all journeys at that strength. */
  readonly coefficients: Coefficients;
  /** Held-out log-likelihood summed over folds. */
  readonly score: number;
  /** Held-out log-likelihood of each fold. */
  readonly foldScores: Float64Array;
  /** The penalty's per-coefficient weights (informationWeights). */
  readonly weights: Float64Array;
  /** Whether `coefficients` is the converged fit (false: the one-step pair scoring's). */
  readonly fullFit: boolean;
}

/**
 * Chooses among candidate models (logistic or noisy-or link, with or without pair terms) and ridge
 * strengths by 5-fold cross-validation on held-out binomial log-likelihood: the form that best
 * predicts journeys the fit did not see wins. The form first, at one moderate strength (strengths
 * change little between forms): for each link the additive design and its pair-term variant
 * (`withPairs` builds it from the additive fit, pairScreening.ts, or none), the pair terms kept
 * only when they predict better by more than one standard error (the one-standard-error rule:
 * the simpler form unless the data clearly prefer the other); then the strength for the chosen
 * form.
 */
export function chooseModel(
  patterns: ExposurePatterns,
  additiveCandidates: readonly CandidateModel[],
  folds: readonly Fold[],
  withPairs: (additive: ModelChoice) => CandidateModel | undefined = () => undefined,
): ModelChoice {
  let best: ModelChoice | undefined;
  for (const candidate of additiveCandidates) {
    const additive = choosePenalty(patterns, candidate, folds, [FORM_SELECTION_PENALTY]);
    const pairCandidate = withPairs(additive);
    // One Newton step from the additive fit with pair terms at 0 (the step Rao's score test looks
    // at) stands in for the pair fit here; a chosen pair form is fitted fully below.
    const paired = pairCandidate ? choosePenalty(patterns, pairCandidate, folds, [FORM_SELECTION_PENALTY], withZeroPairs(additive, pairCandidate.features), 1) : undefined;
    const form = paired && paired.score - additive.score > differenceStandardError(paired.foldScores, additive.foldScores) ? paired : additive;
    if (!best || form.score > best.score) best = form;
  }
  if (!best) throw new RangeError('no candidate model');
  return choosePenalty(patterns, best, folds, PENALTY_GRID, best.coefficients, undefined, best);
}

export function crossValidationFolds(patterns: ExposurePatterns, seed: number): Fold[] {
  const nulls = patterns.journeys.map((total, pattern) => total - patterns.conversions[pattern]);
  const conversionFolds = splitIntoFolds(patterns.conversions, FOLDS, patterns.seeds, seed ^ 0x5eed);
  const nullFolds = splitIntoFolds(nulls, FOLDS, patterns.seeds, seed ^ 0xf01d);
  return conversionFolds.map((testConversions, fold) => {
    const trainConversions = new Float64Array(patterns.patternCount);
    const trainJourneys = new Float64Array(patterns.patternCount);
    const testJourneys = new Float64Array(patterns.patternCount);
    let testCount = 0;
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      testJourneys[pattern] = testConversions[pattern] + nullFolds[fold][pattern];
      trainConversions[pattern] = patterns.conversions[pattern] - testConversions[pattern];
      trainJourneys[pattern] = patterns.journeys[pattern] - testJourneys[pattern];
      if (testJourneys[pattern] !== 0) testCount++;
    }
    const testPatterns = new Int32Array(testCount);
    for (let pattern = 0, index = 0; pattern < patterns.patternCount; pattern++) if (testJourneys[pattern] !== 0) testPatterns[index++] = pattern;
    return { trainConversions, trainJourneys, testConversions, testJourneys, trainFraction: 1 - 1 / FOLDS, testPatterns };
  });
}

/**
 * The ridge strength for one design by cross-validation with the one-standard-error rule (Breiman
 * et al. 1984; Hastie, Tibshirani & Friedman, "The Elements of Statistical Learning", §7.10): the
 * strongest penalty whose held-out log-likelihood is within one standard error of the best one's,
 * the standard error of their difference from its spread over folds. Strengths whose scores differ
 * by less than the noise of cross-validation are not told apart by the data; the stronger one
 * then steadies coefficients the data barely separate (touches of a targeted state and the
 * propensity they reveal) instead of letting fold noise pick. Each strength is fitted once on all
 * journeys (warm-started along the path, strongest first); the folds' fits are one-step
 * approximations from there (foldSteps.ts).
 */
export function choosePenalty(
  patterns: ExposurePatterns,
  { features, design, link }: CandidateModel,
  folds: readonly Fold[],
  grid: readonly number[] = PENALTY_GRID,
  start?: Coefficients,
  newtonSteps?: number,
  known?: ModelChoice,
): ModelChoice {
  const weights = known?.features === features && known.link === link ? known.weights : informationWeights(features, link, patterns.conversions, patterns.journeys);
  // From a given start (a warm start, or the one-step pair scoring), the information is computed
  // once there and serves every fit and fold step along the grid (chord Newton; foldSteps.ts).
  const shared = start && features.coefficientCount <= NEWTON_MAX_COEFFICIENTS ? informationAt(features, link, start, patterns.conversions, patterns.journeys) : undefined;
  const choices: { choice: ModelChoice; foldScores: Float64Array }[] = [];
  let coefficients = start;
  for (const penalty of grid) {
    // A strength this form was already fitted at in full (the form selection's) is not refitted:
    // from its own fit the chord step would stop at once, and its folds were scored from the
    // information at that same point.
    if (known && known.features === features && known.link === link && known.fullFit && known.penalty === penalty) {
      coefficients = known.coefficients;
      choices.push({ choice: known, foldScores: known.foldScores });
      continue;
    }
    const penalties = scaledPenalty(weights, penalty);
    coefficients = fitConversionModel(features, link, design, patterns.conversions, patterns.journeys, penalties, coefficients, newtonSteps, shared);
    const foldScores = approximateCrossValidation(features, link, patterns.conversions, patterns.journeys, penalties, coefficients, folds, shared);
    const score = foldScores.reduce((sum, value) => sum + value, 0);
    choices.push({ choice: { features, design, link, penalty, penalties, coefficients, score, foldScores, weights, fullFit: newtonSteps === undefined }, foldScores });
  }
  if (choices.length === 0) throw new RangeError('empty penalty grid');
  const best = choices.reduce((left, right) => (right.choice.score > left.choice.score ? right : left));
  // Strongest first: the first within one standard error of the best.
  const ordered = [...choices].sort((left, right) => right.choice.penalty - left.choice.penalty);
  return (ordered.find(({ foldScores }) => best.choice.score - foldScores.reduce((sum, value) => sum + value, 0) <= differenceStandardError(best.foldScores, foldScores)) ?? best).choice;
}

/** Standard error of Σ_k (a_k − b_k) from the spread of the per-fold differences: √(K · s²). */
export function differenceStandardError(first: Float64Array, second: Float64Array): number {
  const folds = first.length;
  if (folds < 2) return 0;
  let mean = 0;
  for (let fold = 0; fold < folds; fold++) mean += (first[fold] - second[fold]) / folds;
  let squares = 0;
  for (let fold = 0; fold < folds; fold++) squares += (first[fold] - second[fold] - mean) ** 2;
  return Math.sqrt((folds * squares) / (folds - 1));
}

/** An additive fit's coefficients laid out for a design with pair terms (pairs at 0). */
function withZeroPairs(additive: ModelChoice, paired: PatternFeatures): Coefficients {
  const start = new Float64Array(paired.coefficientCount);
  const pairBase = additive.features.pairBase;
  start.set(additive.coefficients.subarray(0, pairBase));
  // Propensity coefficients come last in both designs.
  const propensityCount = additive.features.coefficientCount - pairBase;
  start.set(additive.coefficients.subarray(pairBase), paired.coefficientCount - propensityCount);
  return start;
}
