import type { Dataset } from '../dataset/dataset';
import { touchpointText } from '../dataset/touchpointTable';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { adjustForReturns } from './contactReturns';
import { courseAt } from './periodBaseline';
import { quote } from './quote';
import type { MatchKind, TouchpointResolution } from './resolution';
import type { ResolutionReport } from './resolutionReport';
import { inferUntaggedFirstTouches, INFERRED_KINDS } from './untaggedFirstTouches';

/** Where the report gives the baseline's course: shares of the period. */
const COURSE_POINTS = [0, 0.25, 0.5, 0.75, 1];

/** How a later touch named its campaign, for explanations. */
const MATCH_LABELS: Record<MatchKind, string> = {
  exact: 'tagged link',
  normalized: 'tagged link',
  fuzzy_tag: 'tagged link',
  landing_page: 'campaign landing page',
  referrer: 'referrer',
  promo_code: 'promo code',
  inferred: 'inferred',
  none: 'none',
};

/** How the contact came back, for the explanation: the promo code as typed (when in its column), or the kind of match. */
function returnLabel(dataset: Dataset, resolution: TouchpointResolution, touch: number): string {
  const typed = resolution.match === 'promo_code' ? touchpointText(dataset.touchpointTable, 'promo_code', touch).trim() : '';
  return typed !== '' ? `promo code ${typed}` : MATCH_LABELS[resolution.match];
}

/** The pooling hierarchy's levels below the groups, as untaggedFirstTouches builds them. */
const POOLING_LEVELS = ['platform', 'creator', 'campaign'];

/**
 * The inference step of resolution: fits the untagged first touches (branded searches, direct
 * visits; `candidateKind` 1 + kind index, 0 = not a candidate) against the campaigns and replaces
 * each candidate's resolution by the inferred campaign with its posterior, or by "more likely
 * organic" with the organic posterior as its confidence. Updates `byMatch`; returns the report.
 */
export function applyInferredMatches(
  dataset: Dataset,
  resolutions: TouchpointResolution[],
  candidateKind: Uint8Array,
  campaignLabels: readonly string[],
  byMatch: Record<MatchKind, number>,
): ResolutionReport['inferred'] {
  const campaigns = dataset.campaigns;
  const inference = inferUntaggedFirstTouches(dataset, resolutions, candidateKind);
  const decisions = adjustForReturns(dataset, resolutions, inference.events, inference.result, inference.groups, inference.firstOfContact);
  const occurredAt = dataset.touchpointTable.occurredAt;
  // Events of one hour and kind mostly share their decision: equal resolutions are one frozen
  // object, which the writers encode once (100,000 candidates made 110,000 distinct rows to quote).
  const sharedAttributions = new Map<string, Map<number, TouchpointResolution>>();
  const sharedOrganic = new Map<TouchpointResolution, Map<string, Map<number, TouchpointResolution>>>();
  const shared = <Key>(byKey: Map<Key, Map<number, TouchpointResolution>>, key: Key, confidence: number, create: () => TouchpointResolution): TouchpointResolution => {
    let byConfidence = byKey.get(key);
    if (byConfidence === undefined) byKey.set(key, (byConfidence = new Map()));
    let resolution = byConfidence.get(confidence);
    if (resolution === undefined) byConfidence.set(confidence, (resolution = Object.freeze(create())));
    return resolution;
  };
  let attributedCount = 0;
  for (let event = 0; event < inference.events.length; event++) {
    const index = inference.events[event];
    const previous = resolutions[index];
    const kindName = INFERRED_KINDS[candidateKind[index] - 1];
    const campaignIndex = decisions.campaignOfEvent[event];
    const organic = decisions.organicPosteriorOfEvent[event];
    byMatch[previous.match]--;
    if (campaignIndex >= 0) {
      attributedCount++;
      const posterior = decisions.posteriorOfEvent[event];
      const campaign = campaigns[campaignIndex];
      const returnTouch = decisions.returnTouchOfEvent[event];
      const cameBack = returnTouch < 0 ? '' : `; the contact came back through it ${Math.max(0, Math.round((occurredAt[returnTouch] - occurredAt[index]) / MILLISECONDS_PER_DAY))} days later (${returnLabel(dataset, resolutions[returnTouch], returnTouch)})`;
      const explanation = `first visit by ${kindName} while campaign ${quote(campaignLabels[campaignIndex])} was drawing responses${cameBack} (P=${posterior.toFixed(2)}, organic ${organic.toFixed(2)})`;
      const channel = campaign.channel !== '' ? campaign.channel : previous.channel;
      resolutions[index] = shared(sharedAttributions, `${channel}\u0001${explanation}`, posterior, () => ({
        campaignIndex,
        campaignId: campaign.campaign_id,
        influencerId: campaign.influencer_id === '' ? null : campaign.influencer_id,
        channel,
        match: 'inferred',
        confidence: posterior,
        explanation,
      }));
      byMatch.inferred++;
    } else {
      let byKind = sharedOrganic.get(previous);
      if (byKind === undefined) sharedOrganic.set(previous, (byKind = new Map()));
      resolutions[index] = shared(byKind, kindName, organic, () => ({
        ...previous,
        confidence: organic,
        explanation: `first visit by ${kindName}, more likely organic (P=${organic.toFixed(2)})`,
      }));
      byMatch.none++;
    }
  }
  const course = inference.result.course;
  const kindRecord = (values: Float64Array): Record<string, number> => Object.fromEntries(INFERRED_KINDS.map((kind, position) => [kind, values[position]]));
  return {
    candidates: inference.events.length,
    attributed: attributedCount,
    cameBackThroughACandidate: decisions.eventsWithReturns,
    baselinePerDay: kindRecord(inference.result.baselinePerDay),
    weekdayFactors: Array.from(inference.result.weekdayFactors),
    courseFactors: COURSE_POINTS.map((share) => courseAt(course, course.start + share * (course.end - course.start))),
    baselineLearnedOutsideWindows: inference.result.baselineLearnedOutsideWindows,
    meanDelayDays: kindRecord(inference.result.meanDelayDays),
    iterations: inference.result.iterations,
    pooling: Object.fromEntries(Array.from(inference.result.levelShapes, (shape, level) => [POOLING_LEVELS[level] ?? `level ${level + 1}`, shape])),
  };
}
