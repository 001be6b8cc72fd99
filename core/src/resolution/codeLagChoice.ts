import { typedArrayOf } from '../util/typedArrays';
import { codeLagDensity, fitCodeLags } from './anchorWeights';

/**
 * Which of a creator's campaigns a promo code belongs to when the code names several of them (a
 * creator keeping MAYA10 for every season, or a damaged code one edit from two of their codes).
 *
 * Mechanism: a code is typed some time after the post its listener heard, weeks later as often as
 * not, so the campaign running when it is typed is often the next one. The campaign whose posts it
 * followed is read from the lag law of codes after their post's anchors (anchorWeights.ts): a code
 * typed on day t came from anchor a's post with probability ∝ w_a g(t − a), w_a the anchor's share
 * of its group's response and g the pooled lag law, both fitted by the same EM from the data
 * (the codes that name one campaign teach the law too). The campaign's probability is the sum over
 * its anchors. Days are whole days, as in the lag law. Where a candidate has nothing that traces its
 * posts, the lag law cannot weigh it: those touches are left to the dates.
 */

const DAY = 86_400_000;

export interface CodeTouch {
  /** Touch index (the key of the result) and its time (epoch milliseconds). */
  readonly index: number;
  readonly occurredAt: number;
  /** The campaigns the code names (two or more). */
  readonly candidates: readonly number[];
}

export interface CodeChoice {
  readonly index: number;
  readonly probability: number;
}

/**
 * For each touch in `shared`, the candidate whose anchors best explain a code typed then, with its
 * probability; touches no candidate's anchors reach are left out (the caller falls back to the
 * dates). `anchorTimes`: per campaign, the times of the touches that trace its posts (tags, landing
 * pages, referrers). `ownCodeTimes`: per campaign, the times of codes that name it alone.
 */
export function codeLagChoices(shared: readonly CodeTouch[], anchorTimes: ReadonlyArray<readonly number[]>, ownCodeTimes: ReadonlyArray<readonly number[]>): Map<number, CodeChoice> {
  const choices = new Map<number, CodeChoice>();
  if (shared.length === 0) return choices;
  // One group per set of candidates: the union of their anchors, and the codes naming that set.
  const groups = new Map<string, { candidates: readonly number[]; touches: CodeTouch[] }>();
  for (const touch of shared) {
    // A candidate with nothing tracing its posts (a podcast season without a tagged click) would
    // get none of the codes: such touches are left to the dates.
    if (touch.candidates.some((campaign) => anchorTimes[campaign].length === 0)) continue;
    const key = touch.candidates.join(',');
    const group = groups.get(key) ?? { candidates: touch.candidates, touches: [] };
    group.touches.push(touch);
    groups.set(key, group);
  }
  const groupList = [...groups.values()];
  const groupAnchors = groupList.map((group) => group.candidates.flatMap((campaign) => anchorTimes[campaign].map((time) => ({ campaign, day: time / DAY }))));
  // Every campaign with codes of its own adds to the lag law (its anchors against its codes).
  const anchorsForFit = [
    ...groupAnchors.map((list) => typedArrayOf(Float64Array, list.length, (anchor) => list[anchor].day)),
    ...anchorTimes.map((times) => typedArrayOf(Float64Array, times.length, (anchor) => times[anchor] / DAY)),
  ];
  const codesForFit = [...groupList.map((group) => group.touches.map((touch) => touch.occurredAt / DAY)), ...ownCodeTimes.map((times) => times.map((time) => time / DAY))];
  const fit = fitCodeLags(anchorsForFit, codesForFit);
  groupList.forEach((group, groupIndex) => {
    const anchors = groupAnchors[groupIndex];
    const shares = fit.weights[groupIndex];
    // The anchors' shares summed per candidate and day: a code day then costs one pass over those.
    const sharesByDay = new Map<number, Float64Array>();
    anchors.forEach((anchor, slot) => {
      const day = Math.floor(anchor.day);
      const perCandidate = sharesByDay.get(day) ?? new Float64Array(group.candidates.length);
      perCandidate[group.candidates.indexOf(anchor.campaign)] += shares ? shares[slot] : 1 / anchors.length;
      sharesByDay.set(day, perCandidate);
    });
    const choiceByCodeDay = new Map<number, CodeChoice | null>();
    for (const touch of group.touches) {
      const codeDay = Math.floor(touch.occurredAt / DAY);
      let choice = choiceByCodeDay.get(codeDay);
      if (choice === undefined) {
        const rates = new Float64Array(group.candidates.length);
        for (const [day, perCandidate] of sharesByDay) {
          const density = codeLagDensity(fit, codeDay - day);
          if (density > 0) for (let slot = 0; slot < rates.length; slot++) rates[slot] += perCandidate[slot] * density;
        }
        let total = 0;
        let best = 0;
        rates.forEach((rate, slot) => {
          total += rate;
          if (rate > rates[best]) best = slot;
        });
        choice = total > 0 ? { index: group.candidates[best], probability: rates[best] / total } : null;
        choiceByCodeDay.set(codeDay, choice);
      }
      if (choice) choices.set(touch.index, choice);
    }
  });
  return choices;
}
