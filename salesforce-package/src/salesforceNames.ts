import type { SyncKind } from '@pipeline-attribution/core/dist/sync';

/**
 * API names of the package (force-app/main/default). In an org where the managed package is installed,
 * custom names carry the namespace (`pattr__Touchpoint__c`; sfdx-project.json); SF_NAMESPACE sets it,
 * empty for an unpackaged deployment and the sandbox. The metadata checker's test asserts every name
 * used here exists in the XML.
 */
export class SalesforceNames {
  constructor(private readonly namespace = '') {}

  /** Prefixes custom object/field names (…__c, …__r) with the namespace; standard names pass through. */
  name(apiName: string): string {
    if (!this.namespace) return apiName;
    return apiName
      .split('.')
      .map((part) => (/__(c|r)$/.test(part) && !part.startsWith(`${this.namespace}__`) ? `${this.namespace}__${part}` : part))
      .join('.');
  }
}

export interface KindTarget {
  readonly sobject: string;
  readonly externalIdField: string;
  /** Field holding the contact key, for erasure; absent when the kind is not personal data. */
  readonly contactKeyField?: string;
}

/** Where each sync kind lives in Salesforce. */
export const KIND_TARGETS: Record<Exclude<SyncKind, 'influence'>, KindTarget> = {
  creator: { sobject: 'Creator__c', externalIdField: 'External_Key__c' },
  campaign: { sobject: 'Campaign', externalIdField: 'Attribution_Key__c' },
  contact: { sobject: 'Contact', externalIdField: 'Attribution_Key__c' },
  deal: { sobject: 'Opportunity', externalIdField: 'Attribution_Key__c' },
  touchpoint: { sobject: 'Attribution_Touchpoint__c', externalIdField: 'External_Key__c', contactKeyField: 'Contact_Key__c' },
  credit: { sobject: 'Pipeline_Attribution__c', externalIdField: 'External_Key__c', contactKeyField: 'Contact_Key__c' },
  revenue: { sobject: 'Revenue_Attribution__c', externalIdField: 'External_Key__c', contactKeyField: 'Contact_Key__c' },
  outcome: { sobject: 'Campaign_Outcome__c', externalIdField: 'External_Key__c' },
};

/** The DeveloperName of the locked custom influence model the package ships (campaignInfluenceModels/). */
export const INFLUENCE_MODEL_DEVELOPER_NAME = 'Pipeline_Attribution';
