import { createRandom, normal, poisson } from '../../../simulation/random';
import { shareAccuracy } from '../../../simulation/shareAccuracy';
import { byName, pathTable, type PathRow } from '../../data-driven/__tests__/pathFixtures';
import { incrementalAttribution } from '..';
import { chooseModel, crossValidationFolds } from '../crossValidation';
import { exposurePatterns } from '../exposurePatterns';
import { formCandidates } from '../formCandidates';
import { otherShapeCredits } from '../otherShapeCredits';
import { HAZARD_SPREADS, latentPropensity } from '../latentPropensity';
import { propensityLoadings } from '../propensityLoadings';

const overdispersionLoadings = (patterns: ReturnType<typeof exposurePatterns>): Float64Array => propensityLoadings(patterns).loadings;

/**
 * Buyers with a hidden propensity z ~ N(0, 1): touches of each state ~ Poisson(rate · e^(σ z − σ²/2))
 * (σ = targeting), baseline hazard e^(−3.2 + 0.6 z), each touch of a state adds its hazard.
 */
function targetedJourneys(states: Record<string, { rate: number; targeting: number; hazard: number }>, journeys: number, seed: number, activitySpread = 0): PathRow[] {
  const random = createRandom(seed);
  const names = Object.keys(states);
  const rows: PathRow[] = [];
  while (rows.length < journeys) {
    const z = normal(random);
    const path: string[] = [];
    let hazard = Math.exp(-3.2 + 0.6 * z);
    // General activity u: every state's rate × e^(a u − a²/2), u independent of z.
    const activity = activitySpread > 0 ? Math.exp(activitySpread * normal(random) - (activitySpread * activitySpread) / 2) : 1;
    for (const name of names) {
      const { rate, targeting, hazard: perTouch } = states[name];
      const touches = poisson(random, activity * rate * Math.exp(targeting * z - (targeting * targeting) / 2));
      for (let touch = 0; touch < touches; touch++) path.push(name);
      if (touches > 0) hazard += perTouch * Math.sqrt(touches);
    }
    if (path.length === 0) continue;
    const converted = random() < 1 - Math.exp(-hazard) ? 1 : 0;
    rows.push([path.join(' > '), converted, converted * 100, 1 - converted]);
  }
  return rows;
}

/**
 * Buyers in two segments: a quarter are hot leads (baseline log-odds −1.5 against −4.5) who get
 * three times the email (the cold 0.6 times); each touch adds to the log-odds, saturating
 * (β (1 − 0.6ⁿ) / 0.4). Returns the journeys and each state's true incremental conversions
 * (Shapley over the buyer's states of the conversion probability, as core/src/simulation does).
 */
function segmentJourneys(journeys: number, seed: number): { rows: PathRow[]; truth: Record<string, number> } {
  const random = createRandom(seed);
  const states: Record<string, { rate: number; effect: number }> = {
    search: { rate: 0.8, effect: 0.35 },
    social: { rate: 1, effect: 0.2 },
    email: { rate: 1.2, effect: 0.25 },
    display: { rate: 1.5, effect: 0.05 },
    creator: { rate: 0.4, effect: 0.8 },
    webinar: { rate: 0.2, effect: 0.6 },
  };
  const names = Object.keys(states);
  const truth: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const rows: PathRow[] = [];
  const logistic = (value: number): number => 1 / (1 + Math.exp(-value));
  while (rows.length < journeys) {
    const hot = random() < 0.25;
    const base = hot ? -1.5 : -4.5;
    const counts = names.map((name) => poisson(random, states[name].rate * (name === 'email' ? (hot ? 3 : 0.6) : 1)));
    const present = names.map((_name, index) => index).filter((index) => counts[index] > 0);
    if (present.length === 0) continue;
    const size = 1 << present.length;
    const gain = Float64Array.from({ length: size }, (_, mask) =>
      logistic(present.reduce((logOdds, state, player) => (mask & (1 << player) ? logOdds + (states[names[state]].effect * (1 - 0.6 ** counts[state])) / 0.4 : logOdds), base)),
    );
    // Shapley: each coalition without the player, weighted |S|! (n − |S| − 1)! / n!.
    const weight = (members: number): number => {
      let value = 1 / present.length;
      for (let index = 0; index < members; index++) value *= (index + 1) / (present.length - 1 - index);
      return value;
    };
    present.forEach((state, player) => {
      for (let mask = 0; mask < size; mask++) {
        if (mask & (1 << player)) continue;
        let members = 0;
        for (let bits = mask; bits; bits &= bits - 1) members++;
        truth[names[state]] += weight(members) * (gain[mask | (1 << player)] - gain[mask]);
      }
    });
    const converted = random() < gain[size - 1] ? 1 : 0;
    const path = names.flatMap((name, index) => Array.from({ length: counts[index] }, () => name));
    rows.push([path.join(' > '), converted, converted * 100, 1 - converted]);
  }
  return { rows, truth };
}

describe('latent propensity from over-dispersed touch counts', () => {
  it('finds no loading when every count is Poisson, and then adds no covariate', () => {
    const table = pathTable(targetedJourneys({ a: { rate: 1, targeting: 0, hazard: 0.02 }, b: { rate: 0.5, targeting: 0, hazard: 0.04 } }, 20000, 5));
    const patterns = exposurePatterns(table);
    expect(Array.from(overdispersionLoadings(patterns))).toEqual([0, 0]);
    expect(latentPropensity(patterns)).toBeUndefined();
  });

  it('reads over-dispersion that every state shares as activity, not propensity', () => {
    // Every count is over-dispersed (activity spread 0.8: a² = 0.64), nobody is targeted.
    const table = pathTable(
      targetedJourneys({ a: { rate: 1.2, targeting: 0, hazard: 0.02 }, b: { rate: 0.9, targeting: 0, hazard: 0.04 }, c: { rate: 0.6, targeting: 0, hazard: 0.01 } }, 40000, 13, 0.8),
    );
    const patterns = exposurePatterns(table);
    const { loadings, activityVariance } = propensityLoadings(patterns);
    expect(Array.from(loadings)).toEqual([0, 0, 0]);
    // Leaving out untouched buyers (about one in eight here: every K shifts by ln P(touched)) and
    // the counts' capping within patterns pull a² low.
    expect(activityVariance).toBeGreaterThan(0.35);
    expect(activityVariance).toBeLessThan(0.75);
    expect(latentPropensity(patterns)).toBeUndefined();
    // So no state loses its credit to the propensity term: each gets a clear share.
    const credits = byName(table.stateNames, incrementalAttribution(table, { bootstrapSamples: 0, seed: 1 }).conversions);
    const total = credits.a + credits.b + credits.c;
    expect(credits.a / total).toBeGreaterThan(0.15);
    expect(credits.b / total).toBeGreaterThan(0.3);
    expect(credits.c / total).toBeGreaterThan(0.03);
  });

  it('reads a preferred state (people who favour one state get fewer of the others) as no targeting', () => {
    // 1-9 touches each, 70% of them in the buyer's favourite state: every count is over-dispersed,
    // but the states co-vary LESS than independent ones, not through one shared propensity.
    const random = createRandom(23);
    const names = ['a', 'b', 'c', 'd'];
    const rows: PathRow[] = [];
    for (let journey = 0; journey < 30000; journey++) {
      const favourite = names[Math.floor(random() * names.length)];
      const touches = 1 + Math.floor(random() * 9);
      const path = Array.from({ length: touches }, () => (random() < 0.7 ? favourite : names[Math.floor(random() * names.length)]));
      const converted = random() < 0.05 ? 1 : 0;
      rows.push([path.join(' > '), converted, converted * 100, 1 - converted]);
    }
    expect(Array.from(propensityLoadings(exposurePatterns(pathTable(rows))).loadings)).toEqual([0, 0, 0, 0]);
  });

  it('separates a targeted state from activity that lifts every state', () => {
    const table = pathTable(
      targetedJourneys({ a: { rate: 2, targeting: 0, hazard: 0.02 }, b: { rate: 1, targeting: 0, hazard: 0.02 }, hot: { rate: 1, targeting: 0.6, hazard: 0 } }, 50000, 17, 0.6),
    );
    const loadings = byName(table.stateNames, propensityLoadings(exposurePatterns(table)).loadings);
    expect(loadings.a).toBe(0);
    expect(loadings.b).toBe(0);
    // K_hot,hot − a² = σ² = 0.36.
    expect(loadings.hot).toBeGreaterThan(0.5);
    expect(loadings.hot).toBeLessThan(0.7);
  });

  it('recovers a targeted state’s loading from its excess variance, and the posterior rises with its count', () => {
    // `a` touches nearly everyone, so leaving out untouched buyers hardly changes the hot counts.
    const table = pathTable(targetedJourneys({ a: { rate: 3, targeting: 0, hazard: 0.02 }, hot: { rate: 1, targeting: 0.6, hazard: 0 } }, 50000, 7));
    const patterns = exposurePatterns(table);
    const loadings = byName(table.stateNames, overdispersionLoadings(patterns));
    expect(loadings.a).toBe(0);
    // Var n = m + m²(e^(σ²) − 1): σ = 0.6 within sampling error.
    expect(loadings.hot).toBeGreaterThan(0.5);
    expect(loadings.hot).toBeLessThan(0.7);
    const propensity = latentPropensity(patterns)!;
    // E[z | counts] depends on the hot count only, increases with it, and starts at 0.
    const byHotCount = new Map<number, number>();
    const hot = table.stateNames.indexOf('hot');
    const hotCount = (pattern: number): number => {
      for (let slot = patterns.stateOffsets[pattern]; slot < patterns.stateOffsets[pattern + 1]; slot++) if (patterns.states[slot] === hot) return Math.round(Math.exp(patterns.extraTouchFeature[slot]));
      return 0;
    };
    for (let pattern = 0; pattern < patterns.patternCount; pattern++) {
      const count = hotCount(pattern);
      const value = propensity.covariate[pattern];
      if (byHotCount.has(count)) expect(value).toBeCloseTo(byHotCount.get(count)!, 5);
      byHotCount.set(count, value);
    }
    expect(byHotCount.get(0)).toBe(0);
    // Every hazard scale E[e^(σ z) | n] rises with the count too, and matches the posterior computed
    // here by brute force: without activity, p(z | n) ∝ φ(z) · Poisson(n_hot; λ e^(t z)), λ = m e^(−t²/2)
    // (the untargeted state's count does not depend on z).
    const { means } = propensityLoadings(patterns);
    const loading = propensity.loadings[hot];
    const rate = means[hot] * Math.exp(-(loading * loading) / 2);
    const bruteForce = (count: number, spread: number): number => {
      let weight = 0;
      let moment = 0;
      for (let point = 0; point <= 4000; point++) {
        const z = -8 + (16 * point) / 4000;
        const density = Math.exp(-(z * z) / 2 + count * loading * z - rate * Math.exp(loading * z));
        weight += density;
        moment += density * Math.exp(spread * z);
      }
      return moment / weight;
    };
    HAZARD_SPREADS.forEach((spread, index) => {
      const byCount = new Map<number, number>();
      for (let pattern = 0; pattern < patterns.patternCount; pattern++) byCount.set(hotCount(pattern), propensity.hazardScales[index][pattern]);
      const rising = [...byCount.entries()].sort((left, right) => left[0] - right[0]);
      for (const [count, value] of rising) expect(value / bruteForce(count, spread)).toBeCloseTo(1, 3);
      for (let position = 1; position < rising.length; position++) expect(rising[position][1]).toBeGreaterThan(rising[position - 1][1]);
    });
    // Another grid of spreads (scripts/bench/incremental-spreads.js): the same posterior, its scales at those σ.
    const otherSpreads = [0.125, 0.625];
    const onOtherGrid = latentPropensity(patterns, otherSpreads)!;
    expect(Array.from(onOtherGrid.covariate)).toEqual(Array.from(propensity.covariate));
    expect(onOtherGrid.hazardScales).toHaveLength(otherSpreads.length);
    otherSpreads.forEach((spread, index) => {
      for (let pattern = 0; pattern < patterns.patternCount; pattern++) expect(onOtherGrid.hazardScales[index][pattern] / bruteForce(hotCount(pattern), spread)).toBeCloseTo(1, 3);
    });
    const ordered = [...byHotCount.entries()].sort((left, right) => left[0] - right[0]).map(([, value]) => value);
    for (let index = 1; index < ordered.length; index++) expect(ordered[index]).toBeGreaterThan(ordered[index - 1]);
  });

  it('widens the intervals to take in the other baseline shape\'s credits when targeting is found, and only then', () => {
    const states = {
      search: { rate: 1.2, targeting: 0, hazard: 0.02 },
      creator: { rate: 0.4, targeting: 0, hazard: 0.05 },
      email: { rate: 1, targeting: 0.6, hazard: 0.01 },
    };
    const targeted = pathTable(targetedJourneys(states, 40000, 5));
    const withIntervals = incrementalAttribution(targeted, { bootstrapSamples: 40, seed: 1 });
    expect(withIntervals.intervalsSpanShapes).toBe(true);
    // Same point credits as without intervals; each interval holds its credit.
    const plain = incrementalAttribution(targeted, { bootstrapSamples: 0, seed: 1 });
    targeted.stateNames.forEach((_name, state) => {
      expect(withIntervals.conversions[state]).toBeCloseTo(plain.conversions[state], 9);
      expect(withIntervals.conversionsLow![state]).toBeLessThanOrEqual(withIntervals.conversions[state] + 1e-9);
      expect(withIntervals.conversionsHigh![state]).toBeGreaterThanOrEqual(withIntervals.conversions[state] - 1e-9);
    });
    // The other shape's credits, recomputed from the same selection, lie inside every interval.
    const patterns = exposurePatterns(targeted);
    const selection = chooseModel(patterns, formCandidates(patterns), crossValidationFolds(patterns, 1));
    expect(selection.others.length).toBeGreaterThan(0);
    expect(selection.others.some((form) => form.link.name !== selection.link.name)).toBe(true);
    const total = withIntervals.conversions.reduce((sum, value) => sum + value, 0);
    for (const credits of otherShapeCredits(patterns, selection.others, total, 1)) {
      targeted.stateNames.forEach((_name, state) => {
        expect(credits[state]).toBeGreaterThanOrEqual(withIntervals.conversionsLow![state] - 1e-9);
        expect(credits[state]).toBeLessThanOrEqual(withIntervals.conversionsHigh![state] + 1e-9);
      });
    }
    const untargeted = pathTable(targetedJourneys({ ...states, email: { ...states.email, targeting: 0 } }, 40000, 5));
    expect(incrementalAttribution(untargeted, { bootstrapSamples: 40, seed: 1 }).intervalsSpanShapes).toBe(false);
  });

  it('reads buyers in segments from the counts, and takes that shape when it predicts conversions clearly better', () => {
    const { rows, truth } = segmentJourneys(60000, 3);
    const table = pathTable(rows);
    const patterns = exposurePatterns(table);
    const normal = latentPropensity(patterns)!;
    const estimated = latentPropensity(patterns, HAZARD_SPREADS, 'estimated')!;
    expect(estimated.loadings).toEqual(normal.loadings);
    // Two segments: what a count says about the buyer levels off once the buyer is surely hot
    // (E[z | n] under the estimated distribution rises less from 6 to 8 emails than from 1 to 3),
    // where a bell curve keeps rising.
    const email = table.stateNames.indexOf('email');
    const emailsOf = (pattern: number): number => {
      let count = 0;
      for (let slot = patterns.stateOffsets[pattern]; slot < patterns.stateOffsets[pattern + 1]; slot++) if (patterns.states[slot] === email) count = Math.round(Math.exp(patterns.extraTouchFeature[slot]));
      return patterns.stateOffsets[pattern + 1] - patterns.stateOffsets[pattern] === 1 ? count : -1;
    };
    const alone = (latent: typeof normal, emails: number): number => {
      for (let pattern = 0; pattern < patterns.patternCount; pattern++) if (emailsOf(pattern) === emails) return latent.covariate[pattern];
      throw new Error(`no pattern with ${emails} emails alone`);
    };
    const rise = (latent: typeof normal, from: number, to: number): number => alone(latent, to) - alone(latent, from);
    expect(rise(estimated, 6, 8) / rise(estimated, 1, 3)).toBeLessThan(0.5 * (rise(normal, 6, 8) / rise(normal, 1, 3)));
    // Cross-validation takes the estimated shape (the forms after the normal ones).
    const candidates = formCandidates(patterns);
    expect(candidates.additive.length).toBe(2 * candidates.normalForms);
    const selection = chooseModel(patterns, candidates, crossValidationFolds(patterns, 1));
    expect(selection.key.candidate).toBeGreaterThanOrEqual(candidates.normalForms);
    // And the credit follows the truth more closely than under the normal shape alone.
    const credits = incrementalAttribution(table, { bootstrapSamples: 0, seed: 1 }).conversions;
    expect(shareAccuracy(credits, table.stateNames.map((name) => truth[name]))).toBeGreaterThan(0.88);
  });

  it('keeps the normal shape where buyers do lie along a bell curve', () => {
    const table = pathTable(targetedJourneys({ search: { rate: 1.2, targeting: 0, hazard: 0.02 }, creator: { rate: 0.4, targeting: 0, hazard: 0.05 }, email: { rate: 1, targeting: 0.6, hazard: 0.01 } }, 40000, 5));
    const patterns = exposurePatterns(table);
    const candidates = formCandidates(patterns);
    expect(candidates.normalForms).toBe(2);
    const selection = chooseModel(patterns, candidates, crossValidationFolds(patterns, 1));
    expect(selection.key.candidate).toBeLessThan(candidates.normalForms);
  });

  it('does not credit a state that only reaches buyers who would convert anyway', () => {
    const table = pathTable(
      targetedJourneys(
        {
          search: { rate: 1.2, targeting: 0, hazard: 0.02 },
          creator: { rate: 0.4, targeting: 0, hazard: 0.05 },
          retargeting: { rate: 1, targeting: 0.6, hazard: 0 },
        },
        60000,
        11,
      ),
    );
    const result = incrementalAttribution(table, { bootstrapSamples: 0, seed: 1 });
    const credits = byName(table.stateNames, result.conversions);
    const total = credits.search + credits.creator + credits.retargeting;
    // True share of retargeting: 0. Without the propensity covariate the model gives it about a
    // quarter of the credit (26% here: its touches go to buyers with a higher baseline).
    expect(credits.retargeting / total).toBeLessThan(0.1);
    expect(credits.creator).toBeGreaterThan(0);
    expect(credits.search).toBeGreaterThan(0);
  });
});
