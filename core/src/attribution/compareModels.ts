import type { Dataset } from '../dataset/dataset';
import { countsAsPipeline } from '../journeys/journey';
import type { TouchpointResolution } from '../resolution/resolution';
import { forEachCredit, type PreparedModel } from './runModels';

export type CompareDimension = 'campaign' | 'influencer' | 'channel';

/** The row key deals with no touch in their journey fall under, so totals still reconcile. */
export const NO_TOUCHPOINTS_KEY = '(no touchpoints)';

export interface ComparisonRow {
  readonly key: string;
  readonly name: string;
  readonly currency: string;
  /** Credited pipeline (open + won deals) per model name. */
  readonly pipeline: Record<string, number>;
  /** Credited revenue (won deals) per model name. */
  readonly revenue: Record<string, number>;
}

export interface Comparison {
  readonly by: CompareDimension;
  readonly models: string[];
  readonly rows: ComparisonRow[];
  /** Pipeline and revenue of all deals per currency: every model's column sums to these. */
  readonly totals: Array<{ currency: string; pipeline: number; revenue: number; deals: number }>;
}

interface KeyInfo {
  key: string;
  name: string;
}

/** The row each touchpoint's credit falls under for a dimension; unresolved touches fall under their channel. */
function keyOfTouchpoint(dataset: Dataset, resolution: TouchpointResolution, by: CompareDimension): KeyInfo {
  if (by === 'channel') return { key: resolution.channel, name: resolution.channel };
  if (by === 'campaign') {
    if (resolution.campaignIndex >= 0) {
      const campaign = dataset.campaigns[resolution.campaignIndex];
      return { key: campaign.campaign_id, name: campaign.name || campaign.campaign_id };
    }
    return { key: `(no campaign) ${resolution.channel}`, name: `${resolution.channel} (no campaign)` };
  }
  if (resolution.influencerId) {
    const campaign = resolution.campaignIndex >= 0 ? dataset.campaigns[resolution.campaignIndex] : undefined;
    return { key: resolution.influencerId, name: campaign?.influencer_handle || resolution.influencerId };
  }
  return { key: `(no creator) ${resolution.channel}`, name: `${resolution.channel} (no creator)` };
}

/**
 * Every model's credited pipeline and revenue, side by side, grouped by campaign, creator or
 * channel and by deal currency (amounts in different currencies are never added together).
 * O(models × journey touches); keys are resolved once per touchpoint.
 */
export function compareModels(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  prepared: readonly PreparedModel[],
  by: CompareDimension,
): Comparison {
  const keys: KeyInfo[] = [];
  const keyIndexByKey = new Map<string, number>();
  const keyOfTouch = new Int32Array(dataset.touchpoints.length);
  const internKey = (info: KeyInfo): number => {
    let index = keyIndexByKey.get(info.key);
    if (index === undefined) {
      index = keys.length;
      keys.push(info);
      keyIndexByKey.set(info.key, index);
    }
    return index;
  };
  for (let touchpoint = 0; touchpoint < dataset.touchpoints.length; touchpoint++) {
    keyOfTouch[touchpoint] = internKey(keyOfTouchpoint(dataset, resolutions[touchpoint], by));
  }
  const noTouchKey = internKey({ key: NO_TOUCHPOINTS_KEY, name: NO_TOUCHPOINTS_KEY });

  const currencies: string[] = [];
  const currencyIndex = new Map<string, number>();
  const dealCurrency = new Int32Array(dataset.deals.length);
  const totals: Comparison['totals'] = [];
  dataset.deals.forEach((deal, dealIndex) => {
    let index = currencyIndex.get(deal.currency);
    if (index === undefined) {
      index = currencies.length;
      currencies.push(deal.currency);
      currencyIndex.set(deal.currency, index);
      totals.push({ currency: deal.currency, pipeline: 0, revenue: 0, deals: 0 });
    }
    dealCurrency[dealIndex] = index;
  });

  const width = currencies.length;
  const modelNames = prepared.map((entry) => entry.model.name);
  const pipelineByModel: Float64Array[] = [];
  const revenueByModel: Float64Array[] = [];
  const touched = new Uint8Array(keys.length * width);
  for (const entry of prepared) {
    const pipeline = new Float64Array(keys.length * width);
    const revenue = new Float64Array(keys.length * width);
    forEachCredit(entry, (journey, _position, touchpointIndex, _share, credit) => {
      if (journey.status === 'lost') return;
      const cell = keyOfTouch[touchpointIndex] * width + dealCurrency[journey.dealIndex];
      touched[cell] = 1;
      pipeline[cell] += credit;
      if (journey.status === 'won') revenue[cell] += credit;
    });
    for (const journey of entry.journeys) {
      if (journey.touches.length > 0 || !countsAsPipeline(journey.status)) continue;
      const cell = noTouchKey * width + dealCurrency[journey.dealIndex];
      touched[cell] = 1;
      pipeline[cell] += journey.deal.amount;
      if (journey.status === 'won') revenue[cell] += journey.deal.amount;
    }
    pipelineByModel.push(pipeline);
    revenueByModel.push(revenue);
  }
  dataset.deals.forEach((deal, dealIndex) => {
    const total = totals[dealCurrency[dealIndex]];
    const status = deal.closed_at === null ? 'open' : deal.is_won ? 'won' : 'lost';
    if (status === 'lost') return;
    total.deals++;
    total.pipeline += deal.amount;
    if (status === 'won') total.revenue += deal.amount;
  });

  const rows: ComparisonRow[] = [];
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    for (let currency = 0; currency < width; currency++) {
      const cell = keyIndex * width + currency;
      if (!touched[cell]) continue;
      const pipeline: Record<string, number> = {};
      const revenue: Record<string, number> = {};
      modelNames.forEach((name, modelIndex) => {
        pipeline[name] = pipelineByModel[modelIndex][cell];
        revenue[name] = revenueByModel[modelIndex][cell];
      });
      rows.push({ key: keys[keyIndex].key, name: keys[keyIndex].name, currency: currencies[currency], pipeline, revenue });
    }
  }
  const meanPipeline = (row: ComparisonRow): number => modelNames.reduce((sum, name) => sum + row.pipeline[name], 0);
  rows.sort((left, right) => meanPipeline(right) - meanPipeline(left) || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return { by, models: modelNames, rows, totals };
}
