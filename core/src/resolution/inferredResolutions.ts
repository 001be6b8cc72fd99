import type { Dataset } from '../dataset/dataset';
import { courseAt } from './periodBaseline';
import { quote } from './quote';
import type { MatchKind, TouchpointResolution } from './resolution';
import type { ResolutionReport } from './resolutionReport';
import { inferUntaggedFirstTouches, INFERRED_KINDS } from './untaggedFirstTouches';

/** Where the report gives the baseline's course: shares of the period. */
const COURSE_POINTS = [0, 0.25, 0.5, 0.75, 1];

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
  let attributedCount = 0;
  for (let event = 0; event < inference.events.length; event++) {
    const index = inference.events[event];
    const previous = resolutions[index];
    const kindName = INFERRED_KINDS[candidateKind[index] - 1];
    const campaignIndex = inference.result.campaignOfEvent[event];
    const organic = inference.result.organicPosteriorOfEvent[event];
    byMatch[previous.match]--;
    if (campaignIndex >= 0) {
      attributedCount++;
      const posterior = inference.result.posteriorOfEvent[event];
      const campaign = campaigns[campaignIndex];
      resolutions[index] = {
        campaignIndex,
        campaignId: campaign.campaign_id,
        influencerId: campaign.influencer_id === '' ? null : campaign.influencer_id,
        channel: campaign.channel !== '' ? campaign.channel : previous.channel,
        match: 'inferred',
        confidence: posterior,
        explanation: `first visit by ${kindName} while campaign ${quote(campaignLabels[campaignIndex])} was drawing responses (P=${posterior.toFixed(2)}, organic ${organic.toFixed(2)})`,
      };
      byMatch.inferred++;
    } else {
      resolutions[index] = {
        ...previous,
        confidence: organic,
        explanation: `first visit by ${kindName}, more likely organic (P=${organic.toFixed(2)})`,
      };
      byMatch.none++;
    }
  }
  const course = inference.result.course;
  const kindRecord = (values: Float64Array): Record<string, number> => Object.fromEntries(INFERRED_KINDS.map((kind, position) => [kind, values[position]]));
  return {
    candidates: inference.events.length,
    attributed: attributedCount,
    baselinePerDay: kindRecord(inference.result.baselinePerDay),
    weekdayFactors: Array.from(inference.result.weekdayFactors),
    courseFactors: COURSE_POINTS.map((share) => courseAt(course, course.start + share * (course.end - course.start))),
    baselineLearnedOutsideWindows: inference.result.baselineLearnedOutsideWindows,
    meanDelayDays: kindRecord(inference.result.meanDelayDays),
    iterations: inference.result.iterations,
    pooling: Object.fromEntries(Array.from(inference.result.levelShapes, (shape, level) => [POOLING_LEVELS[level] ?? `level ${level + 1}`, shape])),
  };
}
