import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataset, type Dataset } from '../src/dataset/dataset';
import { buildJourneys } from '../src/journeys/buildJourneys';
import type { Journey } from '../src/journeys/journey';
import { newCampaign, type Campaign } from '../src/schemas/campaign';
import type { Deal } from '../src/schemas/deal';
import { newTouchpoint, type Touchpoint } from '../src/schemas/touchpoint';
import { parseIsoTimestamp } from '../src/time/isoTimestamp';

/** `day(3)` = 2024-01-03T00:00:00Z as epoch ms; fractional days allowed. */
export function day(dayOfJanuary: number): number {
  return parseIsoTimestamp('2024-01-01T00:00:00Z')! + (dayOfJanuary - 1) * 86_400_000;
}

export function touchpoint(id: string, contactId: string, occurredAt: number, extra: Partial<Touchpoint> = {}): Touchpoint {
  return newTouchpoint({ touchpoint_id: id, contact_id: contactId, occurred_at: occurredAt, ...extra });
}

export function deal(id: string, contactIds: string[], extra: Partial<Deal> = {}): Deal {
  return { deal_id: id, name: id, amount: 1000, currency: 'USD', stage: 'open', created_at: day(20), closed_at: null, is_won: false, contact_ids: contactIds, ...extra };
}

export function campaign(id: string, extra: Partial<Campaign> = {}): Campaign {
  return newCampaign({ campaign_id: id, channel: 'influencer', utm_campaign: id, ...extra });
}

export interface FixtureInput {
  campaigns?: Campaign[];
  contacts: Array<[string, number]>;
  touchpoints: Touchpoint[];
  deals: Deal[];
}

/** Contacts all created at one time, for FixtureInput.contacts. */
export function contactsCreatedAt(createdAt: number, ...contactIds: string[]): Array<[string, number]> {
  return contactIds.map((contactId) => [contactId, createdAt]);
}

export function fixtureDataset(input: FixtureInput): Dataset {
  return createDataset({
    campaigns: input.campaigns ?? [],
    contacts: input.contacts.map(([contact_id, created_at]) => ({ contact_id, created_at })),
    touchpoints: input.touchpoints,
    deals: input.deals,
  });
}

export const AS_OF = day(60);

export function journeysOf(dataset: Dataset, lookbackDays = 365, asOf = AS_OF): Journey[] {
  return buildJourneys(dataset, { asOf, lookbackDays });
}

/** Touchpoint ids of a journey, in order. */
export function touchIds(dataset: Dataset, journey: Journey): string[] {
  return Array.from(journey.touches, (index) => dataset.touchpoints[index].touchpoint_id);
}

/**
 * Writes a preload (`node -r FILE`) into `folder` that ends the run with exit code 9 and "zod
 * loaded" on stderr as soon as any module requires zod; returns its path. Commands that must start
 * without the rules reader run under it.
 */
export function writeNoZodPreload(folder: string): string {
  const guard = join(folder, 'no-zod.js');
  writeFileSync(
    guard,
    `const Module = require('module'); const load = Module._load; Module._load = function (request) { if (request === 'zod') { process.stderr.write('zod loaded\\n'); process.exit(9); } return load.apply(this, arguments); };`,
  );
  return guard;
}
