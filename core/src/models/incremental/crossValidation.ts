import { createReseedableRandom } from '../../simulation/random';
import { binomial } from '../../simulation/sampling';
import type { ExposurePatterns } from './exposurePatterns';
import type { ConversionLink } from './conversionLinks';
import type { PatternFeatures } from './patternFeatures';
import type { FormCandidates, FormKey } from './formCandidates';
import { approximateCrossValidation, type Fold } from './foldSteps';
import { fitConversionModel, informationAt, informationWeights, NEWTON_MAX_COEFFICIENTS, scaledPenalty, type Coefficients, type DesignColumns } from './logisticFit';
import { trace } from '../../util/trace';

/**
 * Ridge strengths tried, strongest first (warm-started along two chains, choosePenalty): the
 * penalty on each coefficient is strength × its Fisher information (informationWeights), so 0.01
 * is a prior worth 1% of what the data say about that coefficient.
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
  /** Which form this is (a baseline form, with or without which pair terms): how a fit helper names it. */
  readonly key: FormKey;
}

/** One ridge strength fitted on all journeys and scored on the folds. */
export interface StrengthFit {
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
}

export interface ModelChoice extends CandidateModel, StrengthFit {
  /** The penalty's per-coefficient weights (informationWeights). */
  readonly weights: Float64Array;
  /** Whether `coefficients` is the converged fit (false: the one-step pair scoring's). */
  readonly fullFit: boolean;
}

/** A chain of ridge strengths to fit (fitStrengthChain) for the design `key` names. */
export interface ChainJob {
  readonly key: FormKey;
  /** Strongest first; each fit warm-starts from the one before. */
  readonly strengths: readonly number[];
  readonly weights: Float64Array;
  readonly start?: Coefficients;
  readonly newtonSteps?: number;
  /** The information at the chain's start, shared by every fit and fold step (chord Newton). */
  readonly shared?: Float64Array;
}

/** A baseline form's choice (chooseForm) made by another thread: the design by its pair terms, and the fit. */
export interface FormAnswer {
  /** The pair terms of the chosen design; null: the additive design. */
  readonly pairs: readonly number[] | null;
  /** With pair terms: the design's features (copying them costs less than building them again). */
  readonly features?: PatternFeatures;
  readonly fit: StrengthFit;
  readonly weights: Float64Array;
  readonly fullFit: boolean;
}

/**
 * Work another thread can do at the same time (fitHelper.ts): each call starts a job and returns
 * how to wait for its answer, undefined when the helper failed (the caller then does it itself).
 */
export interface ParallelFits {
  chooseForm(candidate: number): () => FormAnswer | undefined;
  fitChain(job: ChainJob): () => StrengthFit[] | undefined;
}

/** The chosen model, and the best form of each baseline form not chosen (at the form-selection strength). */
export interface ModelSelection extends ModelChoice {
  readonly others: readonly ModelChoice[];
}

/**
 * Chooses among candidate models (logistic or noisy-or link, with or without pair terms) and ridge
 * strengths by 5-fold cross-validation on held-out binomial log-likelihood: the form that best
 * predicts journeys the fit did not see wins. The form first, at one moderate strength (strengths
 * change little between forms): for each link the additive design and its pair-term variant
 * (`candidates.withPairs` builds it from the additive fit, pairScreening.ts, or none), the pair terms kept
 * only when they predict better by more than one standard error (the one-standard-error rule:
 * the simpler form unless the data clearly prefer the other); then the strength for the chosen
 * form. With a helper thread, the forms but the last are chosen there while this thread does the
 * last (same answers: each form's choice depends on its own fits only).
 */
export function chooseModel(
  patterns: ExposurePatterns,
  candidates: FormCandidates,
  folds: readonly Fold[],
  parallel?: ParallelFits,
): ModelSelection {
  const additiveCandidates = candidates.additive;
  const last = additiveCandidates.length - 1;
  const remote = parallel ? additiveCandidates.map((_candidate, index) => (index === last ? undefined : parallel.chooseForm(index))) : [];
  // This thread takes the last form (the noisy-or one, the slower to fit) while the helper, which
  // first builds its own setup, takes the others; they are then weighed in order, as without one.
  const own = parallel ? chooseForm(patterns, additiveCandidates[last], folds, candidates) : undefined;
  const forms: ModelChoice[] = additiveCandidates.map((candidate, index) => {
    const answer = remote[index]?.();
    if (answer) {
      const form = candidates.design({ candidate: index, pairs: answer.pairs }, answer.features);
      return { ...form, ...answer.fit, weights: answer.weights, fullFit: answer.fullFit };
    }
    return index === last && own ? own : chooseForm(patterns, candidate, folds, candidates);
  });
  if (forms.length === 0) throw new RangeError('no candidate model');
  const chosen = bestForm(forms, candidates.normalForms);
  const tuned = choosePenalty(patterns, chosen, folds, PENALTY_GRID, chosen.coefficients, undefined, chosen, parallel);
  // The other shapes of the same propensity distribution (the intervals span their credits).
  const family = (form: ModelChoice): boolean => forms.indexOf(form) < candidates.normalForms;
  return { ...tuned, others: forms.filter((form) => form !== chosen && family(form) === family(chosen)) };
}

/**
 * The best-scoring form, the first of equal ones (forms are weighed in order). Forms that estimate
 * the propensity's distribution (after the first `normalForms`) win only by more than one
 * standard error over the best normal one: the simpler assumption unless the data clearly say
 * otherwise (one-standard-error rule).
 */
function bestForm(forms: readonly ModelChoice[], normalForms: number): ModelChoice {
  const best = (list: readonly ModelChoice[]): ModelChoice => list.reduce((winner, form) => (form.score > winner.score ? form : winner));
  const normal = best(forms.slice(0, normalForms));
  if (forms.length <= normalForms) return normal;
  const estimated = best(forms.slice(normalForms));
  return estimated.score - normal.score > differenceStandardError(estimated.foldScores, normal.foldScores) ? estimated : normal;
}

/**
 * One baseline form's choice between its additive design and its pair-term variant, at the form
 * selection strength. One Newton step from the additive fit with pair terms at 0 (the step Rao's
 * score test looks at) stands in for the pair fit here; a chosen pair form is fitted fully after.
 */
export function chooseForm(
  patterns: ExposurePatterns,
  candidate: CandidateModel,
  folds: readonly Fold[],
  candidates: FormCandidates,
): ModelChoice {
  const additive = choosePenalty(patterns, candidate, folds, [FORM_SELECTION_PENALTY]);
  const pairCandidate = candidates.withPairs(additive);
  const paired = pairCandidate ? choosePenalty(patterns, pairCandidate, folds, [FORM_SELECTION_PENALTY], withZeroPairs(additive, pairCandidate.features), 1) : undefined;
  return paired && paired.score - additive.score > differenceStandardError(paired.foldScores, additive.foldScores) ? paired : additive;
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
 * journeys, warm-started along two chains from `start`: the strengths above the form selection's
 * strongest first, and from that strength down weakest last (so a helper thread can fit one chain
 * while this thread fits the other, with the same answers); the folds' fits are one-step
 * approximations from there (foldSteps.ts).
 */
export function choosePenalty(
  patterns: ExposurePatterns,
  candidate: CandidateModel,
  folds: readonly Fold[],
  grid: readonly number[] = PENALTY_GRID,
  start?: Coefficients,
  newtonSteps?: number,
  known?: ModelChoice,
  parallel?: ParallelFits,
): ModelChoice {
  const { features, link } = candidate;
  const sameForm = known?.features === features && known.link === link;
  const weights = sameForm ? known.weights : informationWeights(features, link, patterns.conversions, patterns.journeys);
  // From a given start (a warm start, or the one-step pair scoring), the information is computed
  // once there and serves every fit and fold step along the grid (chord Newton; foldSteps.ts).
  const shared = start && features.coefficientCount <= NEWTON_MAX_COEFFICIENTS ? informationAt(features, link, start, patterns.conversions, patterns.journeys) : undefined;
  // A strength this form was already fitted at in full (the form selection's) is not refitted:
  // from its own fit the chord step would stop at once, and its folds were scored from the
  // information at that same point. The weaker chain then starts from that fit.
  const reused = sameForm && known.fullFit && grid.includes(known.penalty) ? known : undefined;
  const pivot = reused?.penalty ?? FORM_SELECTION_PENALTY;
  const ordered = [...grid].sort((left, right) => right - left);
  const stronger = ordered.filter((penalty) => penalty > pivot);
  const weaker = ordered.filter((penalty) => penalty <= pivot && penalty !== reused?.penalty);
  const weakerStart = reused?.coefficients ?? start;
  const job: ChainJob = { key: candidate.key, strengths: weaker, weights, start: weakerStart, newtonSteps, shared };
  const remoteWeaker = parallel && weaker.length > 0 && stronger.length > 0 ? parallel.fitChain(job) : undefined;
  trace(`incremental: strengths ${stronger.join(', ')}${remoteWeaker ? ' (the helper: ' + weaker.join(', ') + ')' : ''}`);
  const strongerFits = fitStrengthChain(patterns, candidate, folds, { ...job, strengths: stronger, start });
  const weakerFits = remoteWeaker?.() ?? fitStrengthChain(patterns, candidate, folds, job);
  const fullFit = newtonSteps === undefined;
  const choices: ModelChoice[] = [...strongerFits, ...(reused ? [reused] : []), ...weakerFits].map((fit) =>
    fit === reused ? reused : { ...candidate, ...fit, weights, fullFit },
  );
  if (choices.length === 0) throw new RangeError('empty penalty grid');
  const best = choices.reduce((left, right) => (right.score > left.score ? right : left));
  // Strongest first: the first within one standard error of the best.
  return choices.find((choice) => best.score - choice.score <= differenceStandardError(best.foldScores, choice.foldScores)) ?? best;
}

/** Ridge strengths fitted one after another, each warm-started from the one before (the first from `start`). */
export function fitStrengthChain(patterns: ExposurePatterns, { features, design, link }: CandidateModel, folds: readonly Fold[], job: Omit<ChainJob, 'key'>): StrengthFit[] {
  const fits: StrengthFit[] = [];
  let coefficients = job.start;
  for (const penalty of job.strengths) {
    const penalties = scaledPenalty(job.weights, penalty);
    coefficients = fitConversionModel(features, link, design, patterns.conversions, patterns.journeys, penalties, coefficients, job.newtonSteps, job.shared);
    const foldScores = approximateCrossValidation(features, link, patterns.conversions, patterns.journeys, penalties, coefficients, folds, job.shared);
    fits.push({ penalty, penalties, coefficients, score: foldScores.reduce((sum, value) => sum + value, 0), foldScores });
  }
  return fits;
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
