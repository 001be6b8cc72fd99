#!/usr/bin/env node
// Tags damaged twice: every utm_campaign of the demo's campaigns (examples/demo, 40 campaigns, 12 of
// them a numbered newsletter series), damaged by two kinds of damage drawn at random (the
// simulator's TAG_MANGLES, core/src/simulate/mangle.ts, plus the words reordered and a two-word
// suffix), then matched (matchTag). Prints the share matched to the right campaign, matched to a
// wrong one and refused, overall and per pair of damages, and the tags of campaigns not in the
// catalog that matched one (they should not).
//
//   node scripts/bench/tag-damage.js [--tags N] [--seed N] [--once] [--pairs]
//
// Defaults: 20,000 tags, seed 7; `--once`: one damage per tag instead of two. Some refusals are right: a cut newsletter-2025-0 names no one.
'use strict';
const { join } = require('node:path');
const { optionNumber } = require('../lib/bench-options');

const dist = join(__dirname, '..', '..', 'core', 'dist');
const core = require(dist);
const { buildCampaignCatalog } = require(join(dist, 'resolution', 'campaignCatalog.js'));
const { matchTag } = require(join(dist, 'resolution', 'tagMatcher.js'));
const { TAG_MANGLES } = require(join(dist, 'simulate', 'mangle.js'));
const { Random } = require(join(dist, 'simulate', 'random.js'));

const tagCount = optionNumber('--tags', 20_000);
const once = process.argv.includes('--once');
const random = new Random(optionNumber('--seed', 7));
const dataset = core.readDataset(core.datasetFiles(join(__dirname, '..', '..', 'examples', 'demo')));
const catalog = buildCampaignCatalog(dataset.campaigns);
const noFields = { source: '', medium: '', content: '' };

const damages = [
  ...TAG_MANGLES.map((mangle) => ({ name: mangle.name, apply: (tag) => mangle.apply(tag, random) })),
  {
    name: 'words reordered',
    apply: (tag) => {
      const words = tag.split('-');
      for (let index = words.length - 1; index > 0; index--) {
        const swap = random.integer(0, index);
        [words[index], words[swap]] = [words[swap], words[index]];
      }
      return words.join('-');
    },
  },
  { name: 'two-word suffix', apply: (tag) => `${tag}-${random.pick(['ig-story', 'link-in-bio', 'yt-desc', 'tt-bio'])}` },
];

const tagged = dataset.campaigns.filter((campaign) => campaign.utm_campaign !== '');
const totals = { right: 0, wrong: 0, refused: 0 };
const byPair = new Map();
for (let draw = 0; draw < tagCount; draw++) {
  const campaign = tagged[random.integer(0, tagged.length - 1)];
  const first = damages[random.integer(0, damages.length - 1)];
  const second = once ? undefined : damages[random.integer(0, damages.length - 1)];
  const damaged = second ? second.apply(first.apply(campaign.utm_campaign)) : first.apply(campaign.utm_campaign);
  const result = matchTag(catalog, damaged, noFields);
  const outcome = result.campaignIndex < 0 ? 'refused' : dataset.campaigns[result.campaignIndex] === campaign ? 'right' : 'wrong';
  totals[outcome]++;
  const pair = second ? [first.name, second.name].sort().join(' + ') : first.name;
  const counts = byPair.get(pair) ?? { right: 0, wrong: 0, refused: 0 };
  counts[outcome]++;
  byPair.set(pair, counts);
}
const percent = (part, whole) => `${((100 * part) / whole).toFixed(2)}%`;
console.log(`${tagCount.toLocaleString('en-US')} tags of ${tagged.length} campaigns, each damaged ${once ? 'once' : 'twice'}: right ${percent(totals.right, tagCount)}, wrong ${percent(totals.wrong, tagCount)}, refused ${percent(totals.refused, tagCount)}`);
if (process.argv.includes('--pairs')) {
  for (const [pair, counts] of [...byPair].sort()) {
    const all = counts.right + counts.wrong + counts.refused;
    console.log(`  ${pair.padEnd(48)} right ${percent(counts.right, all).padStart(7)}  wrong ${percent(counts.wrong, all).padStart(6)}  (${all})`);
  }
}
// Tags of campaigns the catalog does not have.
const strangers = ['spring-sale-2025', 'black-friday-2025', 'webinar-q3-2025-recap', 'brand-awareness', 'summer-2025', 'spring-2025', 'acme-spring-2025', 'lisa-spring-2025', 'nina-summer-2025', 'ben-fall-2025', 'tom-winter-2025', 'q2-2025', 'g2-review-2025', 'devin-spring-2024'];
const taken = strangers.map((tag) => [tag, matchTag(catalog, tag, noFields)]).filter(([, result]) => result.campaignIndex >= 0);
console.log(`tags of campaigns not in the catalog matched: ${taken.length} of ${strangers.length}${taken.map(([tag, result]) => `; ${tag} → ${dataset.campaigns[result.campaignIndex].utm_campaign} (${result.how})`).join('')}`);
