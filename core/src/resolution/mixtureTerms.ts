/**
 * The two inner pieces of the inference fit (inferredMatcher.ts): the candidate (event,
 * campaign) pairs with their anchor densities per delay bin, and the E-step over them.
 */
import type { InferenceInput } from './mixtureFit';

/**
 * Delay bins (days) of the response kernel, log-spaced: the kernel is a histogram fitted by EM,
 * so it takes whatever shape the data show (an immediate spike, a log-normal hump a day later,
 * a long tail) instead of assuming one.
 */
export const DELAY_BIN_EDGES = [0, 0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];
/** How far back an anchor can still explain a visit. */
export const MAX_LAG_DAYS = 64;
/** Responses to posts without anchors are spread over the campaign's dates plus this many days. */
export const DIFFUSE_TAIL_DAYS = 14;

export interface CandidatePairs {
  readonly pairOffsets: Int32Array;
  readonly pairCampaigns: Int32Array;
  /**
   * The anchor density in each delay bin, kept only from each pair's first bin with anchors to its
   * last: pair p's bins pairBinFrom[p], pairBinFrom[p] + 1, ... are pairBinCounts[pairBinStarts[p]]
   * .. pairBinCounts[pairBinStarts[p + 1] - 1], and every other bin of it is 0. Three quarters of
   * all bins are empty (a campaign's anchors mostly sit in one or two delay bins before an event),
   * so the sums over bins skip them: adding 0 changes no floating sum, the results are the same to
   * the last bit, and the array is a quarter of the size.
   */
  readonly pairBinCounts: Float64Array;
  readonly pairBinStarts: Int32Array;
  readonly pairBinFrom: Uint8Array;
  readonly pairDiffuse: Float64Array;
}

const pairsOfInput = new WeakMap<InferenceInput, CandidatePairs>();

/**
 * Candidate (event, campaign) pairs with the density of the campaign's anchors in each delay bin
 * before the event: fixed across iterations (and both passes), so each iteration is a few
 * multiply-adds per pair.
 */
export function candidatePairs(input: InferenceInput): CandidatePairs {
  const cached = pairsOfInput.get(input);
  if (cached) return cached;
  const { eventTimes, anchors } = input;
  const eventCount = eventTimes.length;
  const campaignCount = anchors.length;
  const binCount = DELAY_BIN_EDGES.length - 1;
  const pairOffsets = new Int32Array(eventCount + 1);
  // anchorsUpTo[campaign * edges + edge] = number of the campaign's anchors at or before (time - edge);
  // events come in time order, so these pointers only move forward: O(events × campaigns × edges + anchors).
  const edgeCount = DELAY_BIN_EDGES.length;
  const edges = Float64Array.from(DELAY_BIN_EDGES);
  const binWidths = Float64Array.from({ length: binCount }, (_, bin) => DELAY_BIN_EDGES[bin + 1] - DELAY_BIN_EDGES[bin]);
  const anchorsUpTo = new Int32Array(campaignCount * edgeCount);
  // weightBefore[campaign][i]: the share of the campaign's response its first i anchors stand for.
  const weightBefore = anchors.map((list, campaign) => {
    const shares = input.anchorWeights?.[campaign];
    const cumulative = new Float64Array(list.length + 1);
    for (let anchor = 0; anchor < list.length; anchor++) cumulative[anchor + 1] = cumulative[anchor] + (shares ? shares[anchor] : 1 / list.length);
    return cumulative;
  });
  // Outside [activeFrom, activeTo] a campaign has neither anchors within MAX_LAG_DAYS nor a diffuse window.
  const activeFrom = new Float64Array(campaignCount).fill(Infinity);
  const activeTo = new Float64Array(campaignCount).fill(-Infinity);
  // The diffuse window [diffuseFrom, diffuseTo] (campaign dates plus the tail) and its density; density 0 without one.
  const diffuseFrom = new Float64Array(campaignCount);
  const diffuseTo = new Float64Array(campaignCount);
  const diffuseDensity = new Float64Array(campaignCount);
  for (let campaign = 0; campaign < campaignCount; campaign++) {
    const list = anchors[campaign];
    if (list.length > 0) {
      activeFrom[campaign] = list[0];
      activeTo[campaign] = list[list.length - 1] + MAX_LAG_DAYS;
    }
    const window = input.diffuseWindows?.[campaign];
    if (window) {
      diffuseFrom[campaign] = window[0];
      diffuseTo[campaign] = window[1] + DIFFUSE_TAIL_DAYS;
      diffuseDensity[campaign] = 1 / (window[1] + DIFFUSE_TAIL_DAYS - window[0]);
      activeFrom[campaign] = Math.min(activeFrom[campaign], window[0]);
      activeTo[campaign] = Math.max(activeTo[campaign], window[1] + DIFFUSE_TAIL_DAYS);
    }
  }
  // Two passes over the same walk: the first counts the pairs, the second fills arrays of exactly
  // that size. Fresh memory is what this costs most (a page fault per 4 kB), not the walk.
  let pairCampaigns = new Int32Array(0);
  let pairDiffuse = new Float64Array(0);
  let pairBinCounts = new Float64Array(0);
  let pairBinStarts = new Int32Array(1);
  let pairBinFrom = new Uint8Array(0);
  let pairCount = 0;
  let binsStored = 0;
  const pairBins = new Float64Array(binCount);
  for (const counting of [true, false]) {
    if (!counting) {
      pairCampaigns = new Int32Array(pairCount);
      pairDiffuse = new Float64Array(pairCount);
      // Room for every bin of every pair; only the stored ones are ever touched (fresh pages cost a
      // fault on first touch, untouched ones nothing), and the array is cut to them at the end.
      pairBinCounts = new Float64Array(pairCount * binCount);
      pairBinStarts = new Int32Array(pairCount + 1);
      pairBinFrom = new Uint8Array(pairCount);
      pairCount = 0;
      anchorsUpTo.fill(0);
    }
    for (let event = 0; event < eventCount; event++) {
      const time = eventTimes[event];
      if (event > 0 && time < eventTimes[event - 1]) throw new Error('inferCampaigns: events must be in time order');
      for (let campaign = 0; campaign < campaignCount; campaign++) {
        // Pointers move lazily: skipping a campaign now only defers its forward scan.
        if (time < activeFrom[campaign] || time > activeTo[campaign]) continue;
        const diffuse = diffuseDensity[campaign] > 0 && time >= diffuseFrom[campaign] && time <= diffuseTo[campaign] ? diffuseDensity[campaign] : 0;
        const list = anchors[campaign];
        const anchorCount = list.length;
        const base = campaign * edgeCount;
        for (let edge = 0; edge < edgeCount; edge++) {
          const limit = time - edges[edge];
          let pointer = anchorsUpTo[base + edge];
          while (pointer < anchorCount && list[pointer] <= limit) pointer++;
          anchorsUpTo[base + edge] = pointer;
        }
        const upTo = anchorsUpTo[base];
        if (diffuse === 0 && (upTo === 0 || time - list[upTo - 1] >= MAX_LAG_DAYS)) continue;
        // Anchors in bin b: lowEdge <= time - a < highEdge, i.e. time - highEdge < a <= time - lowEdge,
        // so there are anchorsUpTo[b] - anchorsUpTo[b + 1] of them. None in any bin and no diffuse window: no pair.
        if (diffuse === 0 && anchorsUpTo[base] === anchorsUpTo[base + binCount]) continue;
        if (counting) {
          pairCount++;
          continue;
        }
        const before = weightBefore[campaign];
        let from = binCount;
        let to = 0;
        for (let bin = 0; bin < binCount; bin++) {
          const high = anchorsUpTo[base + bin];
          const low = anchorsUpTo[base + bin + 1];
          const count = high === low ? 0 : (before[high] - before[low]) / binWidths[bin];
          pairBins[bin] = count;
          if (count !== 0) {
            if (from === binCount) from = bin;
            to = bin + 1;
          }
        }
        from = Math.min(from, to);
        for (let bin = from; bin < to; bin++) pairBinCounts[binsStored++] = pairBins[bin];
        pairBinFrom[pairCount] = from;
        pairBinStarts[pairCount + 1] = binsStored;
        pairCampaigns[pairCount] = campaign;
        pairDiffuse[pairCount] = diffuse;
        pairCount++;
      }
      pairOffsets[event + 1] = pairCount;
    }
  }
  const pairs = { pairOffsets, pairCampaigns, pairBinCounts: pairBinCounts.subarray(0, binsStored), pairBinStarts, pairBinFrom, pairDiffuse };
  pairsOfInput.set(input, pairs);
  return pairs;
}

export interface ExpectationState {
  readonly eventKinds: Uint8Array;
  readonly weights: Float64Array;
  readonly pairOffsets: Int32Array;
  readonly pairCampaigns: Int32Array;
  /** Each pair's bins with anchors (CandidatePairs). */
  readonly pairBinCounts: Float64Array;
  readonly pairBinStarts: Int32Array;
  readonly pairBinFrom: Uint8Array;
  readonly pairDiffuse: Float64Array;
  readonly kindCount: number;
  readonly binCount: number;
  readonly baseline: Float64Array;
  readonly lift: Float64Array;
  readonly diffuseLift: Float64Array;
  readonly kernel: Float64Array;
  readonly responseSums: Float64Array;
  /** Σ weight · (anchored posterior)² per campaign and kind: the sampling variance of responseSums (hierarchicalPrior.ts). */
  readonly responseSquares: Float64Array;
  readonly diffuseSums: Float64Array;
  readonly binSums: Float64Array;
  /**
   * Σ weight · (the event's expected share in the bin)² per kind and bin: the sampling variance of
   * binSums (Campbell's theorem, as for responseSquares), what delayKernelMasses compares the
   * histogram's departures from its log-normal with.
   */
  readonly binSquares: Float64Array;
  /** Scratch: one event's expected responses per bin (binCount entries). */
  readonly eventBins: Float64Array;
  readonly organicSums: Float64Array;
  /**
   * Multiplier of the baseline at each event (its weekday's factor; all 1 without a weekly shape),
   * and, when given, the weekday of each event (0–6) and the organic expected events per weekday
   * the E-step accumulates into `organicByWeekday`.
   */
  readonly baselineScale: Float64Array;
  readonly eventWeekdays: Uint8Array | null;
  readonly organicByWeekday: Float64Array;
  pairIntensity: Float64Array;
  pairAnchorIntensity: Float64Array;
  /**
   * Set for the final step: per campaign and kind, ∂lift/∂(own sum) ÷ lift. The reported posterior
   * of an event takes its own expected contribution out of each campaign's estimate, the
   * collapsed-Gibbs conditional of the event's source given the other events (as in collapsed
   * Gibbs sampling for mixtures; Griffiths & Steyvers, PNAS 2004): a small campaign does not
   * claim a visit because of the weight that same visit gave it.
   */
  leaveOneOut: Float64Array | null;
  readonly campaignOfEvent: Int32Array;
  readonly posteriorOfEvent: Float64Array;
  readonly organicPosteriorOfEvent: Float64Array;
  /** Filled by the final step: each pair's posterior (its campaign's, at its event), as reported. */
  readonly pairPosteriors: Float64Array;
}

/**
 * The E-step: each event's posterior over organic and the campaigns, accumulated into expected
 * responses per campaign, per delay bin and organic. Returns Σ weight · log λ(t). A plain function
 * over typed arrays (the hot loop of the fit).
 */
export function expectationStep(state: ExpectationState, final: boolean): number {
  const { eventKinds, weights, pairOffsets, pairCampaigns, pairBinCounts, pairBinStarts, pairBinFrom, pairDiffuse, kindCount, binCount, baseline, lift, diffuseLift, kernel } =
    state;
  const { responseSums, responseSquares, diffuseSums, binSums, binSquares, eventBins, organicSums, baselineScale, eventWeekdays, organicByWeekday } =
    state;
  responseSums.fill(0);
  binSquares.fill(0);
  responseSquares.fill(0);
  diffuseSums.fill(0);
  binSums.fill(0);
  organicSums.fill(0);
  organicByWeekday.fill(0);
  let logLikelihood = 0;
  const eventCount = eventKinds.length;
  for (let event = 0; event < eventCount; event++) {
    const kind = eventKinds[event];
    const kernelAt = kind * binCount;
    const first = pairOffsets[event];
    const last = pairOffsets[event + 1];
    if (state.pairIntensity.length < last - first) {
      state.pairIntensity = new Float64Array((last - first) * 2);
      state.pairAnchorIntensity = new Float64Array((last - first) * 2);
    }
    const pairIntensity = state.pairIntensity;
    const pairAnchorIntensity = state.pairAnchorIntensity;
    const organicIntensity = baseline[kind] * baselineScale[event];
    let total = organicIntensity;
    for (let pair = first; pair < last; pair++) {
      const density = pairDensity(kernel, kernelAt, pairBinCounts, pairBinStarts[pair], pairBinStarts[pair + 1], pairBinFrom[pair]);
      const slot = pairCampaigns[pair] * kindCount + kind;
      const anchored = lift[slot] * density;
      const intensity = anchored + diffuseLift[slot] * pairDiffuse[pair];
      pairIntensity[pair - first] = intensity;
      pairAnchorIntensity[pair - first] = anchored;
      total += intensity;
    }
    const weight = weights[event];
    logLikelihood += weight * Math.log(total);
    const organic = organicIntensity / total;
    organicSums[kind] += organic * weight;
    if (eventWeekdays) organicByWeekday[eventWeekdays[event]] += organic * weight;
    let bestCampaign = -1;
    let bestPosterior = organic;
    eventBins.fill(0);
    for (let pair = first; pair < last; pair++) {
      const intensity = pairIntensity[pair - first];
      if (intensity === 0) continue;
      const posterior = intensity / total;
      const campaign = pairCampaigns[pair];
      const slot = campaign * kindCount + kind;
      const anchored = pairAnchorIntensity[pair - first];
      const anchoredPosterior = anchored / total;
      responseSums[slot] += anchoredPosterior * weight;
      // Each of the `weight` events grouped here has this posterior: weight · p² (not (weight · p)²).
      responseSquares[slot] += anchoredPosterior * anchoredPosterior * weight;
      diffuseSums[slot] += (posterior - anchoredPosterior) * weight;
      // Split the anchored response among delay bins in proportion to each bin's part of its intensity.
      if (anchored > 0) {
        const scale = (anchoredPosterior * weight * lift[slot]) / anchored;
        const end = pairBinStarts[pair + 1];
        for (let at = pairBinStarts[pair], bin = pairBinFrom[pair]; at < end; at++, bin++) eventBins[bin] += kernel[kernelAt + bin] * pairBinCounts[at] * scale;
      }
      if (posterior > bestPosterior) {
        bestPosterior = posterior;
        bestCampaign = campaign;
      }
    }
    for (let bin = 0; bin < binCount; bin++) {
      const expected = eventBins[bin];
      if (expected === 0) continue;
      binSums[kernelAt + bin] += expected;
      // `weight` events each with share expected / weight: weight · (expected / weight)².
      binSquares[kernelAt + bin] += (expected * expected) / weight;
    }
    if (final && state.leaveOneOut) {
      const factor = state.leaveOneOut;
      let reducedTotal = organicIntensity;
      for (let pair = first; pair < last; pair++) {
        const share = pairIntensity[pair - first] / total;
        const reduced = pairIntensity[pair - first] * Math.max(0, 1 - share * factor[pairCampaigns[pair] * kindCount + kind]);
        pairIntensity[pair - first] = reduced;
        reducedTotal += reduced;
      }
      bestCampaign = -1;
      bestPosterior = organicIntensity / reducedTotal;
      for (let pair = first; pair < last; pair++) {
        const posterior = pairIntensity[pair - first] / reducedTotal;
        state.pairPosteriors[pair] = posterior;
        if (posterior > bestPosterior) {
          bestPosterior = posterior;
          bestCampaign = pairCampaigns[pair];
        }
      }
      state.campaignOfEvent[event] = bestCampaign;
      state.posteriorOfEvent[event] = bestPosterior;
      state.organicPosteriorOfEvent[event] = organicIntensity / reducedTotal;
    } else if (final) {
      for (let pair = first; pair < last; pair++) state.pairPosteriors[pair] = pairIntensity[pair - first] / total;
      state.campaignOfEvent[event] = bestCampaign;
      state.posteriorOfEvent[event] = bestPosterior;
      state.organicPosteriorOfEvent[event] = organic;
    }
  }
  return logLikelihood;
}

/**
 * Per event, the fitted intensity of each group of campaigns at its time (event × group, row
 * major): what groupInclusion.ts needs to compare the fit with and without a group. Same
 * intensities as expectationStep; O(pairs · bins).
 */
export function groupIntensitiesOf(state: ExpectationState, groups: Int32Array, groupCount: number): Float64Array {
  const { eventKinds, pairOffsets, pairCampaigns, pairBinCounts, pairBinStarts, pairBinFrom, pairDiffuse, kindCount, binCount, lift, diffuseLift, kernel } = state;
  const intensities = new Float64Array(eventKinds.length * groupCount);
  for (let event = 0; event < eventKinds.length; event++) {
    const kind = eventKinds[event];
    const kernelAt = kind * binCount;
    for (let pair = pairOffsets[event]; pair < pairOffsets[event + 1]; pair++) {
      const density = pairDensity(kernel, kernelAt, pairBinCounts, pairBinStarts[pair], pairBinStarts[pair + 1], pairBinFrom[pair]);
      const slot = pairCampaigns[pair] * kindCount + kind;
      intensities[event * groupCount + groups[pairCampaigns[pair]]] += lift[slot] * density + diffuseLift[slot] * pairDiffuse[pair];
    }
  }
  return intensities;
}

/**
 * A pair's anchor density under the kernel, Σ_bin kernel[bin] · count[bin], over its stored bins
 * (counts[start .. end) for bins from, from + 1, ...: CandidatePairs).
 */
export function pairDensity(kernel: Float64Array, kernelAt: number, counts: Float64Array, start: number, end: number, from: number): number {
  let density = 0;
  for (let at = start, bin = kernelAt + from; at < end; at++, bin++) density += kernel[bin] * counts[at];
  return density;
}
