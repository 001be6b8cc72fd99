import { extentOf, typedArrayOf } from '../util/typedArrays';
import type { Dataset } from '../dataset/dataset';
import { MILLISECONDS_PER_DAY } from '../time/isoTimestamp';
import { parseTrackingUrl } from '../utm/parseUrl';
import { canonicalSlug } from '../utm/slug';
import { anchorWeights } from './anchorWeights';
import { markFirstTouches, newContactFirstTouches } from './firstTouches';
import { inferCampaigns, type InferenceResult } from './inferredMatcher';
import { ANCHOR_MATCHES, type TouchpointResolution } from './resolution';
import { weekdayDaysBetween } from './weeklyBaseline';

/** Kinds of untagged first touches the inference attributes (index = kind in the fit). */
export const INFERRED_KINDS = ['branded search', 'direct visit', 'search without its query'] as const;
/**
 * The delay law each inferred kind follows, by index into INFERRED_KINDS: a search without its
 * query is a search like any other (the engine strips the query, not the timing), so it shares the
 * branded search's kernel; a direct visit has its own.
 */
export const INFERRED_DELAY_KINDS = Uint8Array.of(0, 1, 0);

/**
 * When no campaign lists branded_terms, the brand is taken from the site itself: the name part of
 * the host most touch URLs land on (`www.acme.io` → `acme`), from a sample of up to 20,000 touches.
 */
export function brandFromSiteHost(urlOf: (index: number) => string, count: number): string[] {
  const counts = new Map<string, number>();
  const step = Math.max(1, Math.floor(count / 20_000));
  for (let index = 0; index < count; index += step) {
    const url = urlOf(index);
    if (url === '') continue;
    const host = parseTrackingUrl(url).host;
    if (host !== '') counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [host, count] of counts) {
    if (count > bestCount) {
      best = host;
      bestCount = count;
    }
  }
  const labels = best.split('.');
  const name = labels.length >= 2 ? labels[labels.length - 2] : labels[0];
  const slug = canonicalSlug(name);
  return slug.length >= 3 ? [slug] : [];
}

/** A campaign whose evidence spans more than this share of the period is always on. */
const ALWAYS_ON_SHARE = 0.6;


export function inferUntaggedFirstTouches(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  candidateKind: Uint8Array,
): { events: Int32Array; result: InferenceResult; groups: Int32Array; firstOfContact: Int32Array } {
  const { campaigns } = dataset;
  const occurredAt = dataset.touchpointTable.occurredAt;
  const firstOfContact = newContactFirstTouches(dataset);
  const first = markFirstTouches(dataset, firstOfContact);
  let { min: origin, max: end } = extentOf(occurredAt);
  if (!Number.isFinite(origin)) origin = end = 0;
  const toDays = (time: number): number => (time - origin) / MILLISECONDS_PER_DAY;
  const anchorLists: number[][] = campaigns.map(() => []);
  const reach = new Float64Array(campaigns.length);
  const promoTimes: number[][] = campaigns.map(() => []);
  const events: number[] = [];
  for (let index = 0; index < occurredAt.length; index++) {
    if (!first[index]) continue;
    const resolution = resolutions[index];
    if (resolution.campaignIndex >= 0) {
      reach[resolution.campaignIndex]++;
      if (ANCHOR_MATCHES.has(resolution.match)) anchorLists[resolution.campaignIndex].push(toDays(occurredAt[index]));
      else promoTimes[resolution.campaignIndex].push(toDays(occurredAt[index]));
    } else if (candidateKind[index] !== 0) events.push(index);
  }
  // Pooling levels: creator campaigns vs each channel's campaigns; then the platform (utm_source);
  // then the creator. Keys concatenate the coarser ones so the levels nest.
  const levelKeys = campaigns.map((campaign) => {
    const group = campaign.influencer_id !== '' ? '\u0000creator' : campaign.channel.toLowerCase();
    const platform = `${group}\u0001${campaign.utm_source.toLowerCase()}`;
    const creator = `${platform}\u0001${campaign.influencer_id !== '' ? campaign.influencer_id : campaign.campaign_id}`;
    return [group, platform, creator];
  });
  const levelOf = (position: number): Int32Array => {
    const nodeIndex = new Map<string, number>();
    return Int32Array.from(levelKeys, (keys) => {
      let node = nodeIndex.get(keys[position]);
      if (node === undefined) nodeIndex.set(keys[position], (node = nodeIndex.size));
      return node;
    });
  };
  const levels = [levelOf(0), levelOf(1), levelOf(2)];
  const groups = levels[0];
  const observationDays = Math.max(1, toDays(end));
  const included = campaigns.map((_campaign, campaignIndex) => {
    // No evidenced new contact: nothing says the campaign reaches new people (a newsletter).
    if (reach[campaignIndex] === 0) return false;
    // Always on (anchors over most of the period): its lift cannot be told from the baseline.
    const list = anchorLists[campaignIndex];
    const { min: earliest, max: latest } = extentOf(list);
    return !(list.length > 1 && latest - earliest > ALWAYS_ON_SHARE * observationDays);
  });
  // Codes read against the anchors: only where the anchors are not the codes themselves (below).
  const codesAfterAnchors = promoTimes.map((codes, campaignIndex) => (anchorLists[campaignIndex].length > 0 ? codes : []));
  const anchors = anchorLists.map((list, campaignIndex) => {
    if (!included[campaignIndex]) return new Float64Array(0);
    // A campaign seen only through promo codes (a podcast read) is anchored at the codes: each is
    // typed after a post its listeners heard, so they trace when the posts went out. Its start
    // date, the anchor when it has no code either, can be weeks before the first post (measured on
    // the simulator's worlds, seeds 1-24: mean gap 1.90 -> 1.84; docs/utm-and-resolution.md).
    if (list.length === 0) {
      const startAt = campaigns[campaignIndex].start_at;
      if (promoTimes[campaignIndex].length > 0) list.push(...promoTimes[campaignIndex]);
      else if (startAt !== null) list.push(toDays(startAt));
    }
    return Float64Array.from(list).sort();
  });
  // Which anchors stand for the busy posts, read from when the campaign's promo codes were typed.
  const weights = anchorWeights(anchors, codesAfterAnchors);
  const windows: Array<[number, number]> = [];
  campaigns.forEach((campaign, campaignIndex) => {
    if (included[campaignIndex] && campaign.start_at !== null) windows.push([toDays(campaign.start_at), toDays(campaign.end_at ?? campaign.start_at)]);
  });
  const eventIndexes = Int32Array.from(events);
  const result = inferCampaigns({
    eventTimes: typedArrayOf(Float64Array, events.length, (event) => toDays(occurredAt[events[event]])),
    eventKinds: typedArrayOf(Uint8Array, events.length, (event) => candidateKind[events[event]] - 1),
    kindCount: INFERRED_KINDS.length,
    delayKinds: INFERRED_DELAY_KINDS,
    anchors,
    anchorWeights: weights,
    // A campaign that cannot take inferred credit says nothing about response ratios: left out of the pooling.
    reach: reach.map((contacts, campaignIndex) => (included[campaignIndex] ? contacts : 0)),
    groups,
    hierarchy: { levels },
    windows,
    // The diffuse component stands for creator posts that drew no tagged click (a podcast read, a
    // video without a link). A paid, email, webinar or event campaign's exposures are the
    // company's own and its tagged touches trace them in time: a flat component over its dates
    // would only be a second baseline, taking every chance excess of organic visits there.
    diffuseWindows: campaigns.map((campaign, campaignIndex) =>
      included[campaignIndex] && campaign.start_at !== null && campaign.influencer_id !== '' ? ([toDays(campaign.start_at), toDays(campaign.end_at ?? campaign.start_at)] as const) : null,
    ),
    observationStart: 0,
    observationEnd: toDays(end),
    // UTC weekdays: the baseline's weekly shape is learned from the data (weeklyBaseline.ts).
    eventWeekdays: typedArrayOf(Uint8Array, events.length, (event) => (Math.floor(occurredAt[events[event]] / MILLISECONDS_PER_DAY) + 4) % 7),
    weekdayDays: weekdayDaysBetween(origin, end),
  });
  return { events: eventIndexes, result, groups, firstOfContact };
}

