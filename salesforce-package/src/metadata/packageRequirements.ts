/**
 * What the product needs from the package, checked offline so a missing key, lookup or field fails
 * `npm test` rather than a deployment or a sync. The adapter's field names (`../salesforceNames.ts`)
 * are checked against the same files.
 */
export const PACKAGE_REQUIREMENTS = {
  /** Every custom object needs one External ID + unique field: upserts by it are idempotent. */
  externalKeyObjects: ['Attribution_Touchpoint__c', 'Pipeline_Attribution__c', 'Revenue_Attribution__c', 'Campaign_Outcome__c', 'Creator__c'],
  /** Standard objects we upsert by our own ids. */
  standardObjectKeys: {
    Campaign: 'Attribution_Key__c',
    Contact: 'Attribution_Key__c',
    Lead: 'Attribution_Key__c',
    Opportunity: 'Attribution_Key__c',
  },
  /** Touchpoints link to the people, deals and campaigns they belong to. */
  lookups: [
    ['Attribution_Touchpoint__c', 'Contact'],
    ['Attribution_Touchpoint__c', 'Lead'],
    ['Attribution_Touchpoint__c', 'Opportunity'],
    ['Attribution_Touchpoint__c', 'Campaign'],
    ['Pipeline_Attribution__c', 'Opportunity'],
    ['Pipeline_Attribution__c', 'Campaign'],
    ['Revenue_Attribution__c', 'Opportunity'],
    ['Revenue_Attribution__c', 'Campaign'],
    ['Campaign_Outcome__c', 'Campaign'],
  ] as ReadonlyArray<readonly [string, string]>,
  /** Campaign fields: UTM parameters, attribution tracking, pipeline impact metrics. */
  campaignFields: [
    'UTM_Source__c',
    'UTM_Medium__c',
    'UTM_Campaign__c',
    'UTM_Content__c',
    'UTM_Term__c',
    'Promo_Codes__c',
    'Landing_URL__c',
    'Branded_Terms__c',
    'Post_Time__c',
    'Attributed_Pipeline__c',
    'Attributed_Revenue__c',
    'Attributed_Deals__c',
    'Cost_Per_Opportunity__c',
    'ROI__c',
  ],
  permissionSets: ['Attribution_Rep', 'Attribution_RevOps'],
} as const;

/** Standard objects a lookup may point at (custom objects of the package are allowed too). */
export const STANDARD_OBJECTS = new Set([
  'Account',
  'Campaign',
  'CampaignMember',
  'Contact',
  'Lead',
  'Opportunity',
  'OpportunityContactRole',
  'User',
]);
