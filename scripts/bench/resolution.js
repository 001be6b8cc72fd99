#!/usr/bin/env node
// Resolution benchmark: resolve 1,000,000 simulated touchpoints (URL and referrer parsing, tag,
// landing page, referrer and promo-code matching, and the EM inference of untagged first touches).
// Budget: ≤ 3 s and ≤ 1.5 GB. The data set is simulated in memory first (not timed);
// `--coming-back 0.3,0.1` simulates contacts coming back through creator campaigns.
// `--worlds [--seeds A-B] [--per-seed]`: instead, the accuracy on differently shaped simulated worlds (seeds 1-8 unless given, 5,000
// contacts each): the default world, fewer creators, slower responses, a bigger organic
// baseline, exponential instead of log-normal delays, all of these at once, and organic arrivals
// with a weekly pattern (weekends at 0.35 of a working day), most search queries not provided,
// organic traffic tripling over the year, campaigns exported without dates, more creators, a
// smaller organic baseline, one promo code per creator for all their campaigns, and contacts who
// come back later through creator campaigns (their own or others; with only others as the guard
// where returns say nothing); `--per-seed`
// prints one row per world and seed instead of the summary.
// `--limits [--seeds A-B] [--contacts N] [--world NAME]`: instead, per seed, the resolver against
// the Bayes limit and an information-limited oracle (see below), on the default world or one of
// the `--worlds` shapes by name.
// `--random-worlds [--seeds A-B] [--contacts N]`: instead, per seed a world whose every shape
// setting is drawn at random (creators, delay scale and law, organic level, weekly pattern and
// trend, hidden search queries, undated campaigns, one code per creator, contacts coming back):
// the mechanisms in combinations no named world
// has, the resolver against the Bayes limit on each (seeds 1-24, 5,000 contacts unless given).
'use strict';
const { optionNumber, optionRange, optionText } = require('../lib/bench-options');
const WORLDS = [
  ['default', {}],
  ['4-6 creators', { creators: [4, 6] }],
  ['delays x3', { delayScale: 3 }],
  ['organic x3', { organicScale: 3 }],
  ['exponential delays', { delayShape: 'exponential' }],
  ['5-7 creators, delays x2.5, organic x2.5, exponential', { creators: [5, 7], delayScale: 2.5, organicScale: 2.5, delayShape: 'exponential' }],
  ['organic weekends at 0.35 of a working day', { organicWeekdays: [0.35, 1, 1, 1, 1, 1, 0.35] }],
  ['90% of search queries not provided', { queryNotProvided: 0.9 }],
  ['organic traffic tripling over the year', { organicTrend: 3 }],
  ['campaigns exported without dates', { undatedCampaigns: true }],
  ['18-20 creators', { creators: [18, 20] }],
  ['organic x0.3', { organicScale: 0.3 }],
  ['one promo code per creator', { sharedCodes: true }],
  ['contacts coming back (30% through their own campaign, 10% through another)', { comingBack: { ownCampaign: 0.3, otherCampaign: 0.1 } }],
  ['contacts coming back only through other campaigns (30%)', { comingBack: { ownCampaign: 0, otherCampaign: 0.3 } }],
];
if (process.argv.includes('--limits')) {
  // Per seed (default world, 5,000 contacts unless --contacts N; seeds 1-24 unless --seeds A-B): the
  // resolver's ambiguous accuracy and calibration, the Bayes limit (true rates), and an
  // information-limited oracle that still knows the true baseline, response mixes and delay law but
  // sees post times only through each campaign's anchors (its tagged, link-in-bio and landing-page
  // touches, as the resolver does; uniform over the campaign's dates + 14 days when it has none) and
  // campaign sizes only through their evidenced responders ((carried + 1) / expected carried per
  // unit size). Bayes limit - oracle is what the data cannot tell; oracle - resolver is what
  // estimating the rates costs.
  const { simulateDataset } = require('../../core/dist/simulate/simulateDataset');
  const { inferredDelayDensity, organicTimeFactor } = require('../../core/dist/simulate/world');
  const { delayKindOf, organicRatesByKind, responseSharesByKind, returnLikelihood } = require('../../core/dist/simulate/bayesLimit');
  const { measureOnSimulation } = require('../../core/dist/scoring/simulatedAccuracy');
  const contacts = optionNumber('--contacts', 5000);
  const [firstSeed, lastSeed] = optionRange('--seeds', '1-24');
  const worldName = optionText('--world', 'default');
  const shape = WORLDS.find(([name]) => name === worldName)?.[1];
  if (!shape) throw new Error(`--world: one of ${WORLDS.map(([name]) => `"${name}"`).join(', ')}`);
  const DAY = 86_400_000;
  const calibrationError = (confidences, right) => {
    const bins = Array.from({ length: 10 }, () => ({ count: 0, confidence: 0, right: 0 }));
    confidences.forEach((confidence, index) => {
      const bin = bins[Math.min(9, Math.floor(confidence * 10))];
      bin.count++;
      bin.confidence += confidence;
      bin.right += right[index];
    });
    return bins.reduce((sum, bin) => sum + Math.abs(bin.confidence - bin.right), 0) / confidences.length;
  };
  process.stdout.write('| seed | contacts | ambiguous touches | resolver | Bayes limit | gap | oracle (anchors, evidenced sizes) | Bayes - oracle | oracle - resolver | ECE all | ECE ambiguous | ECE of the true posteriors (noise floor) | carried | organic left |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n');
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    const simulation = simulateDataset({ seed, contacts, shape });
    const { world, truth, tables } = simulation;
    const campaignIndex = new Map(world.campaigns.map((campaign, index) => [campaign.campaign_id, index]));
    const events = [];
    const carried = new Float64Array(world.campaigns.length);
    const anchors = world.campaigns.map(() => []);
    // Only a contact's first touch is a response; its later creator-campaign touches are returns
    // (world shape comingBack), which the oracle weighs as the Bayes limit does.
    const firstOfContact = new Map();
    tables.touchpoints.forEach((touch, index) => {
      const first = firstOfContact.get(touch.contact_id);
      if (first === undefined || touch.occurred_at < tables.touchpoints[first].occurred_at) firstOfContact.set(touch.contact_id, index);
    });
    const returnsOfContact = new Map();
    truth.forEach((row, index) => {
      const touch = tables.touchpoints[index];
      if (firstOfContact.get(touch.contact_id) === index || row.truthClass !== 'carried' || row.campaignId === '') return;
      const campaign = campaignIndex.get(row.campaignId);
      if (world.creatorOfCampaign[campaign] >= 0) returnsOfContact.set(touch.contact_id, [...(returnsOfContact.get(touch.contact_id) ?? []), campaign]);
    });
    const likelihoodOf = returnLikelihood(world);
    truth.forEach((row, index) => {
      const touch = tables.touchpoints[index];
      if (row.truthClass === 'ambiguous') {
        const event = { at: touch.occurred_at, kind: touch.referrer === '' ? 1 : touch.search_query ? 0 : 2, truthCampaign: row.campaignId === '' ? -1 : campaignIndex.get(row.campaignId), returns: returnsOfContact.get(touch.contact_id) ?? [] };
        events.push({ ...event, truth: event.truthCampaign, likelihood: likelihoodOf ? likelihoodOf(event) : () => 1 });
      } else if (firstOfContact.get(touch.contact_id) === index && row.truthClass === 'carried' && row.campaignId !== '') {
        const campaign = campaignIndex.get(row.campaignId);
        carried[campaign]++;
        if (touch.type !== 'form_submit') anchors[campaign].push(touch.occurred_at);
      }
    });
    const expectedCarried = new Float64Array(world.campaigns.length);
    // Kinds as in bayesLimit.ts: 0 branded search with its query, 1 direct visit, 2 search without its query.
    const inferredTotals = world.campaigns.map(() => [0, 0, 0]);
    for (const post of world.posts) {
      const shares = responseSharesByKind(world, world.creators[world.creatorOfCampaign[post.campaignIndex]].mix);
      // Responders who are not ambiguous carry their campaign (click, link-in-bio, landing page, promo code).
      expectedCarried[post.campaignIndex] += post.expectedResponders * (1 - shares[0] - shares[1] - shares[2]);
      shares.forEach((share, kind) => (inferredTotals[post.campaignIndex][kind] += post.expectedResponders * share));
    }
    const baseline = organicRatesByKind(world);
    const confidences = [];
    const right = [];
    for (const event of events) {
      let total = baseline[event.kind] * organicTimeFactor(world, event.at) * event.likelihood(-1);
      let best = total;
      let decision = -1;
      const intensities = [];
      world.campaigns.forEach((campaign, index) => {
        if (world.creatorOfCampaign[index] < 0 || expectedCarried[index] <= 0) return;
        const size = (inferredTotals[index][event.kind] * (carried[index] + 1)) / expectedCarried[index];
        let intensity = 0;
        if (anchors[index].length > 0) {
          for (const anchor of anchors[index]) if (event.at > anchor) intensity += inferredDelayDensity(world, delayKindOf(event.kind), (event.at - anchor) / DAY) / anchors[index].length;
          intensity *= size;
        } else {
          const from = campaign.start_at;
          const to = campaign.end_at + 14 * DAY;
          if (event.at >= from && event.at <= to) intensity = size / ((to - from) / DAY);
        }
        intensity *= event.likelihood(index);
        if (intensity > 0) {
          total += intensity;
          intensities.push([index, intensity]);
        }
      });
      for (const [index, intensity] of intensities) {
        if (intensity > best) {
          best = intensity;
          decision = index;
        }
      }
      confidences.push(best / total);
      right.push(decision === event.truth ? 1 : 0);
    }
    const oracle = right.reduce((sum, value) => sum + value, 0) / right.length;
    const measured = measureOnSimulation({ seed, contacts, shape });
    const points = (value) => (100 * value).toFixed(2);
    process.stdout.write(
      `| ${seed} | ${contacts} | ${measured.ambiguousTouches} | ${points(measured.ambiguous)}% | ${points(measured.bayesLimit)}% | ${measured.gapPoints.toFixed(2)} | ${points(oracle)}% (ECE ${calibrationError(confidences, right).toFixed(3)}) | ${points(measured.bayesLimit - oracle)} | ${points(oracle - measured.ambiguous)} | ${measured.calibrationError.toFixed(3)} | ${measured.ambiguousCalibrationError.toFixed(3)} | ${measured.bayesCalibrationError.toFixed(3)} | ${points(measured.carried)}% | ${points(measured.organicLeft)}% |\n`,
    );
  }
  process.exit(0);
}
if (process.argv.includes('--random-worlds')) {
  const { Random } = require('../../core/dist/simulate/random');
  const { measureOnSimulation } = require('../../core/dist/scoring/simulatedAccuracy');
  const contacts = optionNumber('--contacts', 5000);
  const [firstSeed, lastSeed] = optionRange('--seeds', '1-24');
  const rounded = (value) => Math.round(value * 100) / 100;
  process.stdout.write('| seed | shape | ambiguous touches | gap to Bayes | ECE ambiguous | ECE of the true posteriors | carried | organic left |\n|---|---|---|---|---|---|---|---|\n');
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    // The shape has its own stream, so the data set's seed stays the world's seed.
    const random = new Random(1_000_003 * seed);
    const fewest = 3 + Math.floor(random.uniform() * 14);
    const shape = {
      creators: [fewest, fewest + Math.floor(random.uniform() * 5)],
      delayScale: rounded(0.5 + 2.5 * random.uniform()),
      delayShape: random.uniform() < 0.5 ? 'exponential' : 'log-normal',
      organicScale: rounded(0.3 + 2.7 * random.uniform()),
      ...(random.uniform() < 0.5 ? { organicWeekdays: [0.4, 1, 1, 1, 1, 1, 0.4] } : {}),
      organicTrend: random.uniform() < 0.4 ? rounded(0.4 + 2.6 * random.uniform()) : 1,
      queryNotProvided: random.uniform() < 0.5 ? rounded(0.95 * random.uniform()) : 0,
      undatedCampaigns: random.uniform() < 0.2,
      // Drawn last, so the settings above are those of the earlier runs.
      sharedCodes: random.uniform() < 0.3,
      ...(random.uniform() < 0.5 ? { comingBack: { ownCampaign: rounded(0.5 * random.uniform()), otherCampaign: rounded(0.3 * random.uniform()) } } : {}),
    };
    const row = measureOnSimulation({ seed, contacts, shape });
    process.stdout.write(
      `| ${seed} | ${JSON.stringify(shape)} | ${row.ambiguousTouches} | ${row.gapPoints.toFixed(2)} | ${row.ambiguousCalibrationError.toFixed(3)} | ${row.bayesCalibrationError.toFixed(3)} | ${(100 * row.carried).toFixed(2)}% | ${(100 * row.organicLeft).toFixed(2)}% |\n`,
    );
  }
  process.exit(0);
}
if (process.argv.includes('--worlds')) {
  const { measureOnSimulation } = require('../../core/dist/scoring/simulatedAccuracy');
  const percent = (value) => `${(100 * value).toFixed(2)}%`;
  const [firstSeed, lastSeed] = optionRange('--seeds', '1-8');
  const seeds = Array.from({ length: lastSeed - firstSeed + 1 }, (_value, index) => firstSeed + index);
  if (process.argv.includes('--per-seed')) {
    // One row per world and seed: the figures the summary table takes its means and extremes from.
    process.stdout.write('| world | seed | touchpoints | ambiguous touches | gap to Bayes | ECE ambiguous | ECE of the true posteriors | ECE all | carried | organic left |\n|---|---|---|---|---|---|---|---|---|---|\n');
    for (const [name, shape] of WORLDS) {
      for (const seed of seeds) {
        const row = measureOnSimulation({ seed, contacts: 5000, shape });
        process.stdout.write(
          `| ${name} | ${seed} | ${row.touchpoints} | ${row.ambiguousTouches} | ${row.gapPoints.toFixed(2)} | ${row.ambiguousCalibrationError.toFixed(4)} | ${row.bayesCalibrationError.toFixed(4)} | ${row.calibrationError.toFixed(3)} | ${percent(row.carried)} | ${percent(row.organicLeft)} |\n`,
        );
      }
    }
    process.exit(0);
  }
  process.stdout.write(
    `| world | touchpoints (seeds ${firstSeed}-${lastSeed}) | carried (min) | ambiguous gap to Bayes, mean (max) | organic left (min) | ECE all (max) | ECE ambiguous (max) | seeds with ECE ambiguous > 0.05 | true posteriors' ECE: mean (max; seeds > 0.05) |\n|---|---|---|---|---|---|---|---|---|\n`,
  );
  // The true posteriors are calibrated by construction: their ECE is the metric's own noise on
  // data sets of this size, the floor under the resolver's.
  const bayesCalibration = (rows) => {
    const errors = rows.map((row) => row.bayesCalibrationError);
    const over = rows.filter((row) => row.bayesCalibrationError > 0.05).map((row) => `${row.seed} (${row.bayesCalibrationError.toFixed(3)})`);
    return `${(errors.reduce((sum, value) => sum + value, 0) / errors.length).toFixed(3)} (${Math.max(...errors).toFixed(3)}; ${over.join(', ') || 'none'})`;
  };
  for (const [name, shape] of WORLDS) {
    const rows = seeds.map((seed) => measureOnSimulation({ seed, contacts: 5000, shape }));
    const pick = (field) => rows.map((row) => row[field]);
    const gaps = pick('gapPoints');
    process.stdout.write(
      `| ${name} | ${pick('touchpoints').reduce((sum, value) => sum + value, 0).toLocaleString('en-US')} | ${percent(Math.min(...pick('carried')))} | ${(gaps.reduce((sum, value) => sum + value, 0) / gaps.length).toFixed(2)} (${Math.max(...gaps).toFixed(2)}) | ${percent(Math.min(...pick('organicLeft')))} | ${Math.max(...pick('calibrationError')).toFixed(3)} | ${Math.max(...pick('ambiguousCalibrationError')).toFixed(3)} | ${
        rows
          .filter((row) => row.ambiguousCalibrationError > 0.05)
          .map((row) => `${row.seed} (${row.ambiguousCalibrationError.toFixed(3)})`)
          .join(', ') || 'none'
      } | ${bayesCalibration(rows)} |\n`,
    );
  }
  process.exit(0);
}
const { simulateDataset } = require('../../core/dist/simulate/simulateDataset');
const { createDataset } = require('../../core/dist/dataset/dataset');
const { resolveDataset } = require('../../core/dist/resolution/touchpointResolver');

const { hostSpeedLine } = require('../lib/host-speed');
process.stdout.write(`${hostSpeedLine('before')}\n`);
const targetTouchpoints = Number(process.env.BENCH_TOUCHPOINTS ?? 1_000_000);
const touchpointsPerContact = 2.53;
const simulationStart = process.hrtime.bigint();
// `--coming-back OWN,OTHER`: the same world with contacts coming back through creator campaigns
// (the returns' evidence then runs in full; without it nobody comes back and that step returns early).
const comingBackOption = optionText('--coming-back', '');
const comingBack = comingBackOption === '' ? undefined : (([ownCampaign, otherCampaign]) => ({ ownCampaign, otherCampaign }))(comingBackOption.split(',').map(Number));
const simulation = simulateDataset({ seed: 7, contacts: Math.round(targetTouchpoints / touchpointsPerContact), shape: comingBack ? { comingBack } : {} });
const dataset = createDataset(simulation.tables);
const simulatedSeconds = Number(process.hrtime.bigint() - simulationStart) / 1e9;
const distinctUrls = new Set(dataset.touchpointTable.text.url.codes).size;
process.stdout.write(
  `input: ${dataset.touchpointTable.count} touchpoints (${distinctUrls} distinct URLs), ${dataset.contacts.length} contacts, ${dataset.campaigns.length} campaigns (simulated in ${simulatedSeconds.toFixed(1)} s, not timed)\n`,
);

// Wall time depends on what else runs on the machine; CPU time (user + system of this process,
// GC threads included) is the steadier figure on a shared machine.
const rounds = [];
const cpuRounds = [];
let report;
for (let round = 0; round < 3; round++) {
  // Each round from a collected heap, as a fresh process would start (with --expose-gc, which
  // `npm run bench` passes): otherwise the previous round's garbage is collected inside this one.
  global.gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = resolveDataset(dataset);
  rounds.push(Number(process.hrtime.bigint() - start) / 1e9);
  const cpu = process.cpuUsage(cpuBefore);
  cpuRounds.push((cpu.user + cpu.system) / 1e6);
  report = result.report;
}
const best = Math.min(...rounds);
process.stdout.write(
  `resolve: best ${best.toFixed(3)} s wall, runs ${rounds.map((seconds) => seconds.toFixed(3)).join(' / ')} s; CPU ${cpuRounds.map((seconds) => seconds.toFixed(3)).join(' / ')} s (budget 3 s)\n`,
);
process.stdout.write(
  `matches: ${Object.entries(report.byMatch)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ')}; inferred candidates ${report.inferred.candidates}, EM iterations ${report.inferred.iterations}\n`,
);
process.stdout.write(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (budget 1536 MB; includes the simulated input)\n`);
process.stdout.write(`${hostSpeedLine('after')}\n`);
