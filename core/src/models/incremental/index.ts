import { creditWeights } from './creditWeights';
import { createReseedableRandom, poisson } from '../../simulation/random';
import { defineDataDrivenModel } from '../data-driven/defineDataDrivenModel';
import { totalConversions, totalValue, type PathTable } from '../data-driven/pathTable';
import { spreadByWeights, type StateAttribution } from '../data-driven/stateAttribution';
import { CounterfactualSplit } from './counterfactualShapley';
import { patternShares, patternSharesInRange, sharesByState, splitJacobian } from './linearisedSplit';
import { chooseModel, crossValidationFolds } from './crossValidation';
import { exposurePatterns, type ExposurePatterns } from './exposurePatterns';
import { FitHelper, PARALLEL_FROM_PATHS, type FitHelperOptions } from './fitHelper';
import { incrementalInBackground, prestartBackgroundFit } from './backgroundFit';
import { formCandidates, type FormKey } from './formCandidates';
import { OneStepRefit } from './foldSteps';
import { broughtTouches, detectInductions, inducedSplitFeatures } from './induction';
import { otherShapeCredits } from './otherShapeCredits';
import { statesWithoutOverlap, warnStatesWithoutOverlap, withoutStates } from './overlap';
import { trace } from '../../util/trace';

export interface IncrementalOptions {
  /** Bootstrap replicates for the confidence intervals (0: none). */
  readonly bootstrapSamples: number;
  readonly seed: number;
  /** When to fit on two threads (fitHelper.ts); the answers are the same either way. */
  readonly parallel?: FitHelperOptions;
}

export interface IncrementalAttribution extends StateAttribution {
  /** Expected conversions each state caused (the fitted lift, before spreading all conversions). */
  readonly incrementalConversions: Float64Array;
  /** Ridge penalty chosen by cross-validation. */
  readonly penalty: number;
  /** Link and pair terms chosen by cross-validation. */
  readonly link: 'logistic' | 'noisy-or';
  readonly pairTerms: number;
  /** States left out of the fit for want of a journey that did not convert (overlap.ts): no credit. */
  readonly statesWithoutOverlap: readonly string[];
  /** The intervals also span the credits under the baseline shape not chosen (targeting found; otherShapeCredits.ts). */
  readonly intervalsSpanShapes?: boolean;
  /** States found to bring later touches of others (induction.ts), with the share of those touches they brought. */
  readonly upstream?: ReadonlyArray<{ readonly from: string; readonly to: string; readonly share: number }>;
}

const CONFIDENCE = 0.95;

/**
 * The incremental model (see "Data-driven models" in the README):
 * 1. fit P(convert | touches) on converting AND non-converting journeys: a regression on each
 *    state's presence and ln(touch count) (touch effects ≥ 0), logistic or noisy-or link, with or
 *    without terms for frequent pairs of states; link, pair terms and ridge penalty chosen by
 *    5-fold cross-validation;
 * 2. each journey's lift over the no-touch baseline splits over its states by Shapley over the
 *    model's counterfactuals (counterfactualShapley.ts), where switching off a state that brings
 *    later touches of another also removes the touches it brought (induction.ts); summed over all
 *    journeys this is each state's expected incremental conversions;
 * 3. every conversion and every unit of value is credited in proportion to those incremental
 *    conversions, so credits sum to the totals (the no-touch baseline is not a state to credit);
 * 4. a Poisson bootstrap over journeys gives the 95% percentile interval of each state's
 *    credited conversions: each replicate refits by one Newton step from the full fit, and its
 *    split is the full fit's, moved linearly with the coefficients (linearisedSplit.ts).
 * From PARALLEL_FROM_PATHS distinct paths on (up to PARALLEL_UP_TO_STATES states), a helper thread
 * (fitHelper.ts) chooses the logistic baseline form, fits half the ridge strengths and splits half
 * the patterns meanwhile: the same answers, bit for bit (measured on the core benchmark's CRM data:
 * 1.44-1.71 s against 2.11-2.29 s on one thread).
 */
export function incrementalAttribution(table: PathTable, options: IncrementalOptions): IncrementalAttribution {
  const excluded = statesWithoutOverlap(table);
  if (excluded.length === 0) return fitOnThreads(table, options);
  const names = excluded.map((state) => table.stateNames[state]);
  warnStatesWithoutOverlap(names);
  const reduced = withoutStates(table, excluded);
  return onEveryState(fitOnThreads(reduced.table, options), table, reduced.originalStates, names);
}

function fitOnThreads(table: PathTable, options: IncrementalOptions): IncrementalAttribution {
  // Started first: the thread boots while this one groups the patterns it is then given.
  const helper = FitHelper.start(table, options.seed, options.parallel);
  try {
    return fitIncremental(table, options, helper);
  } finally {
    helper?.close();
  }
}

/**
 * A fit on the table without some states, stated for every state of `table`: the left-out states
 * get nothing, and the credits spread all of the table's conversions and value, as they do
 * without exclusions (the intervals scale with them).
 */
function onEveryState(fitted: IncrementalAttribution, table: PathTable, originalStates: Int32Array, leftOut: readonly string[]): IncrementalAttribution {
  const stateCount = table.stateNames.length;
  const onAll = (values: Float64Array): Float64Array => {
    const all = new Float64Array(stateCount);
    originalStates.forEach((state, index) => (all[state] = values[index]));
    return all;
  };
  const weights = onAll(fitted.weights);
  const conversionsTotal = totalConversions(table);
  const fittedTotal = fitted.conversions.reduce((sum, value) => sum + value, 0);
  const scale = fittedTotal > 0 ? conversionsTotal / fittedTotal : 0;
  const scaled = (values: Float64Array): Float64Array => onAll(values.map((value) => value * scale));
  return {
    ...fitted,
    stateNames: table.stateNames,
    conversions: spreadByWeights(weights, conversionsTotal),
    values: spreadByWeights(weights, totalValue(table)),
    weights,
    incrementalConversions: onAll(fitted.incrementalConversions),
    ...(fitted.conversionsLow && fitted.conversionsHigh ? { conversionsLow: scaled(fitted.conversionsLow), conversionsHigh: scaled(fitted.conversionsHigh) } : {}),
    statesWithoutOverlap: leftOut,
  };
}

function fitIncremental(table: PathTable, options: IncrementalOptions, helper: FitHelper | undefined): IncrementalAttribution {
  trace('incremental: patterns');
  const patterns = exposurePatterns(table);
  const folds = crossValidationFolds(patterns, options.seed);
  helper?.setUp(patterns, folds);
  const candidates = formCandidates(patterns);
  trace('incremental: forms and strengths');
  const { features, design, link, penalty, penalties, coefficients, key, others } = chooseModel(patterns, candidates, folds, helper);
  trace('incremental: split');
  // States that bring later touches of others share those touches' effect (induction.ts).
  const inductions = detectInductions(table);
  if (inductions.length > 0) trace(`incremental: upstream ${inductions.map((induction) => `${table.stateNames[induction.from]} → ${table.stateNames[induction.to]} (${(induction.share * 100).toFixed(0)}%)`).join(', ')}`);
  const brought = broughtTouches(table, patterns, inductions);
  const splitFeatures = inducedSplitFeatures(patterns, features, brought);
  const splitter = new CounterfactualSplit(patterns, splitFeatures, link, options.seed);
  // The helper thread splits with the plain features: with inductions this thread splits them all.
  const baseShares = splitPatterns(patterns, splitter, coefficients, key, inductions.length > 0 ? undefined : helper);
  const incremental = sharesByState(patterns, baseShares, patterns.journeys);
  trace('incremental: split done');
  const weights = creditWeights(incremental);
  const conversionsTotal = totalConversions(table);
  const conversions = spreadByWeights(weights, conversionsTotal);
  const result: IncrementalAttribution = {
    stateNames: table.stateNames,
    conversions,
    values: spreadByWeights(weights, totalValue(table)),
    weights,
    incrementalConversions: incremental,
    penalty,
    link: link.name,
    pairTerms: features.pairStates.length / 2,
    statesWithoutOverlap: [],
    upstream: inductions.map((induction) => ({ from: table.stateNames[induction.from], to: table.stateNames[induction.to], share: induction.share })),
  };
  if (options.bootstrapSamples <= 0) return result;

  const stateCount = table.stateNames.length;
  const replicates = Array.from({ length: stateCount }, () => new Float64Array(options.bootstrapSamples));
  const random = createReseedableRandom();
  const resampledConversions = new Float64Array(patterns.patternCount);
  const resampledJourneys = new Float64Array(patterns.patternCount);
  const jacobian = splitJacobian(patterns, splitFeatures, design, splitter, coefficients, baseShares, patterns.journeys);
  const coefficientCount = coefficients.length;
  const refits = new OneStepRefit(features, link, patterns.conversions, patterns.journeys, penalties, coefficients);
  const journeysTotal = patterns.journeys.reduce((sum, value) => sum + value, 0);
  for (let replicate = 0; replicate < options.bootstrapSamples; replicate++) {
    // Poisson bootstrap (Hanley & MacGibbon 2006): each journey appears Poisson(1) times, so a
    // pattern's converting and non-converting counts are independent Poisson draws.
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      random.reseed(patterns.seeds[pattern] ^ Math.imul(replicate + 1, 0x9e3779b1) ^ options.seed);
      const converted = poisson(random, patterns.conversions[pattern]);
      const notConverted = poisson(random, patterns.journeys[pattern] - patterns.conversions[pattern]);
      resampledConversions[pattern] = converted;
      resampledJourneys[pattern] = converted + notConverted;
    }
    // One Newton step from the full-data fit: the one-step bootstrap is first-order equivalent to
    // a full refit (Davison, Hinkley & Schechtman 1986, "Efficient bootstrap simulation").
    let resampledTotal = 0;
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) resampledTotal += resampledJourneys[pattern];
    const replicateCoefficients = refits.refit(resampledConversions, resampledJourneys, resampledTotal / journeysTotal);
    // The split, linear in the coefficients' small move: the resampled journeys times the fitted
    // shares, plus the Jacobian times the move (second-order terms dropped, as in the one step).
    const replicateIncremental = sharesByState(patterns, baseShares, resampledJourneys);
    for (let state = 0; state < stateCount; state++) {
      let change = 0;
      for (let column = 0; column < coefficientCount; column++) change += jacobian[state * coefficientCount + column] * (replicateCoefficients[column] - coefficients[column]);
      replicateIncremental[state] += change;
    }
    const replicateCredits = spreadByWeights(
      creditWeights(replicateIncremental),
      conversionsTotal,
    );
    for (let state = 0; state < stateCount; state++) replicates[state][replicate] = replicateCredits[state];
  }
  const low = new Float64Array(stateCount);
  const high = new Float64Array(stateCount);
  for (let state = 0; state < stateCount; state++) {
    const sorted = replicates[state].sort();
    low[state] = quantile(sorted, (1 - CONFIDENCE) / 2);
    high[state] = quantile(sorted, 1 - (1 - CONFIDENCE) / 2);
  }
  // With targeting found, the split rests on the baseline's shape: the interval also takes in the
  // other shape's credits (otherShapeCredits.ts).
  const otherShapes = candidates.targeted ? otherShapeCredits(patterns, others, conversionsTotal, options.seed, (formFeatures) => inducedSplitFeatures(patterns, formFeatures, brought)) : [];
  for (const credits of otherShapes) {
    for (let state = 0; state < stateCount; state++) {
      low[state] = Math.min(low[state], credits[state]);
      high[state] = Math.max(high[state], credits[state]);
    }
  }
  return { ...result, conversionsLow: low, conversionsHigh: high, intervalsSpanShapes: otherShapes.length > 0 };
}

/** Every pattern's Shapley shares (patternShares), the second half of the patterns split by the helper when there is one. */
function splitPatterns(patterns: ExposurePatterns, splitter: CounterfactualSplit, coefficients: Float64Array, key: FormKey, helper: FitHelper | undefined): Float64Array {
  if (!helper) return patternShares(patterns, splitter, coefficients);
  const half = patterns.patternCount >> 1;
  const remote = helper.shares(key, coefficients, half, patterns.patternCount);
  const shares = new Float64Array(patterns.states.length);
  patternSharesInRange(patterns, splitter, coefficients, 0, half, shares);
  const rest = remote();
  if (rest) shares.set(rest, patterns.stateOffsets[half]);
  else patternSharesInRange(patterns, splitter, coefficients, half, patterns.patternCount, shares.subarray(patterns.stateOffsets[half]));
  return shares;
}

/** Linear-interpolation quantile of sorted values (type 7, R's default). */
function quantile(sorted: Float64Array, probability: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export const incrementalModel = defineDataDrivenModel(
  'incremental',
  'data-driven: incremental conversions from converting and non-converting journeys, with bootstrap intervals',
  // Per-deal credit needs the weights only: skip the bootstrap there.
  (table, settings) => incrementalAttribution(table, { bootstrapSamples: 0, seed: settings.seed }),
  {
    start: (table, settings) => incrementalInBackground(table, settings),
    // A data set has at most as many distinct paths as deals and contacts: below the helper's
    // threshold there is nothing to boot.
    anticipate: (dataset) => {
      if (dataset.contactTable.count + dataset.dealTable.count >= PARALLEL_FROM_PATHS) prestartBackgroundFit();
    },
  },
);
