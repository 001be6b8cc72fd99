import { createDataset } from '../../dataset/dataset';
import { simulateDataset } from '../../simulate/simulateDataset';
import { scoreResolution } from '../../scoring/scoreResolution';
import * as contactReturns from '../contactReturns';
import { resolveDataset } from '../touchpointResolver';

/** Resolves a simulated world and scores its ambiguous touches; `off` leaves the returns out. */
function resolveWorld(comingBack: { ownCampaign: number; otherCampaign: number } | undefined, off = false) {
  const simulation = simulateDataset({ seed: 3, contacts: 5000, shape: comingBack ? { comingBack } : {} });
  const dataset = createDataset(simulation.tables);
  const spy = off
    ? jest.spyOn(contactReturns, 'adjustForReturns').mockImplementation((_dataset, _resolutions, events, inference) => ({
        campaignOfEvent: inference.campaignOfEvent,
        posteriorOfEvent: inference.posteriorOfEvent,
        organicPosteriorOfEvent: inference.organicPosteriorOfEvent,
        returnTouchOfEvent: new Int32Array(events.length).fill(-1),
        eventsWithReturns: 0,
        ownReturnShareByGroup: new Float64Array(0),
      }))
    : null;
  const { resolutions, report } = resolveDataset(dataset);
  spy?.mockRestore();
  const score = scoreResolution(
    simulation.truth,
    resolutions.map((resolution, index) => ({ touchpointId: dataset.touchpointTable.ids.get(index), campaignId: resolution.campaignId ?? '', match: resolution.match, confidence: resolution.confidence })),
  );
  return { simulation, dataset, resolutions, report, ambiguous: score.byClass.ambiguous!.accuracy, calibration: score.byClass.ambiguous!.calibrationError };
}

describe('contacts who come back through a creator campaign', () => {
  it('moves untagged first touches to the campaign the contact came back through, near the Bayes limit', () => {
    const world = { ownCampaign: 0.3, otherCampaign: 0.1 };
    const withReturns = resolveWorld(world);
    const without = resolveWorld(world, true);
    // The Bayes limit knows the returns: without them the resolver is points below it.
    expect(withReturns.simulation.bayes.accuracy - without.ambiguous).toBeGreaterThan(0.03);
    expect(withReturns.simulation.bayes.accuracy - withReturns.ambiguous).toBeLessThan(0.02);
    expect(withReturns.calibration).toBeLessThan(0.05);
    expect(withReturns.report.inferred.cameBackThroughACandidate).toBeGreaterThan(50);
    // The explanation names the return, and the return is to the campaign chosen.
    const explained = withReturns.resolutions.map((resolution, index) => ({ resolution, index })).filter(({ resolution }) => /came back through it \d+ days later \((promo code \S+|tagged link)\)/.test(resolution.explanation));
    expect(explained.length).toBeGreaterThan(20);
    // A return by promo code names the code as typed.
    expect(explained.some(({ resolution }) => /\(promo code \S+\) \(P=/.test(resolution.explanation))).toBe(true);
    const truth = new Map(withReturns.simulation.truth.map((row) => [row.touchpointId, row.campaignId]));
    const right = explained.filter(({ resolution, index }) => truth.get(withReturns.dataset.touchpointTable.ids.get(index)) === resolution.campaignId).length;
    expect(right / explained.length).toBeGreaterThan(0.8);
  });

  it('changes little where people come back only through other campaigns (returns that say nothing)', () => {
    const world = { ownCampaign: 0, otherCampaign: 0.3 };
    const withReturns = resolveWorld(world);
    const without = resolveWorld(world, true);
    let changed = 0;
    withReturns.resolutions.forEach((resolution, index) => {
      if (resolution.campaignIndex !== without.resolutions[index].campaignIndex) changed++;
    });
    expect(changed).toBeLessThan(0.02 * withReturns.report.inferred.candidates);
    expect(Math.abs(withReturns.ambiguous - without.ambiguous)).toBeLessThan(0.01);
  });

  it('does not count page views of the same visit as returns (CRMs repeat a session\'s source on each)', () => {
    const simulation = simulateDataset({ seed: 3, contacts: 3000 });
    const plain = createDataset(simulation.tables);
    // Every tagged first touch gets two more page views of the same visit, 5 and 20 minutes later, carrying the same tags.
    const firstTouchOf = new Map<string, (typeof simulation.tables.touchpoints)[number]>();
    for (const touch of simulation.tables.touchpoints) {
      const earlier = firstTouchOf.get(touch.contact_id);
      if (!earlier || touch.occurred_at < earlier.occurred_at) firstTouchOf.set(touch.contact_id, touch);
    }
    const carried = new Set(simulation.truth.filter((row) => row.truthClass === 'carried').map((row) => row.touchpointId));
    const repeats = [...firstTouchOf.values()]
      .filter((touch) => carried.has(touch.touchpoint_id) && touch.type !== 'form_submit')
      .flatMap((touch) => [5, 20].map((minutes) => ({ ...touch, touchpoint_id: `${touch.touchpoint_id}-view-${minutes}`, occurred_at: touch.occurred_at + minutes * 60_000 })));
    expect(repeats.length).toBeGreaterThan(500);
    const repeated = createDataset({ ...simulation.tables, touchpoints: [...simulation.tables.touchpoints, ...repeats] });
    const before = resolveDataset(plain).resolutions;
    const after = resolveDataset(repeated).resolutions;
    expect(after.slice(0, before.length)).toEqual(before);
  });

  it('leaves every resolution as it was where nobody comes back through their own campaign', () => {
    const plain = resolveWorld(undefined);
    const off = resolveWorld(undefined, true);
    expect(plain.resolutions).toEqual(off.resolutions);
    expect(plain.report.inferred.cameBackThroughACandidate).toBe(0);
  });
});
