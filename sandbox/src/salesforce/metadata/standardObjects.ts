import { defineObject, field, picklist, type FieldDefinition, type SObjectDefinition } from './describe';

/**
 * The standard objects the product reads and writes, with the fields of the Salesforce object
 * reference (contract §e; field lists beyond the documented ones are common knowledge, UNVERIFIED).
 */
export const OPPORTUNITY_STAGES: Array<{ name: string; probability: number; isClosed: boolean; isWon: boolean; forecastCategory: string }> = [
  { name: 'Prospecting', probability: 10, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Qualification', probability: 10, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Needs Analysis', probability: 20, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Value Proposition', probability: 50, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Id. Decision Makers', probability: 60, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Perception Analysis', probability: 70, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Proposal/Price Quote', probability: 75, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Negotiation/Review', probability: 90, isClosed: false, isWon: false, forecastCategory: 'Pipeline' },
  { name: 'Closed Won', probability: 100, isClosed: true, isWon: true, forecastCategory: 'Closed' },
  { name: 'Closed Lost', probability: 0, isClosed: true, isWon: false, forecastCategory: 'Omitted' },
];

const SYSTEM_FIELDS = (): FieldDefinition[] => [
  field('Id', 'id', { nillable: false, createable: false, updateable: false, label: 'Record ID' }),
  field('IsDeleted', 'boolean', { createable: false, updateable: false, nillable: false }),
  field('CreatedDate', 'datetime', { createable: false, updateable: false, nillable: false }),
  field('CreatedById', 'reference', { createable: false, updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'CreatedBy' }),
  field('LastModifiedDate', 'datetime', { createable: false, updateable: false, nillable: false }),
  field('LastModifiedById', 'reference', { createable: false, updateable: false, nillable: false, referenceTo: ['User'], relationshipName: 'LastModifiedBy' }),
  field('SystemModstamp', 'datetime', { createable: false, updateable: false, nillable: false }),
];
const owner = (): FieldDefinition => field('OwnerId', 'reference', { referenceTo: ['User'], relationshipName: 'Owner', nillable: false, defaultValue: null });
const readOnly = { createable: false, updateable: false } as const;
const requiredField = { nillable: false, required: true } as const;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'CHF', 'SEK', 'NOK', 'DKK', 'INR', 'BRL'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other', 'Advertisement', 'Employee Referral', 'External Referral', 'Trade Show', 'Word of mouth', 'Social', 'Influencer'];

export function standardObjects(): SObjectDefinition[] {
  return [
    defineObject({
      name: 'User', label: 'User', labelPlural: 'Users', keyPrefix: '005', custom: false, createable: false, updateable: false, deletable: false, queryable: true,
      fields: [...SYSTEM_FIELDS(), field('Username', 'string', { ...readOnly, nillable: false }), field('Email', 'email', readOnly), field('FirstName', 'string', readOnly),
        field('LastName', 'string', readOnly), field('Name', 'string', { ...readOnly, nameField: true }), field('IsActive', 'boolean', readOnly)],
    }),
    defineObject({
      name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(), owner(), field('Name', 'string', { ...requiredField, nameField: true }), field('Type', 'picklist', { length: 255, picklistValues: picklist(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other']) }),
        field('Industry', 'picklist', { picklistValues: picklist(['Technology', 'Media', 'Retail', 'Finance', 'Healthcare', 'Other']) }), field('Website', 'url'), field('Phone', 'phone'),
        field('BillingCountry', 'string', { length: 80 }), field('AnnualRevenue', 'currency'), field('NumberOfEmployees', 'int'), field('Description', 'textarea'),
        field('CurrencyIsoCode', 'picklist', { picklistValues: picklist(CURRENCIES, 'USD'), restrictedPicklist: true, defaultValue: 'USD' })],
    }),
    defineObject({
      name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(), owner(), field('FirstName', 'string', { length: 40 }), field('LastName', 'string', { ...requiredField, length: 80 }),
        field('Name', 'string', { ...readOnly, nameField: true, calculated: true, length: 121 }), field('Email', 'email', { length: 80, idLookup: true }), field('Phone', 'phone'), field('Title', 'string', { length: 128 }),
        field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account', childRelationshipName: 'Contacts' }),
        field('LeadSource', 'picklist', { picklistValues: picklist(LEAD_SOURCES) }), field('MailingCountry', 'string', { length: 80 }),
        field('CurrencyIsoCode', 'picklist', { picklistValues: picklist(CURRENCIES, 'USD'), restrictedPicklist: true, defaultValue: 'USD' })],
    }),
    defineObject({
      name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(), owner(), field('FirstName', 'string', { length: 40 }), field('LastName', 'string', { ...requiredField, length: 80 }),
        field('Name', 'string', { ...readOnly, nameField: true, calculated: true, length: 121 }), field('Company', 'string', requiredField), field('Email', 'email', { length: 80, idLookup: true }),
        field('Status', 'picklist', { nillable: false, defaultValue: 'Open - Not Contacted', picklistValues: picklist(['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'], 'Open - Not Contacted') }),
        field('LeadSource', 'picklist', { picklistValues: picklist(LEAD_SOURCES) }),
        field('IsConverted', 'boolean', { updateable: false }), field('ConvertedDate', 'date', { updateable: false }),
        field('ConvertedContactId', 'reference', { updateable: false, referenceTo: ['Contact'], relationshipName: 'ConvertedContact' }),
        field('ConvertedAccountId', 'reference', { updateable: false, referenceTo: ['Account'], relationshipName: 'ConvertedAccount' }),
        field('ConvertedOpportunityId', 'reference', { updateable: false, referenceTo: ['Opportunity'], relationshipName: 'ConvertedOpportunity' }),
        field('CurrencyIsoCode', 'picklist', { picklistValues: picklist(CURRENCIES, 'USD'), restrictedPicklist: true, defaultValue: 'USD' })],
    }),
    defineObject({
      name: 'Campaign', label: 'Campaign', labelPlural: 'Campaigns', keyPrefix: '701', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(), owner(), field('Name', 'string', { ...requiredField, nameField: true, length: 80 }),
        field('Type', 'picklist', { picklistValues: picklist(['Conference', 'Webinar', 'Trade Show', 'Public Relations', 'Partners', 'Referral Program', 'Advertisement', 'Banner Ads', 'Direct Mail', 'Email', 'Telemarketing', 'Social', 'Influencer', 'Other']) }),
        field('Status', 'picklist', { picklistValues: picklist(['Planned', 'In Progress', 'Completed', 'Aborted']) }), field('StartDate', 'date'), field('EndDate', 'date'),
        field('IsActive', 'boolean'), field('ParentId', 'reference', { referenceTo: ['Campaign'], relationshipName: 'Parent', childRelationshipName: 'ChildCampaigns' }),
        field('ActualCost', 'currency'), field('BudgetedCost', 'currency'), field('ExpectedRevenue', 'currency'), field('ExpectedResponse', 'percent', { precision: 10 }),
        field('NumberSent', 'double'), field('Description', 'textarea'),
        field('CurrencyIsoCode', 'picklist', { picklistValues: picklist(CURRENCIES, 'USD'), restrictedPicklist: true, defaultValue: 'USD' })],
    }),
    defineObject({
      name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', keyPrefix: '006', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(), owner(), field('Name', 'string', { ...requiredField, nameField: true, length: 120 }),
        field('StageName', 'picklist', { ...requiredField, picklistValues: picklist(OPPORTUNITY_STAGES.map((stage) => stage.name)) }),
        field('Amount', 'currency'), field('CloseDate', 'date', requiredField), field('Probability', 'percent', { precision: 3, scale: 0 }),
        field('IsClosed', 'boolean', { ...readOnly, calculated: true }), field('IsWon', 'boolean', { ...readOnly, calculated: true }),
        field('ForecastCategoryName', 'picklist', { picklistValues: picklist(['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed']) }),
        field('CampaignId', 'reference', { referenceTo: ['Campaign'], relationshipName: 'Campaign', childRelationshipName: 'Opportunities' }),
        field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account', childRelationshipName: 'Opportunities' }),
        field('ContactId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Contact' }),
        field('LeadSource', 'picklist', { picklistValues: picklist(LEAD_SOURCES) }), field('Type', 'picklist', { picklistValues: picklist(['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer']) }),
        field('Description', 'textarea'),
        field('CurrencyIsoCode', 'picklist', { picklistValues: picklist(CURRENCIES, 'USD'), restrictedPicklist: true, defaultValue: 'USD' })],
    }),
    defineObject({
      name: 'OpportunityContactRole', label: 'Opportunity Contact Role', labelPlural: 'Opportunity Contact Roles', keyPrefix: '00K', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(),
        field('OpportunityId', 'reference', { ...requiredField, updateable: false, referenceTo: ['Opportunity'], relationshipName: 'Opportunity', childRelationshipName: 'OpportunityContactRoles' }),
        field('ContactId', 'reference', { ...requiredField, referenceTo: ['Contact'], relationshipName: 'Contact', childRelationshipName: 'OpportunityContactRoles' }),
        field('Role', 'picklist', { picklistValues: picklist(['Business User', 'Decision Maker', 'Economic Buyer', 'Economic Decision Maker', 'Evaluator', 'Executive Sponsor', 'Influencer', 'Technical Buyer', 'Other']) }),
        field('IsPrimary', 'boolean')],
    }),
    defineObject({
      name: 'CampaignMember', label: 'Campaign Member', labelPlural: 'Campaign Members', keyPrefix: '00v', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(),
        field('CampaignId', 'reference', { ...requiredField, updateable: false, referenceTo: ['Campaign'], relationshipName: 'Campaign', childRelationshipName: 'CampaignMembers' }),
        field('LeadId', 'reference', { updateable: false, referenceTo: ['Lead'], relationshipName: 'Lead', childRelationshipName: 'CampaignMembers' }),
        field('ContactId', 'reference', { updateable: false, referenceTo: ['Contact'], relationshipName: 'Contact', childRelationshipName: 'CampaignMembers' }),
        field('Status', 'picklist', { length: 40, defaultValue: 'Sent', picklistValues: picklist(['Sent', 'Responded'], 'Sent') }),
        field('HasResponded', 'boolean', { ...readOnly, calculated: true }), field('FirstRespondedDate', 'date', readOnly),
        field('LeadOrContactId', 'reference', { ...readOnly, referenceTo: ['Lead', 'Contact'] })],
    }),
    defineObject({
      name: 'CampaignInfluenceModel', label: 'Campaign Influence Model', labelPlural: 'Campaign Influence Models', keyPrefix: '03V', custom: false, createable: false, updateable: false, deletable: false, queryable: true,
      fields: [...SYSTEM_FIELDS(), field('DeveloperName', 'string', { ...readOnly, length: 80 }), field('MasterLabel', 'string', { ...readOnly, nameField: true, length: 80 }),
        field('IsActive', 'boolean', readOnly), field('IsDefaultModel', 'boolean', readOnly), field('IsModelLocked', 'boolean', readOnly),
        field('ModelDescription', 'textarea', readOnly), field('ModelType', 'string', readOnly), field('RecordPreference', 'string', readOnly), field('NamespacePrefix', 'string', readOnly)],
    }),
    defineObject({
      name: 'CampaignInfluence', label: 'Campaign Influence', labelPlural: 'Campaign Influences', keyPrefix: '0Ch', custom: false, createable: true, updateable: true, deletable: true, queryable: true,
      fields: [...SYSTEM_FIELDS(),
        field('CampaignId', 'reference', { ...requiredField, updateable: false, referenceTo: ['Campaign'], relationshipName: 'Campaign', childRelationshipName: 'CampaignInfluences' }),
        field('OpportunityId', 'reference', { ...requiredField, updateable: false, referenceTo: ['Opportunity'], relationshipName: 'Opportunity', childRelationshipName: 'CampaignInfluences' }),
        field('ModelId', 'reference', { ...requiredField, updateable: false, referenceTo: ['CampaignInfluenceModel'], relationshipName: 'Model' }),
        field('ContactId', 'reference', { updateable: false, referenceTo: ['Contact'], relationshipName: 'Contact' }),
        field('CampaignMemberId', 'reference', { ...readOnly, referenceTo: ['CampaignMember'], relationshipName: 'CampaignMember' }),
        field('Influence', 'percent', { precision: 5, scale: 2 }), field('RevenueShare', 'currency', { ...readOnly, calculated: true })],
    }),
  ];
}
