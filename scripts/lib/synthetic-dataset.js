'use strict';
// A seeded synthetic data set in the CSV interchange format, for benchmarks and the interim
// examples: creator and other campaigns, contacts, touchpoints (tagged, URL-only and untagged) and
// deals with 1-3 contacts. Streams rows to files so a million touchpoints need little memory.
const { openSync, writeSync, closeSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class BufferedFile {
  constructor(path) {
    this.descriptor = openSync(path, 'w');
    this.parts = [];
    this.size = 0;
  }
  write(text) {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.parts.length) writeSync(this.descriptor, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    closeSync(this.descriptor);
  }
}

const CREATORS = ['maya.codes', 'devdan', 'cloudcarla', 'techwithtom', 'priya_builds', 'leo.ships', 'ana.data', 'sam_sre', 'kofi.ai', 'jules.dev'];
const OTHER_CAMPAIGNS = [
  { id: 'cmp-search-brand', name: 'Brand search', channel: 'paid_search', source: 'google', medium: 'cpc' },
  { id: 'cmp-linkedin-abm', name: 'LinkedIn ABM', channel: 'paid_social', source: 'linkedin', medium: 'paid_social' },
  { id: 'cmp-webinar-q3', name: 'Q3 webinar', channel: 'webinar', source: 'webinar', medium: 'event' },
  { id: 'cmp-newsletter', name: 'Monthly newsletter', channel: 'email', source: 'newsletter', medium: 'email' },
  { id: 'cmp-devconf', name: 'DevConf booth', channel: 'event', source: 'devconf', medium: 'event' },
];
const TOUCH_TYPES = ['page_view', 'page_view', 'page_view', 'form_submit', 'email_click', 'ad_click', 'event_attended', 'meeting'];
const DAY = 86_400_000;

/**
 * Writes campaigns.csv, contacts.csv, touchpoints.csv and deals.csv into `folder`.
 * Returns the counts. Times span the year before `endAt`.
 */
function writeSyntheticDataset(folder, { contacts = 2000, touchpointsPerContact = 5, dealsPerContact = 0.5, seed = 7, endAt = Date.parse('2026-10-31T00:00:00Z') } = {}) {
  mkdirSync(folder, { recursive: true });
  const random = mulberry32(seed);
  const startAt = endAt - 365 * DAY;
  const iso = (ms) => new Date(ms).toISOString();

  const campaigns = [];
  CREATORS.forEach((handle, index) => {
    const slug = `${handle.replace(/[._]/g, '-')}-launch`;
    campaigns.push({
      id: `cmp-creator-${index + 1}`,
      name: `${handle} launch series`,
      channel: 'influencer',
      influencer: `inf-${index + 1}`,
      handle,
      source: index % 2 ? 'youtube' : 'instagram',
      medium: 'influencer',
      tag: slug,
      promo: `${handle.replace(/[^a-z]/gi, '').toUpperCase().slice(0, 6)}10`,
      start: startAt + Math.floor(random() * 200) * DAY,
      cost: 2000 + Math.floor(random() * 8000),
    });
  });
  for (const other of OTHER_CAMPAIGNS) {
    campaigns.push({ ...other, influencer: '', handle: '', tag: other.id.replace('cmp-', ''), promo: '', start: startAt, cost: 5000 + Math.floor(random() * 20000) });
  }
  const campaignFile = new BufferedFile(join(folder, 'campaigns.csv'));
  campaignFile.write('campaign_id,name,channel,influencer_id,influencer_handle,utm_source,utm_medium,utm_campaign,utm_content,promo_codes,landing_url,branded_terms,start_at,end_at,cost,currency\n');
  for (const campaign of campaigns) {
    campaignFile.write(
      [campaign.id, campaign.name, campaign.channel, campaign.influencer, campaign.handle, campaign.source, campaign.medium, campaign.tag, '', campaign.promo,
        `https://example.com/lp/${campaign.tag}`, 'acme;acme cloud', iso(campaign.start), campaign.end ? iso(campaign.end) : '', campaign.cost, 'USD'].join(',') + '\n',
    );
  }
  campaignFile.close();

  const contactFile = new BufferedFile(join(folder, 'contacts.csv'));
  const touchpointFile = new BufferedFile(join(folder, 'touchpoints.csv'));
  contactFile.write('contact_id,created_at\n');
  touchpointFile.write('touchpoint_id,contact_id,occurred_at,type,url,referrer,utm_source,utm_medium,utm_campaign,utm_term,utm_content,promo_code,search_query\n');
  const contactCreated = new Float64Array(contacts);
  let touchpointCount = 0;
  for (let contact = 0; contact < contacts; contact++) {
    const firstSeen = startAt + random() * 330 * DAY;
    const touches = 1 + Math.floor(random() * (2 * touchpointsPerContact - 1));
    const favourite = campaigns[Math.floor(random() * campaigns.length)];
    let time = firstSeen;
    let createdAt = 0;
    for (let touch = 0; touch < touches; touch++) {
      const campaign = random() < 0.7 ? favourite : campaigns[Math.floor(random() * campaigns.length)];
      const type = TOUCH_TYPES[Math.floor(random() * TOUCH_TYPES.length)];
      const style = random();
      let url = 'https://example.com/';
      let source = '';
      let medium = '';
      let tag = '';
      if (style < 0.5) {
        source = campaign.source;
        medium = campaign.medium;
        tag = campaign.tag;
        url = `https://example.com/pricing?utm_source=${source}&utm_medium=${medium}&utm_campaign=${tag}`;
      } else if (style < 0.7) {
        url = `https://example.com/lp/${campaign.tag}?utm_campaign=${campaign.tag}`;
      }
      touchpointFile.write(
        `tp-${touchpointCount + 1},c-${contact + 1},${iso(Math.floor(time))},${type},${url},,${source},${medium},${tag},,,,\n`,
      );
      touchpointCount++;
      if (touch === 0 || (type === 'form_submit' && createdAt === 0)) createdAt = time;
      time += random() * 20 * DAY;
      if (time > endAt) time = endAt - random() * DAY;
    }
    contactCreated[contact] = createdAt;
    contactFile.write(`c-${contact + 1},${iso(Math.floor(createdAt))}\n`);
  }
  contactFile.close();
  touchpointFile.close();

  const dealFile = new BufferedFile(join(folder, 'deals.csv'));
  dealFile.write('deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\n');
  const deals = Math.floor(contacts * dealsPerContact);
  for (let deal = 0; deal < deals; deal++) {
    const contactCount = 1 + Math.floor(random() * 3);
    const contactIds = [];
    let latestCreated = 0;
    for (let index = 0; index < contactCount; index++) {
      const contact = Math.floor(random() * contacts);
      contactIds.push(`c-${contact + 1}`);
      latestCreated = Math.max(latestCreated, contactCreated[contact]);
    }
    const createdAt = Math.min(endAt - DAY, latestCreated + random() * 30 * DAY);
    const outcome = random();
    const closedAt = outcome < 0.6 ? Math.min(endAt, createdAt + random() * 90 * DAY) : null;
    const won = closedAt !== null && outcome < 0.3;
    const stage = closedAt === null ? 'qualified' : won ? 'closedwon' : 'closedlost';
    const amount = (5 + Math.floor(random() * 95)) * 500;
    dealFile.write(`d-${deal + 1},Deal ${deal + 1},${amount},USD,${stage},${iso(Math.floor(createdAt))},${closedAt === null ? '' : iso(Math.floor(closedAt))},${won},${[...new Set(contactIds)].join(';')}\n`);
  }
  dealFile.close();
  return { campaigns: campaigns.length, contacts, touchpoints: touchpointCount, deals };
}

module.exports = { writeSyntheticDataset, mulberry32 };
