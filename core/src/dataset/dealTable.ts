import type { Deal } from '../schemas/deal';
import { textColumnOf, type TextColumn } from './touchpointTable';

/**
 * The deals of a data set by column: what journeys, models and compare read. 100,000 deal records
 * cost the reader about as much garbage-collection time as a million touchpoint rows cost it in
 * all, so a data set read from files builds `Dataset.deals` records only on first use.
 */
export interface DealTable {
  readonly count: number;
  readonly amount: Float64Array;
  readonly createdAt: Float64Array;
  /** closed_at in epoch ms, NaN while the deal is open. */
  readonly closedAt: Float64Array;
  /** 1 for a won deal. */
  readonly isWon: Uint8Array;
  readonly currency: TextColumn;
  readonly stage: TextColumn;
  id(index: number): string;
  name(index: number): string;
}

/** The deal table of deal records (data built in memory rather than read from files). */
export function dealTableOf(deals: readonly Deal[]): DealTable {
  return {
    count: deals.length,
    amount: Float64Array.from(deals, (deal) => deal.amount),
    createdAt: Float64Array.from(deals, (deal) => deal.created_at),
    closedAt: Float64Array.from(deals, (deal) => deal.closed_at ?? NaN),
    isWon: Uint8Array.from(deals, (deal) => (deal.is_won ? 1 : 0)),
    currency: textColumnOf(deals.map((deal) => deal.currency)),
    stage: textColumnOf(deals.map((deal) => deal.stage)),
    id: (index) => deals[index].deal_id,
    name: (index) => deals[index].name,
  };
}

/** The record of deal `index`; `contactIds` are its (deduplicated) contacts' ids. */
export function dealRecord(table: DealTable, index: number, contactIds: string[]): Deal {
  const closedAt = table.closedAt[index];
  return {
    deal_id: table.id(index),
    name: table.name(index),
    amount: table.amount[index],
    currency: table.currency.text(table.currency.codes[index]),
    stage: table.stage.text(table.stage.codes[index]),
    created_at: table.createdAt[index],
    closed_at: Number.isNaN(closedAt) ? null : closedAt,
    is_won: table.isWon[index] === 1,
    contact_ids: contactIds,
  };
}

/** closed_at of deal `index`, or undefined while it is open. */
export function dealClosedAt(table: DealTable, index: number): number | undefined {
  const closedAt = table.closedAt[index];
  return Number.isNaN(closedAt) ? undefined : closedAt;
}
