/**
 * Where the demo data lives in each CRM: HubSpot custom objects and properties, and Salesforce
 * standard objects plus the package's Attribution_Touchpoint__c. Shared by seeding and read-back.
 */
export const HUBSPOT_DEMO = {
  campaignObject: 'pa_demo_campaign',
  touchpointObject: 'pa_demo_touchpoint',
  contactKey: 'pa_contact_id',
  dealKey: 'pa_deal_id',
  dealCurrency: 'deal_currency_code',
  campaignProperties: ['campaign_id', 'name', 'channel', 'influencer_id', 'influencer_handle', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'promo_codes', 'landing_url', 'branded_terms', 'start_at', 'end_at', 'cost', 'currency'],
  touchpointProperties: ['touchpoint_key', 'touchpoint_id', 'contact_id', 'occurred_at', 'type', 'url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'promo_code', 'search_query'],
} as const;

/** Demo deal stages → the default HubSpot pipeline's stage ids. */
export function hubspotStage(stage: string, closed: boolean, won: boolean): string {
  if (won) return 'closedwon';
  if (closed) return 'closedlost';
  const known = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent'];
  if (known.includes(stage)) return stage;
  return stage.startsWith('qualif') ? 'qualifiedtobuy' : stage.startsWith('proposal') || stage.startsWith('contract') ? 'contractsent' : 'appointmentscheduled';
}

/** Demo deal stages → standard Opportunity stages. */
export function salesforceStage(stage: string, closed: boolean, won: boolean): string {
  if (won) return 'Closed Won';
  if (closed) return 'Closed Lost';
  if (stage.startsWith('qualif')) return 'Qualification';
  if (stage.startsWith('proposal') || stage.startsWith('contract')) return 'Proposal/Price Quote';
  if (stage.startsWith('negotiat')) return 'Negotiation/Review';
  return 'Prospecting';
}
