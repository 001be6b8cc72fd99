/**
 * HubSpot's standard CRM objects the sandbox emulates, with their objectTypeIds
 * (doc: developers.hubspot.com/docs/guides/crm/using-object-apis, "object type IDs").
 */
export interface StandardObjectType {
  objectTypeId: string;
  name: string;
  singular: string;
  aliases: string[];
  /** Properties returned when a GET asks for none (as HubSpot does for these objects). */
  defaultProperties: string[];
  /** Properties a search `query` matches (HubSpot's default searchable properties). */
  searchableProperties: string[];
  createdateProperty: string;
  lastModifiedProperty: string;
  /** Scope suffix of `crm.objects.<x>.read|write`. */
  scopeName: string;
}

export const STANDARD_OBJECT_TYPES: StandardObjectType[] = [
  {
    objectTypeId: '0-1', name: 'contacts', singular: 'contact', aliases: ['contact', 'contacts', 'CONTACT'],
    defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    searchableProperties: ['firstname', 'lastname', 'email', 'phone', 'company', 'hs_additional_emails'],
    createdateProperty: 'createdate', lastModifiedProperty: 'lastmodifieddate', scopeName: 'contacts',
  },
  {
    objectTypeId: '0-2', name: 'companies', singular: 'company', aliases: ['company', 'companies', 'COMPANY'],
    defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    searchableProperties: ['name', 'domain', 'phone', 'website'],
    createdateProperty: 'createdate', lastModifiedProperty: 'hs_lastmodifieddate', scopeName: 'companies',
  },
  {
    objectTypeId: '0-3', name: 'deals', singular: 'deal', aliases: ['deal', 'deals', 'DEAL'],
    defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
    searchableProperties: ['dealname'],
    createdateProperty: 'createdate', lastModifiedProperty: 'hs_lastmodifieddate', scopeName: 'deals',
  },
];

export interface PropertySeed {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  hasUniqueValue?: boolean;
  options?: Array<{ label: string; value: string; displayOrder?: number; hidden?: boolean; description?: string }>;
  /** Maintained by the sandbox (read-only over the API). */
  readOnly?: boolean;
}

const text = (name: string, label: string, groupName: string, extra: Partial<PropertySeed> = {}): PropertySeed => ({ name, label, type: 'string', fieldType: 'text', groupName, ...extra });
const datetime = (name: string, label: string, groupName: string, extra: Partial<PropertySeed> = {}): PropertySeed => ({ name, label, type: 'datetime', fieldType: 'date', groupName, ...extra });
const number = (name: string, label: string, groupName: string, extra: Partial<PropertySeed> = {}): PropertySeed => ({ name, label, type: 'number', fieldType: 'number', groupName, ...extra });

/** The default sales pipeline and its stages (ids as in a new HubSpot portal). */
export const DEFAULT_DEAL_PIPELINE = {
  id: 'default',
  label: 'Sales Pipeline',
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: '0.2', isClosed: 'false' },
    { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: '0.4', isClosed: 'false' },
    { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: '0.6', isClosed: 'false' },
    { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: '0.8', isClosed: 'false' },
    { id: 'contractsent', label: 'Contract Sent', probability: '0.9', isClosed: 'false' },
    { id: 'closedwon', label: 'Closed Won', probability: '1.0', isClosed: 'true' },
    { id: 'closedlost', label: 'Closed Lost', probability: '0.0', isClosed: 'false' },
  ],
};

const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const ANALYTICS_SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL', 'AI_REFERRALS'];
const enumOptions = (values: string[]): PropertySeed['options'] => values.map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false }));

/** Standard properties per object (a subset of a real portal's, enough for the product's sync). */
export const STANDARD_PROPERTIES: Record<string, PropertySeed[]> = {
  '0-1': [
    text('email', 'Email', 'contactinformation', { hasUniqueValue: true }),
    text('firstname', 'First Name', 'contactinformation'),
    text('lastname', 'Last Name', 'contactinformation'),
    text('company', 'Company Name', 'contactinformation'),
    text('phone', 'Phone Number', 'contactinformation', { type: 'string', fieldType: 'phonenumber' }),
    text('hs_additional_emails', 'Additional email addresses', 'contactinformation'),
    { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', groupName: 'contactinformation', options: enumOptions(LIFECYCLE_STAGES) },
    { name: 'hs_analytics_source', label: 'Original Traffic Source', type: 'enumeration', fieldType: 'select', groupName: 'analyticsinformation', options: enumOptions(ANALYTICS_SOURCES) },
    text('hs_analytics_source_data_1', 'Original Traffic Source Drill-Down 1', 'analyticsinformation'),
    text('hs_analytics_source_data_2', 'Original Traffic Source Drill-Down 2', 'analyticsinformation'),
    datetime('hs_lead_status_date', 'Lead status date', 'contactinformation'),
    datetime('createdate', 'Create Date', 'contactinformation'),
    datetime('lastmodifieddate', 'Last Modified Date', 'contactinformation', { readOnly: true }),
    number('hs_object_id', 'Record ID', 'contactinformation', { readOnly: true }),
  ],
  '0-2': [
    text('name', 'Company name', 'companyinformation'),
    text('domain', 'Company Domain Name', 'companyinformation'),
    text('phone', 'Phone Number', 'companyinformation'),
    text('website', 'Website URL', 'companyinformation'),
    datetime('createdate', 'Create Date', 'companyinformation'),
    datetime('hs_lastmodifieddate', 'Last Modified Date', 'companyinformation', { readOnly: true }),
    number('hs_object_id', 'Record ID', 'companyinformation', { readOnly: true }),
  ],
  '0-3': [
    text('dealname', 'Deal Name', 'dealinformation'),
    number('amount', 'Amount', 'dealinformation'),
    { name: 'deal_currency_code', label: 'Currency', type: 'enumeration', fieldType: 'select', groupName: 'dealinformation', options: enumOptions(['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK', 'INR', 'BRL']) },
    { name: 'pipeline', label: 'Pipeline', type: 'enumeration', fieldType: 'select', groupName: 'dealinformation', options: [{ label: DEFAULT_DEAL_PIPELINE.label, value: DEFAULT_DEAL_PIPELINE.id, displayOrder: 0, hidden: false }] },
    { name: 'dealstage', label: 'Deal Stage', type: 'enumeration', fieldType: 'radio', groupName: 'dealinformation', options: DEFAULT_DEAL_PIPELINE.stages.map((stage, displayOrder) => ({ label: stage.label, value: stage.id, displayOrder, hidden: false })) },
    datetime('closedate', 'Close Date', 'dealinformation'),
    datetime('createdate', 'Create Date', 'dealinformation'),
    text('hs_is_closed_won', 'Is Closed Won', 'dealinformation', { type: 'bool', fieldType: 'booleancheckbox', readOnly: true }),
    text('hs_is_closed', 'Is Deal Closed?', 'dealinformation', { type: 'bool', fieldType: 'booleancheckbox', readOnly: true }),
    datetime('hs_lastmodifieddate', 'Last Modified Date', 'dealinformation', { readOnly: true }),
    number('hs_object_id', 'Record ID', 'dealinformation', { readOnly: true }),
  ],
};

export const STANDARD_PROPERTY_GROUPS: Record<string, Array<{ name: string; label: string }>> = {
  '0-1': [{ name: 'contactinformation', label: 'Contact information' }, { name: 'analyticsinformation', label: 'Web analytics history' }],
  '0-2': [{ name: 'companyinformation', label: 'Company information' }],
  '0-3': [{ name: 'dealinformation', label: 'Deal information' }],
};

/**
 * HubSpot-defined association types between the standard objects, each with its inverse
 * (doc: developers.hubspot.com/docs/api-reference/crm-associations-v4/guide, "association type id values").
 */
export const STANDARD_ASSOCIATION_TYPES: Array<{ from: string; to: string; typeId: number; inverseTypeId: number; label: string | null; name: string }> = [
  { from: '0-1', to: '0-2', typeId: 279, inverseTypeId: 280, label: null, name: 'contact_to_company_unlabeled' },
  { from: '0-2', to: '0-1', typeId: 280, inverseTypeId: 279, label: null, name: 'company_to_contact_unlabeled' },
  { from: '0-1', to: '0-2', typeId: 1, inverseTypeId: 2, label: 'Primary', name: 'contact_to_company' },
  { from: '0-2', to: '0-1', typeId: 2, inverseTypeId: 1, label: 'Primary', name: 'company_to_contact' },
  { from: '0-3', to: '0-1', typeId: 3, inverseTypeId: 4, label: null, name: 'deal_to_contact' },
  { from: '0-1', to: '0-3', typeId: 4, inverseTypeId: 3, label: null, name: 'contact_to_deal' },
  { from: '0-3', to: '0-2', typeId: 341, inverseTypeId: 342, label: null, name: 'deal_to_company_unlabeled' },
  { from: '0-2', to: '0-3', typeId: 342, inverseTypeId: 341, label: null, name: 'company_to_deal_unlabeled' },
  { from: '0-3', to: '0-2', typeId: 5, inverseTypeId: 6, label: 'Primary', name: 'deal_to_company' },
  { from: '0-2', to: '0-3', typeId: 6, inverseTypeId: 5, label: 'Primary', name: 'company_to_deal' },
];
