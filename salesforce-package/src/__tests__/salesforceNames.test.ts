import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeSyncRecord, syntheticSyncTables } from '@pipeline-attribution/core/dist/sync';
import { KIND_TARGETS, SalesforceNames } from '../salesforceNames';
import { READ_FIELDS, salesforceFields } from '../salesforceRecords';

const OBJECTS = join(__dirname, '..', '..', 'force-app', 'main', 'default', 'objects');
const fieldExists = (sobject: string, field: string) =>
  !field.endsWith('__c') || existsSync(join(OBJECTS, sobject, 'fields', `${field}.field-meta.xml`));

describe('Salesforce names used by the adapter', () => {
  const tables = syntheticSyncTables({ touchpoints: 10 });
  const samples = {
    creator: { influencer_id: 'inf-1', handle: '@a', channel: 'creator' },
    campaign: tables.campaigns[0],
    contact: tables.contacts[0],
    deal: tables.deals[0],
    touchpoint: { ...tables.touchpoints[0], campaign_id: 'cmp-1', influencer_id: 'inf-1', channel: 'creator' },
    credit: { model: 'linear', deal_id: 'd', touchpoint_id: 't', contact_id: 'c', share: 0.5, credit: 10, is_won: true, closed_at: 0 },
    revenue: { model: 'linear', deal_id: 'd', touchpoint_id: 't', contact_id: 'c', share: 0.5, credit: 10, is_won: true, closed_at: 0 },
    outcome: {
      model: 'linear',
      campaign_id: 'cmp-1',
      period_start: 0,
      period_end: 1,
      contacts: 1,
      deals: 1,
      pipeline: 1,
      revenue: 1,
      cost: 1,
      cost_per_opportunity: 1,
      roi: 0,
      primary: true,
    },
  } as const;

  it.each(Object.keys(KIND_TARGETS) as Array<keyof typeof KIND_TARGETS>)(
    'every field written or read for %s exists in the package metadata',
    (kind) => {
      const target = KIND_TARGETS[kind];
      const record = makeSyncRecord(kind, samples[kind]);
      const fields = [target.externalIdField, ...Object.keys(salesforceFields(kind, record.payload, {})), ...(READ_FIELDS[kind] ?? [])];
      if (target.sobject.endsWith('__c')) expect(existsSync(join(OBJECTS, target.sobject, `${target.sobject}.object-meta.xml`))).toBe(true);
      expect(fields.filter((field) => !fieldExists(target.sobject, field))).toEqual([]);
    },
  );

  it('prefixes custom names with the namespace and leaves standard ones', () => {
    const names = new SalesforceNames('pattr');
    expect(names.name('Attribution_Touchpoint__c')).toBe('pattr__Attribution_Touchpoint__c');
    expect(names.name('Creator__r.External_Key__c')).toBe('pattr__Creator__r.pattr__External_Key__c');
    expect(names.name('Campaign')).toBe('Campaign');
    expect(new SalesforceNames('').name('Creator__c')).toBe('Creator__c');
  });
});
