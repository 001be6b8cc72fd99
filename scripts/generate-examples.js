#!/usr/bin/env node
// `npm run examples`: regenerates examples/demo (campaigns, contacts, touchpoints, deals and the
// ground truth, simulated by `attribution simulate`'s generator with a fixed seed) and the two
// example configuration files, examples/custom-rules.json and examples/utm-governance.json.
'use strict';
const { join } = require('node:path');
const { writeFileSync, mkdirSync, statSync, readdirSync } = require('node:fs');
const { simulateDataset } = require('../core/dist/simulate/simulateDataset');
const { writeSimulation } = require('../core/dist/simulate/writeSimulation');
const { parseCustomRules } = require('../core/dist/models/custom/customRules');
const { parseGovernanceRules } = require('../core/dist/utm/governance');

const SEED = 2025;
const CONTACTS = 3000;
const examples = join(__dirname, '..', 'examples');
const demo = join(examples, 'demo');

const simulation = simulateDataset({ seed: SEED, contacts: CONTACTS });
writeSimulation(demo, simulation, SEED);

// A RevOps team's custom model: first touch, lead creation and deal creation carry most of the
// credit (W-shaped), the middle shares the rest; creator touches count 1.5×, sales meetings 1.5×.
const customRules = {
  name: 'RevOps W-shaped with creator boost',
  slots: { firstTouch: 0.3, leadCreation: 0.3, dealCreation: 0.3 },
  middle: 0.1,
  channelMultipliers: { influencer: 1.5, 'paid search': 0.8 },
  touchTypeMultipliers: { meeting: 1.5, webinar: 1.2 },
  excludedTouchTypes: [],
  lookbackDays: 365,
};
parseCustomRules(customRules, 'examples/custom-rules.json');
writeFileSync(join(examples, 'custom-rules.json'), JSON.stringify(customRules, null, 2) + '\n');

// UTM governance for the same company: sources and mediums it actually uses, lower case, short,
// no spaces, no personal data, and the template creators' links are built from.
const governance = {
  requiredParameters: ['utm_source', 'utm_medium', 'utm_campaign'],
  allowedSources: ['instagram', 'tiktok', 'youtube', 'linkedin', 'podcast', 'google', 'hubspot', 'webinar', 'saastr'],
  allowedMediums: ['influencer', 'cpc', 'paid-social', 'email', 'webinar', 'event'],
  allowedHosts: ['acme.io'],
  lowerCase: true,
  maxLength: 60,
  forbiddenCharacters: ' <>"\'{}|\\^`',
  forbidPersonalData: true,
  templates: {
    default: '{landing_url}?utm_source={platform}&utm_medium={medium}&utm_campaign={campaign_slug}&utm_content={creator_handle}',
    'link-in-bio': '{landing_url}?utm_source={platform}&utm_medium=influencer&utm_campaign={campaign_slug}&utm_content={creator_handle}-bio',
  },
};
parseGovernanceRules(governance, 'examples/utm-governance.json');
writeFileSync(join(examples, 'utm-governance.json'), JSON.stringify(governance, null, 2) + '\n');

mkdirSync(demo, { recursive: true });
let bytes = 0;
for (const name of readdirSync(demo)) bytes += statSync(join(demo, name)).size;
const { tables, bayes } = simulation;
process.stdout.write(
  `examples/demo: ${tables.campaigns.length} campaigns, ${tables.contacts.length} contacts, ${tables.touchpoints.length} touchpoints, ${tables.deals.length} deals, ` +
    `${(bytes / 1e6).toFixed(2)} MB; Bayes-optimal accuracy on its ${bayes.ambiguousTouches} ambiguous touches ${(bayes.accuracy * 100).toFixed(1)}%\n`,
);
