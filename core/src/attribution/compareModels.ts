import type { Dataset } from '../dataset/dataset';
import { countsAsPipeline, dealStatusOf } from '../journeys/journey';
import type { TouchpointResolution } from '../resolution/resolution';
import type { Journey } from '../journeys/journey';
import type { PreparedModel } from './runModels';
import { compareText } from '../util/compareText';

export type CompareDimension = 'campaign' | 'influencer' | 'channel';

/** The row key deals with no touch in their journey fall under, so totals still reconcile. */
export const NO_TOUCHPOINTS_KEY = '(no touchpoints)';

/**
 * Credits are added up as whole millionths of the currency unit (and shares of an opportunity as
 * billionths): sums of whole numbers are exact, so a row's figures do not depend on the order the
 * deals came in. Floating sums did, in their last bits, and a credit that ends at half a cent
 * (74,439.665) then rounded either way: the same export in another row order moved a cent between
 * rows. Exact while a row's total stays under 2^53 millionths (9 billion in any currency).
 */
const MONEY_UNITS = 1e6;
const SHARE_UNITS = 1e9;

function inMoneyUnits(amount: number): number {
  return Math.round(amount * MONEY_UNITS);
}

export interface ComparisonRow {
  readonly key: string;
  readonly name: string;
  readonly currency: string;
  /** Credited pipeline (open + won deals) per model name. */
  readonly pipeline: Record<string, number>;
  /** Credited revenue (won deals) per model name. */
  readonly revenue: Record<string, number>;
  /** Opportunities credited per model: the sum of this row's shares over open and won deals. */
  readonly opportunities: Record<string, number>;
  /** Cost of the campaigns behind this row in this currency; null when none has a cost. */
  readonly cost: number | null;
  /** cost ÷ credited opportunities, per model; null without cost or opportunities. */
  readonly costPerOpportunity: Record<string, number | null>;
  /** (credited revenue − cost) ÷ cost, per model; null without cost. */
  readonly roi: Record<string, number | null>;
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

/**
 * The row a touch's credit (or a campaign's cost) falls under for a dimension; touches resolved to
 * no campaign fall under their channel.
 */
function rowKey(dataset: Dataset, campaignIndex: number, influencerId: string | null, channel: string, by: CompareDimension): KeyInfo {
  if (by === 'channel') return { key: channel, name: channel };
  const campaign = campaignIndex >= 0 ? dataset.campaigns[campaignIndex] : undefined;
  if (by === 'campaign') {
    if (campaign) return { key: campaign.campaign_id, name: campaign.name || campaign.campaign_id };
    return { key: `(no campaign) ${channel}`, name: `${channel} (no campaign)` };
  }
  if (influencerId) return { key: influencerId, name: campaign?.influencer_handle || influencerId };
  return { key: `(no creator) ${channel}`, name: `${channel} (no creator)` };
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
  const keyOfTouch = new Int32Array(dataset.touchpointTable.count);
  const internKey = (info: KeyInfo): number => {
    let index = keyIndexByKey.get(info.key);
    if (index === undefined) {
      index = keys.length;
      keys.push(info);
      keyIndexByKey.set(info.key, index);
    }
    return index;
  };
  // Touches with the same outcome share one resolution object (the resolver caches outcomes): each
  // distinct one's row key is made once, not once per touch (a million keys and their strings).
  const keyOfResolution = new Map<TouchpointResolution, number>();
  for (let touchpoint = 0; touchpoint < dataset.touchpointTable.count; touchpoint++) {
    const resolution = resolutions[touchpoint];
    let key = keyOfResolution.get(resolution);
    if (key === undefined) {
      key = internKey(rowKey(dataset, resolution.campaignIndex, resolution.influencerId, resolution.channel, by));
      keyOfResolution.set(resolution, key);
    }
    keyOfTouch[touchpoint] = key;
  }
  const noTouchKey = internKey({ key: NO_TOUCHPOINTS_KEY, name: NO_TOUCHPOINTS_KEY });

  const currencies: string[] = [];
  const currencyIndex = new Map<string, number>();
  const deals = dataset.dealTable;
  const dealCurrency = new Int32Array(deals.count);
  const totals: Comparison['totals'] = [];
  for (let dealIndex = 0; dealIndex < deals.count; dealIndex++) {
    const currency = deals.currency.text(deals.currency.codes[dealIndex]);
    let index = currencyIndex.get(currency);
    if (index === undefined) {
      index = currencies.length;
      currencies.push(currency);
      currencyIndex.set(currency, index);
      totals.push({ currency, pipeline: 0, revenue: 0, deals: 0 });
    }
    dealCurrency[dealIndex] = index;
  }

  // Campaign costs, in the campaign's currency (or the deals' currency when there is only one).
  const costCells = new Map<number, number>();
  dataset.campaigns.forEach((campaign, campaignIndex) => {
    if (campaign.cost <= 0) return;
    const currency = campaign.currency || (currencies.length === 1 ? currencies[0] : '');
    let currencyPosition = currencyIndex.get(currency);
    if (currencyPosition === undefined) {
      currencyPosition = currencies.length;
      currencies.push(currency);
      currencyIndex.set(currency, currencyPosition);
      totals.push({ currency, pipeline: 0, revenue: 0, deals: 0 });
    }
    const keyIndex = internKey(rowKey(dataset, campaignIndex, campaign.influencer_id || null, campaign.channel || 'unattributed', by));
    costCells.set(keyIndex * 1024 + currencyPosition, (costCells.get(keyIndex * 1024 + currencyPosition) ?? 0) + campaign.cost);
  });

  const width = currencies.length;
  const modelNames = prepared.map((entry) => entry.model.name);
  const pipelineByModel = new Array<Float64Array>(prepared.length);
  const revenueByModel = new Array<Float64Array>(prepared.length);
  const opportunitiesByModel = new Array<Float64Array>(prepared.length);
  const touched = new Uint8Array(keys.length * width);
  for (const [packed] of costCells) touched[Math.floor(packed / 1024) * width + (packed % 1024)] = 1;
  // Each touch's cell (row key × deal currency), laid out journey after journey: computed once per
  // journey list (most models share one) and then read in order, instead of a random lookup per credit.
  const cellsByJourneys = new Map<readonly Journey[], Int32Array>();
  const cellsOf = (journeys: readonly Journey[]): Int32Array => {
    let cells = cellsByJourneys.get(journeys);
    if (cells === undefined) {
      cells = new Int32Array(journeys.reduce((total, journey) => total + journey.touches.length, 0));
      let at = 0;
      for (const journey of journeys) {
        const currency = dealCurrency[journey.dealIndex];
        for (const touchpointIndex of journey.touches) cells[at++] = keyOfTouch[touchpointIndex] * width + currency;
      }
      cellsByJourneys.set(journeys, cells);
    }
    return cells;
  };
  let shares = new Float64Array(256);
  // Rule-based models first, then data-driven ones, the last prepared first: a fit still running
  // in the background (compare --models all fits the incremental model on other threads) is
  // waited for as late as possible. Columns keep the models' order.
  const order = prepared.map((_entry, index) => index);
  const dataDriven = order.filter((index) => prepared[index].model.kind === 'data-driven').reverse();
  const creditOrder = [...order.filter((index) => prepared[index].model.kind !== 'data-driven'), ...dataDriven];
  for (const modelIndex of creditOrder) {
    const entry = prepared[modelIndex];
    const pipeline = new Float64Array(keys.length * width);
    const revenue = new Float64Array(keys.length * width);
    const opportunities = new Float64Array(keys.length * width);
    const cells = cellsOf(entry.journeys);
    let at = 0;
    for (const journey of entry.journeys) {
      const touchCount = journey.touches.length;
      const won = journey.status === 'won';
      if (touchCount === 0) {
        if (!countsAsPipeline(journey.status)) continue;
        const cell = noTouchKey * width + dealCurrency[journey.dealIndex];
        touched[cell] = 1;
        const amount = inMoneyUnits(journey.amount);
        pipeline[cell] += amount;
        opportunities[cell] += SHARE_UNITS;
        if (won) revenue[cell] += amount;
        continue;
      }
      // Lost deals count in neither pipeline nor revenue: their shares are not needed.
      if (journey.status === 'lost') {
        at += touchCount;
        continue;
      }
      if (shares.length < touchCount) shares = new Float64Array(touchCount * 2);
      entry.shareFunction(journey, shares);
      const amount = journey.amount;
      for (let position = 0; position < touchCount; position++) {
        const cell = cells[at++];
        const share = shares[position];
        touched[cell] = 1;
        const credit = inMoneyUnits(share * amount);
        pipeline[cell] += credit;
        opportunities[cell] += Math.round(share * SHARE_UNITS);
        if (won) revenue[cell] += credit;
      }
    }
    pipelineByModel[modelIndex] = pipeline;
    revenueByModel[modelIndex] = revenue;
    opportunitiesByModel[modelIndex] = opportunities;
  }
  for (let dealIndex = 0; dealIndex < deals.count; dealIndex++) {
    const total = totals[dealCurrency[dealIndex]];
    const status = dealStatusOf(deals, dealIndex);
    if (!countsAsPipeline(status)) continue;
    total.deals++;
    total.pipeline += deals.amount[dealIndex];
    if (status === 'won') total.revenue += deals.amount[dealIndex];
  }

  const rows: ComparisonRow[] = [];
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    for (let currency = 0; currency < width; currency++) {
      const cell = keyIndex * width + currency;
      if (!touched[cell]) continue;
      const pipeline: Record<string, number> = {};
      const revenue: Record<string, number> = {};
      const opportunities: Record<string, number> = {};
      const costPerOpportunity: Record<string, number | null> = {};
      const roi: Record<string, number | null> = {};
      const cost = costCells.get(keyIndex * 1024 + currency) ?? null;
      modelNames.forEach((name, modelIndex) => {
        pipeline[name] = pipelineByModel[modelIndex][cell] / MONEY_UNITS;
        revenue[name] = revenueByModel[modelIndex][cell] / MONEY_UNITS;
        opportunities[name] = opportunitiesByModel[modelIndex][cell] / SHARE_UNITS;
        costPerOpportunity[name] = cost !== null && opportunities[name] > 0 ? cost / opportunities[name] : null;
        roi[name] = cost !== null ? (revenue[name] - cost) / cost : null;
      });
      rows.push({ key: keys[keyIndex].key, name: keys[keyIndex].name, currency: currencies[currency], pipeline, revenue, opportunities, cost, costPerOpportunity, roi });
    }
  }
  const meanPipeline = (row: ComparisonRow): number => modelNames.reduce((sum, name) => sum + row.pipeline[name], 0);
  rows.sort((left, right) => meanPipeline(right) - meanPipeline(left) || compareText(left.key, right.key));
  return { by, models: modelNames, rows, totals };
}
