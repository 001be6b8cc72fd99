#!/usr/bin/env node
// The resolver on a world written apart from the project's simulator (core/src/simulate), the way
// an independent data set tests it: other shapes for everything the resolver estimates, and the
// same files and commands an outside user has. Creators' posts fall on random days of a 35-day
// campaign with log-normal reach; each responder arrives once, by a tagged click (a quarter with a
// damaged tag), a branded search, a direct visit or a promo code typed weeks later, in shares that
// depend on the platform; searches and visits follow the post by a gamma delay (shape 1.5); the
// organic baseline is Poisson with its own weekly cycle; newsletters and paid search add tagged
// traffic; contacts come back to the pricing page later. The Bayes limit knows every true rate.
// Per world and seed: the ambiguous touches (untagged first searches and visits), the Bayes limit's
// accuracy on them, the resolver's (`attribution resolve`, then `attribution score`), the gap, the
// resolver's calibration error there, and its accuracy on carried and organic touches.
//
//   node scripts/bench/second-world.js [--seeds A-B] [--keep]
//
// `--keep`: the data sets' folders (files, truth.csv, resolved.csv) are kept and named.
//
// Defaults: seeds 1-4 of each of five worlds (organic × 1, × 0.3, × 0.2 with delays × 2.7, × 2 with
// delays ÷ 2, and the third with four times the traffic); about a minute.
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { optionText } = require('../lib/bench-options');
const { randomSource } = require('../lib/independent-random');

const CLI = join(__dirname, '..', '..', 'core', 'bin', 'attribution.js');
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const DAYS = 365;
const DELAY_SHAPE = 1.5;
/** Shares of a platform's responders arriving by tagged click, branded search, direct visit, promo code. */
const RESPONSE_MIX = { youtube: [0.45, 0.25, 0.15, 0.15], instagram: [0.3, 0.3, 0.25, 0.15], tiktok: [0.25, 0.35, 0.3, 0.1], podcast: [0.05, 0.35, 0.25, 0.35] };
const SEARCH = 1;
const DIRECT = 2;
/** Organic new contacts by weekday (Sunday first) and by first touch: branded search, direct visit, other search. */
const WEEK = [0.5, 1.1, 1.1, 1.1, 1.1, 1.0, 0.6];
const ORGANIC_MIX = [0.35, 0.3, 0.35];
const CREATORS = ['ava', 'liam', 'noor', 'kenji', 'marta', 'olu', 'sven', 'isla', 'rafa', 'mei'];

const WORLDS = [
  { name: 'organic x1, delays 3 d', organicScale: 1, delayMean: 3 },
  { name: 'organic x0.3, delays 3 d', organicScale: 0.3, delayMean: 3 },
  { name: 'organic x0.2, delays 8 d', organicScale: 0.2, delayMean: 8 },
  { name: 'organic x2, delays 1.5 d', organicScale: 2, delayMean: 1.5 },
  // The third world with four times the traffic of every kind: what the small samples cost.
  { name: 'organic x0.2, delays 8 d, all traffic x4', organicScale: 0.8, delayMean: 8, trafficScale: 4 },
];

function logGamma(z) {
  // Lanczos (g = 7), enough for the density's normalising constant.
  const c = [0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61571124105268, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  let x = c[0];
  for (let i = 1; i < 9; i++) x += c[i] / (z - 1 + i);
  const t = z - 1 + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z - 0.5) * Math.log(t) - t + Math.log(x);
}

function gammaDensity(days, mean) {
  if (days <= 0) return 0;
  const rate = DELAY_SHAPE / mean;
  return Math.exp(DELAY_SHAPE * Math.log(rate) + (DELAY_SHAPE - 1) * Math.log(days) - rate * days - logGamma(DELAY_SHAPE));
}

function damageTag(tag, random) {
  const draw = random.next();
  if (draw < 0.3) return tag.toUpperCase();
  if (draw < 0.5) return `${tag}-story`;
  if (draw < 0.65) return tag.replace(/-/g, '_');
  if (draw < 0.8) return tag.slice(0, Math.max(5, tag.length - 2));
  return tag.replace(/(.)(.)$/, '$2$1');
}

/** One world: the rows of the four files and truth.csv, and the Bayes limit on the ambiguous touches. */
function generateWorld({ organicScale, delayMean, trafficScale = 1 }, seed) {
  const random = randomSource(seed);
  const campaigns = [];
  const posts = [];
  for (const creator of CREATORS.slice(0, 6 + Math.floor(random.next() * 4))) {
    const platform = random.pick(Object.keys(RESPONSE_MIX));
    const seasons = 1 + Math.floor(random.next() * 2);
    for (let season = 0; season < seasons; season++) {
      const start = START + Math.floor(random.next() * (DAYS - 60)) * DAY;
      const quarter = ['q1', 'q2', 'q3', 'q4'][Math.min(3, Math.floor((start - START) / DAY / 92))];
      campaigns.push({
        id: `c_${creator}_${season}`, name: `${creator} ${platform} ${season}`, channel: 'influencer', influencer: `inf_${creator}`, handle: `@${creator}.creates`,
        source: platform, medium: 'influencer', tag: `${creator}-${quarter}-${season}`, code: `${creator.toUpperCase()}${10 + 5 * season}`, start, end: start + 35 * DAY, platform,
      });
      const postCount = 1 + Math.floor(random.next() * 4);
      for (let post = 0; post < postCount; post++) posts.push({ campaign: campaigns.length - 1, at: start + random.next() * 30 * DAY, reach: trafficScale * Math.exp(3.3 + 0.8 * random.normal()) });
    }
  }
  const contacts = [];
  const touches = [];
  const ambiguous = [];
  const newContact = (at) => {
    const id = `ct${contacts.length + 1}`;
    contacts.push([id, new Date(at).toISOString()]);
    return id;
  };
  const touch = (fields, campaignId, truthClass) => {
    touches.push({ id: `t${touches.length + 1}`, url: '', referrer: '', code: '', query: '', type: 'page_view', ...fields, campaignId, truthClass });
    return touches.length - 1;
  };
  const end = START + DAYS * DAY;
  const comesBack = (contact, at) => {
    for (let visit = random.poisson(1.5); visit > 0; visit--) {
      const later = at + random.next() * 60 * DAY;
      if (later < end) touch({ contact, at: later, url: 'https://zenflow.io/pricing' }, '', 'organic');
    }
  };
  for (const post of posts) {
    const campaign = campaigns[post.campaign];
    const mix = RESPONSE_MIX[campaign.platform];
    for (let responder = random.poisson(post.reach); responder > 0; responder--) {
      const draw = random.next();
      const kind = draw < mix[0] ? 0 : draw < mix[0] + mix[1] ? SEARCH : draw < mix[0] + mix[1] + mix[2] ? DIRECT : 3;
      const delayDays = kind === 0 ? -Math.log(random.next() + 1e-12) * 0.4 : kind === 3 ? random.gamma(2, 20) : random.gamma(DELAY_SHAPE, delayMean);
      const at = post.at + delayDays * DAY;
      if (at >= end) continue;
      const contact = newContact(at);
      if (kind === 0) {
        const tag = random.next() < 0.25 ? damageTag(campaign.tag, random) : campaign.tag;
        touch({ contact, at, url: `https://zenflow.io/?utm_source=${campaign.platform}&utm_medium=influencer&utm_campaign=${encodeURIComponent(tag)}`, referrer: `https://${campaign.platform}.com/` }, campaign.id, 'carried');
      } else if (kind === 3) {
        touch({ contact, at, type: 'form_submission', url: 'https://zenflow.io/demo', code: random.next() < 0.2 ? campaign.code.toLowerCase() : campaign.code }, campaign.id, 'carried');
      } else {
        const fields = kind === SEARCH ? { referrer: 'https://www.google.com/', query: random.pick(['zenflow', 'zenflow app', 'zenflow pricing']) } : {};
        ambiguous.push({ index: touch({ contact, at, url: 'https://zenflow.io/', ...fields }, campaign.id, 'ambiguous'), kind, at });
      }
      comesBack(contact, at);
    }
  }
  const organicPerDay = 18 * organicScale;
  for (let day = 0; day < DAYS; day++) {
    const dayStart = START + day * DAY;
    for (let arrival = random.poisson(organicPerDay * WEEK[new Date(dayStart).getUTCDay()]); arrival > 0; arrival--) {
      const at = dayStart + random.next() * DAY;
      const contact = newContact(at);
      const draw = random.next();
      if (draw < ORGANIC_MIX[0]) ambiguous.push({ index: touch({ contact, at, url: 'https://zenflow.io/', referrer: 'https://www.google.com/', query: random.pick(['zenflow', 'zenflow app', 'zenflow login']) }, '', 'ambiguous'), kind: SEARCH, at });
      else if (draw < ORGANIC_MIX[0] + ORGANIC_MIX[1]) ambiguous.push({ index: touch({ contact, at, url: 'https://zenflow.io/' }, '', 'ambiguous'), kind: DIRECT, at });
      else touch({ contact, at, url: 'https://zenflow.io/blog/workflow-tips', referrer: 'https://www.bing.com/', query: random.pick(['workflow automation', 'best task app']) }, '', 'organic');
      comesBack(contact, at);
    }
  }
  for (let month = 1; month <= 12; month++) {
    const tag = `newsletter-${String(month).padStart(2, '0')}`;
    const start = START + (month - 1) * 30 * DAY;
    campaigns.push({ id: `c_news_${month}`, name: `Newsletter ${month}`, channel: 'email', influencer: '', handle: '', source: 'newsletter', medium: 'email', tag, code: '', start, end: start + 7 * DAY });
    for (let click = random.poisson(40 * trafficScale); click > 0; click--) {
      const at = start + random.next() * 5 * DAY;
      touch({ contact: newContact(at), at, type: 'email_click', url: `https://zenflow.io/?utm_source=newsletter&utm_medium=email&utm_campaign=${tag}` }, `c_news_${month}`, 'carried');
    }
  }
  campaigns.push({ id: 'c_paid', name: 'Google Ads', channel: 'paid search', influencer: '', handle: '', source: 'google', medium: 'cpc', tag: 'gads-brand', code: '', start: START, end });
  for (let day = 0; day < DAYS; day++) {
    for (let click = random.poisson(3 * trafficScale); click > 0; click--) {
      const at = START + (day + random.next()) * DAY;
      touch({ contact: newContact(at), at, url: `https://zenflow.io/?utm_source=google&utm_medium=cpc&utm_campaign=gads-brand&gclid=g${touches.length}`, referrer: 'https://www.google.com/' }, 'c_paid', 'carried');
    }
  }
  // The Bayes limit: each ambiguous touch's most likely cause under the true rates.
  const postsOf = campaigns.map(() => []);
  for (const post of posts) postsOf[post.campaign].push(post);
  let bayesRight = 0;
  for (const { index, kind, at } of ambiguous) {
    const day = Math.floor((at - START) / DAY);
    let best = '';
    let bestRate = organicPerDay * WEEK[new Date(START + day * DAY).getUTCDay()] * ORGANIC_MIX[kind - 1];
    campaigns.forEach((campaign, campaignIndex) => {
      if (!campaign.platform) return;
      let rate = 0;
      for (const post of postsOf[campaignIndex]) rate += post.reach * RESPONSE_MIX[campaign.platform][kind] * gammaDensity((at - post.at) / DAY, delayMean);
      if (rate > bestRate) {
        bestRate = rate;
        best = campaign.id;
      }
    });
    if (touches[index].campaignId === best) bayesRight++;
  }
  touches.sort((left, right) => left.at - right.at);
  const iso = (time) => new Date(time).toISOString();
  return {
    files: {
      'campaigns.csv': [
        ['campaign_id', 'name', 'channel', 'influencer_id', 'influencer_handle', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'promo_codes', 'landing_url', 'branded_terms', 'start_at', 'end_at', 'cost', 'currency'],
        ...campaigns.map((c) => [c.id, c.name, c.channel, c.influencer, c.handle, c.source, c.medium, c.tag, '', c.code, 'https://zenflow.io/', 'zenflow;zenflow app', iso(c.start), iso(c.end), 1000, 'USD']),
      ],
      'contacts.csv': [['contact_id', 'created_at'], ...contacts],
      'touchpoints.csv': [
        ['touchpoint_id', 'contact_id', 'occurred_at', 'type', 'url', 'referrer', 'promo_code', 'search_query'],
        ...touches.map((t) => [t.id, t.contact, iso(t.at), t.type, t.url, t.referrer, t.code, t.query]),
      ],
      'deals.csv': [['deal_id', 'name', 'amount', 'currency', 'stage', 'created_at', 'closed_at', 'is_won', 'contact_ids']],
      'truth.csv': [['touchpoint_id', 'campaign_id', 'class'], ...touches.map((t) => [t.id, t.campaignId, t.truthClass])],
    },
    ambiguousTouches: ambiguous.length,
    bayesAccuracy: bayesRight / ambiguous.length,
  };
}

function csvText(rows) {
  const cell = (value) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
  return rows.map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

function attribution(args) {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`attribution ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

const [firstSeed, lastSeed] = optionText('--seeds', '1-4').split('-').map(Number);
const keep = process.argv.includes('--keep');
console.log('| world | seed | ambiguous touches | Bayes limit | resolver | gap | ECE ambiguous | carried | organic left |');
console.log('|---|---|---|---|---|---|---|---|---|');
const gaps = [];
const calibrationErrors = [];
const carried = [];
for (const world of WORLDS) {
  for (let seed = firstSeed; seed <= (lastSeed || firstSeed); seed++) {
    const { files, ambiguousTouches, bayesAccuracy } = generateWorld(world, seed);
    const folder = mkdtempSync(join(tmpdir(), 'pa-second-world-'));
    try {
      for (const [name, rows] of Object.entries(files)) writeFileSync(join(folder, name), csvText(rows));
      attribution(['resolve', '--data', folder, '--out', join(folder, 'resolved.csv'), '--quiet']);
      const score = JSON.parse(attribution(['score', '--truth', join(folder, 'truth.csv'), '--resolved', join(folder, 'resolved.csv'), '--format', 'json']));
      const { ambiguous, carried: carriedClass, organic } = score.byClass;
      const gap = 100 * (bayesAccuracy - ambiguous.accuracy);
      gaps.push(gap);
      calibrationErrors.push(ambiguous.calibrationError);
      carried.push(carriedClass.accuracy);
      const percent = (value) => `${(100 * value).toFixed(2)}%`;
      console.log(`| ${world.name} | ${seed} | ${ambiguousTouches} | ${percent(bayesAccuracy)} | ${percent(ambiguous.accuracy)} | ${gap.toFixed(2)} | ${ambiguous.calibrationError.toFixed(4)} | ${percent(carriedClass.accuracy)} | ${percent(organic.accuracy)} |`);
    } finally {
      if (keep) console.log(`  (kept: ${folder})`);
      else rmSync(folder, { recursive: true, force: true });
    }
  }
}
const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(`\n${gaps.length} data sets: gap mean ${mean(gaps).toFixed(2)}, worst ${Math.max(...gaps).toFixed(2)}; ambiguous ECE worst ${Math.max(...calibrationErrors).toFixed(4)}; carried worst ${(100 * Math.min(...carried)).toFixed(2)}%`);
