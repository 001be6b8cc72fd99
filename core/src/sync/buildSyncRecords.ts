import { forEachCredit, type PreparedModel } from '../attribution/runModels';
import type { Dataset } from '../dataset/dataset';
import { touchpointRecord } from '../dataset/touchpointTable';
import type { TouchpointResolution } from '../resolution/resolution';
import { makeSyncRecord, type SyncRecord } from './syncRecords';

/**
 * The product's tables as sync records: what `attribution push` loads into a CRM (creators, campaigns,
 * contacts, deals and one touchpoint per contact — a meeting with two attendees is two CRM records).
 * Validated with zod here, before anything is queued.
 */
export function* datasetSyncRecords(dataset: Dataset, resolutions: readonly TouchpointResolution[]): Generator<SyncRecord> {
  const creators = new Map<string, { handle: string; channel: string }>();
  for (const campaign of dataset.campaigns) {
    if (campaign.influencer_id && !creators.has(campaign.influencer_id))
      creators.set(campaign.influencer_id, { handle: campaign.influencer_handle, channel: campaign.channel });
  }
  for (const [influencerId, creator] of creators)
    yield makeSyncRecord('creator', { influencer_id: influencerId, ...creator }, `creator ${influencerId}`);
  for (const campaign of dataset.campaigns) yield makeSyncRecord('campaign', campaign, `campaign ${campaign.campaign_id}`);
  for (const contact of dataset.contacts) yield makeSyncRecord('contact', contact, `contact ${contact.contact_id}`);
  for (const deal of dataset.deals) yield makeSyncRecord('deal', deal, `deal ${deal.deal_id}`);
  yield* touchpointSyncRecords(dataset, resolutions);
}

/** One touchpoint record per (touchpoint, contact), with its resolved campaign, creator and channel. */
export function* touchpointSyncRecords(dataset: Dataset, resolutions: readonly TouchpointResolution[]): Generator<SyncRecord> {
  for (let contactIndex = 0; contactIndex < dataset.contacts.length; contactIndex++) {
    const contactId = dataset.contacts[contactIndex].contact_id;
    for (let position = dataset.contactOffsets[contactIndex]; position < dataset.contactOffsets[contactIndex + 1]; position++) {
      const touchpointIndex = dataset.touchpointIndexes[position];
      const touchpoint = touchpointRecord(dataset.touchpointTable, touchpointIndex, () => contactId);
      const resolution = resolutions[touchpointIndex];
      yield makeSyncRecord(
        'touchpoint',
        {
          ...touchpoint,
          campaign_id: resolution?.campaignId ?? '',
          influencer_id: resolution?.influencerId ?? '',
          channel: resolution?.channel ?? '',
        },
        `touchpoint ${touchpoint.touchpoint_id}`,
      );
    }
  }
}

/**
 * Credit records of prepared models: one per (model, deal, touch), and again as revenue attribution
 * when the deal is won. Keys name the touchpoint's contact, so erasure finds them.
 */
export function* creditSyncRecords(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  prepared: readonly PreparedModel[],
  influenceModel?: string,
  period?: { start: number; end: number },
): Generator<SyncRecord> {
  for (const model of prepared) {
    const outcomes = new Map<string, { contacts: Set<string>; deals: Set<string>; pipeline: number; revenue: number }>();
    const records: SyncRecord[] = [];
    // Influence per (deal, campaign, contact): the sum of that campaign's shares through that contact, in percent.
    const influence = new Map<string, { deal_id: string; campaign_id: string; contact_id: string; share: number }>();
    forEachCredit(model, (journey, _position, touchpointIndex, share, credit) => {
      const table = dataset.touchpointTable;
      const resolution = resolutions[touchpointIndex];
      const payload = {
        model: model.model.name,
        deal_id: journey.deal.deal_id,
        touchpoint_id: table.ids.get(touchpointIndex),
        contact_id: dataset.contacts[table.firstContact[touchpointIndex]].contact_id,
        campaign_id: resolution?.campaignId ?? '',
        influencer_id: resolution?.influencerId ?? '',
        channel: resolution?.channel ?? '',
        // Shares are summed in floating point; clamp the last ulp so the schema's [0, 1] holds.
        share: Math.min(1, Math.max(0, share)),
        credit: Math.max(0, credit),
        is_won: journey.deal.is_won,
        closed_at: journey.deal.closed_at,
      };
      records.push(makeSyncRecord('credit', payload));
      if (period && payload.campaign_id && credit > 0) {
        let outcome = outcomes.get(payload.campaign_id);
        if (!outcome) outcomes.set(payload.campaign_id, (outcome = { contacts: new Set(), deals: new Set(), pipeline: 0, revenue: 0 }));
        outcome.contacts.add(payload.contact_id);
        outcome.deals.add(payload.deal_id);
        outcome.pipeline += credit;
        if (journey.deal.is_won) outcome.revenue += credit;
      }
      if (journey.deal.is_won) records.push(makeSyncRecord('revenue', payload));
      if (model.model.name === influenceModel && payload.campaign_id) {
        const key = `${payload.deal_id}\u0000${payload.campaign_id}\u0000${payload.contact_id}`;
        const entry = influence.get(key);
        if (entry) entry.share += share;
        else influence.set(key, { deal_id: payload.deal_id, campaign_id: payload.campaign_id, contact_id: payload.contact_id, share });
      }
    });
    yield* records;
    if (period) {
      for (const campaign of dataset.campaigns) {
        const outcome = outcomes.get(campaign.campaign_id) ?? { contacts: new Set<string>(), deals: new Set<string>(), pipeline: 0, revenue: 0 };
        const cents = (value: number) => Math.round(value * 100) / 100;
        yield makeSyncRecord('outcome', {
          model: model.model.name,
          campaign_id: campaign.campaign_id,
          period_start: period.start,
          period_end: period.end,
          contacts: outcome.contacts.size,
          deals: outcome.deals.size,
          pipeline: cents(outcome.pipeline),
          revenue: cents(outcome.revenue),
          cost: campaign.cost,
          cost_per_opportunity: outcome.deals.size > 0 ? cents(campaign.cost / outcome.deals.size) : null,
          roi: campaign.cost > 0 ? Math.round(((outcome.revenue - campaign.cost) / campaign.cost) * 1e4) / 1e4 : null,
          primary: model.model.name === influenceModel,
        });
      }
    }
    for (const entry of influence.values()) {
      yield makeSyncRecord('influence', {
        model: model.model.name,
        deal_id: entry.deal_id,
        campaign_id: entry.campaign_id,
        contact_id: entry.contact_id,
        influence: Math.min(100, Math.max(0, Math.round(entry.share * 100 * 1e6) / 1e6)),
      });
    }
  }
}
