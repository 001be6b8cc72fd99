#!/usr/bin/env node
// How the incremental model's noisy-or baseline spread σ is chosen, and what the choice costs, per
// seed: for each baseline form (no propensity; logistic on E[z | counts]; noisy-or with a no-touch
// hazard ∝ E[e^(σ z) | counts] for each σ of a grid), the in-sample log-likelihood at the form
// selection strength (what baselineForms.ts compares σ by, shown against the best form's) and the
// share accuracy of that form fitted as the model fits it (ridge strength by cross-validation with
// the one-standard-error rule). Then, per scenario, the accuracy of: the σ a likelihood argmax
// picks; credits averaged over σ weighted by likelihood (Bayesian model averaging); credits averaged
// over the propensity forms weighted by their cross-validated likelihood; the best form per seed. The model's own choice adds pair terms and compares
// forms by cross-validation (`npm run bench:accuracy` measures that).
//
//   node scripts/bench/incremental-spreads.js [--scenarios a,b] [--seeds A-B] [--journeys N] [--spreads 0.25,0.5,...] [--probes]
//
// Defaults: the targeting scenarios, seeds 1-20, 100,000 journeys, σ from 0.125 to 1.5 by 0.125.
'use strict';
const { optionNumber, optionRange, optionText } = require('../lib/bench-options');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'core', 'dist');
const { SCENARIOS } = require(join(dist, 'simulation', 'scenarios.js'));
const { PROBE_SCENARIOS } = require(join(dist, 'simulation', 'probeScenarios.js'));
const { simulateJourneys } = require(join(dist, 'simulation', 'simulateJourneys.js'));
const { shareAccuracy } = require(join(dist, 'simulation', 'shareAccuracy.js'));
const { exposurePatterns } = require(join(dist, 'models', 'incremental', 'exposurePatterns.js'));
const { latentPropensity } = require(join(dist, 'models', 'incremental', 'latentPropensity.js'));
const { patternFeatures } = require(join(dist, 'models', 'incremental', 'patternFeatures.js'));
const { targetedFormCurves } = require(join(dist, 'models', 'incremental', 'baselineForms.js'));
const { lazyDesignColumns, heldOutLogLikelihood } = require(join(dist, 'models', 'incremental', 'logisticFit.js'));
const { LOGISTIC_LINK, NOISY_OR_LINK } = require(join(dist, 'models', 'incremental', 'conversionLinks.js'));
const { choosePenalty, crossValidationFolds } = require(join(dist, 'models', 'incremental', 'crossValidation.js'));
const { CounterfactualSplit } = require(join(dist, 'models', 'incremental', 'counterfactualShapley.js'));
const { patternShares, sharesByState } = require(join(dist, 'models', 'incremental', 'linearisedSplit.js'));

/** The strength baselineForms.ts compares spreads at (SPREAD_SELECTION_PENALTY). */
const SELECTION_STRENGTH = 0.001;

const pool = process.argv.includes('--probes') ? PROBE_SCENARIOS : SCENARIOS;
const scenarioNames = optionText('--scenarios', 'targeting-bias,targeting-strong-channel,targeting-linear-touches,activity-and-targeting').split(',');
const [firstSeed, lastSeed] = optionRange('--seeds', '1-20');
const journeys = optionNumber('--journeys', 100_000);
const spreads = optionText('--spreads', '0.125,0.25,0.375,0.5,0.625,0.75,0.875,1,1.125,1.25,1.375,1.5').split(',').map(Number);

/** The forms as baselineForms.ts builds them (the targeted states' count curves included), one per σ of `spreads`. */
function formsOf(patterns, latent) {
  const form = (label, link, propensity, baselineScale, curves) => {
    const features = patternFeatures(patterns, false, propensity, baselineScale, curves);
    return { label, link, features, design: lazyDesignColumns(features), key: { candidate: 0, pairs: null } };
  };
  const forms = [form('no propensity', NOISY_OR_LINK, [])];
  if (!latent) return forms;
  const logisticCurves = targetedFormCurves(patterns, LOGISTIC_LINK, [latent.covariate], undefined, latent.loadings);
  forms.push(form('logistic E[z]', LOGISTIC_LINK, [latent.covariate], undefined, logisticCurves));
  const noisyCurves = targetedFormCurves(patterns, NOISY_OR_LINK, [], latent.hazardScales[0], latent.loadings);
  latent.hazardScales.forEach((scale, index) => forms.push(form(`σ ${spreads[index]}`, NOISY_OR_LINK, [], scale, noisyCurves)));
  return forms;
}

function scoreForm(patterns, folds, form, truth, seed) {
  const selection = choosePenalty(patterns, form, folds, [SELECTION_STRENGTH]);
  const logLikelihood = heldOutLogLikelihood(form.features, form.link, selection.coefficients, patterns.conversions, patterns.journeys);
  const chosen = choosePenalty(patterns, form, folds);
  const splitter = new CounterfactualSplit(patterns, form.features, form.link, seed);
  const incremental = sharesByState(patterns, patternShares(patterns, splitter, chosen.coefficients), patterns.journeys);
  return { label: form.label, logLikelihood, heldOut: selection.score, incremental, accuracy: shareAccuracy(incremental.map((value) => Math.max(0, value)), truth) };
}

/** Each state's incremental conversions averaged over forms with weights e^(score − best score) (Bayesian model averaging when the score is a log-likelihood). */
function averagedAccuracy(forms, score, truth) {
  const top = Math.max(...forms.map(score));
  const weights = forms.map((form) => Math.exp(score(form) - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const averaged = forms[0].incremental.map((_, state) => forms.reduce((sum, form, index) => sum + (weights[index] / total) * form.incremental[state], 0));
  return shareAccuracy(averaged.map((value) => Math.max(0, value)), truth);
}

for (const name of scenarioNames) {
  const scenario = pool.find((candidate) => candidate.name === name);
  if (!scenario) {
    console.error(`--scenarios: no scenario named "${name}"; the names are ${pool.map((candidate) => candidate.name).join(', ')} (--probes: the probe scenarios)`);
    process.exit(2);
  }
  console.log(`\n${name}: ${journeys.toLocaleString('en-US')} journeys, seeds ${firstSeed}-${lastSeed}; per form: log-likelihood − the best form's at strength ${SELECTION_STRENGTH} : share accuracy`);
  const picked = [];
  const best = [];
  const averagedBySpread = [];
  const averagedByHeldOut = [];
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    const simulation = simulateJourneys(scenario, journeys, seed);
    const patterns = exposurePatterns(simulation.table);
    const folds = crossValidationFolds(patterns, seed);
    const latent = latentPropensity(patterns, spreads);
    const scored = formsOf(patterns, latent).map((form) => scoreForm(patterns, folds, form, simulation.truth, seed));
    const top = Math.max(...scored.map((form) => form.logLikelihood));
    console.log(`seed ${String(seed).padStart(2)} ${scored.map((form) => `${form.label}: ${(form.logLikelihood - top).toFixed(1)} : ${form.accuracy.toFixed(3)}`).join(' | ')}`);
    const spreadForms = scored.filter((form) => form.label.startsWith('σ'));
    if (spreadForms.length === 0) continue;
    const argmax = spreadForms.reduce((left, right) => (right.logLikelihood > left.logLikelihood ? right : left));
    picked.push(argmax.accuracy);
    best.push(Math.max(...scored.map((form) => form.accuracy)));
    averagedBySpread.push(averagedAccuracy(spreadForms, (form) => form.logLikelihood, simulation.truth));
    averagedByHeldOut.push(averagedAccuracy(scored.slice(1), (form) => form.heldOut, simulation.truth));
  }
  const summary = (values) => (values.length ? `${(values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(3)} / ${Math.min(...values).toFixed(3)}` : 'no propensity found');
  console.log(`${name} (mean / worst): σ by likelihood argmax ${summary(picked)}; credits averaged over σ by likelihood ${summary(averagedBySpread)};`);
  console.log(`  averaged over the propensity forms by held-out likelihood ${summary(averagedByHeldOut)}; the best form per seed ${summary(best)}`);
}
