import fc from 'fast-check';
import { candidatePairs, DELAY_BIN_EDGES } from '../mixtureTerms';
import type { InferenceInput } from '../mixtureFit';

const BIN_COUNT = DELAY_BIN_EDGES.length - 1;

describe('candidatePairs', () => {
  it('keeps each pair from its first bin with anchors to its last, the same densities as counted bin by bin (property)', () => {
    const days = fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 30 });
    fc.assert(
      fc.property(days, fc.array(days, { minLength: 1, maxLength: 4 }), fc.boolean(), (events, anchorLists, withDiffuse) => {
        const eventTimes = Float64Array.from(events).sort();
        const anchors = anchorLists.map((list) => Float64Array.from(list).sort());
        const input: InferenceInput = {
          eventTimes,
          eventKinds: new Uint8Array(eventTimes.length),
          kindCount: 1,
          anchors,
          reach: new Float64Array(anchors.length).fill(10),
          groups: new Int32Array(anchors.length),
          windows: [],
          // A diffuse window on the first campaign: pairs with no anchor in any bin.
          diffuseWindows: anchors.map((_list, campaign) => (withDiffuse && campaign === 0 ? ([20, 120] as const) : null)),
          observationStart: 0,
          observationEnd: 200,
        };
        const { pairOffsets, pairCampaigns, pairBinCounts, pairBinStarts, pairBinFrom } = candidatePairs(input);
        for (let event = 0; event < eventTimes.length; event++) {
          for (let pair = pairOffsets[event]; pair < pairOffsets[event + 1]; pair++) {
            // Bin by bin, directly: the campaign's anchors a with lowEdge <= t - a < highEdge, each
            // standing for 1/m of its response, per day of the bin's width (none: a diffuse-only pair).
            const list = anchors[pairCampaigns[pair]];
            const expected = Array.from({ length: BIN_COUNT }, (_, bin) => {
              const inBin = list.filter(
                (anchor) => eventTimes[event] - anchor >= DELAY_BIN_EDGES[bin] && eventTimes[event] - anchor < DELAY_BIN_EDGES[bin + 1],
              ).length;
              return list.length === 0 ? 0 : inBin / list.length / (DELAY_BIN_EDGES[bin + 1] - DELAY_BIN_EDGES[bin]);
            });
            const stored = pairBinStarts[pair + 1] - pairBinStarts[pair];
            const from = pairBinFrom[pair];
            for (let bin = 0; bin < BIN_COUNT; bin++) {
              const kept = bin >= from && bin < from + stored;
              expect(kept ? pairBinCounts[pairBinStarts[pair] + bin - from] : 0).toBeCloseTo(expected[bin], 9);
            }
            if (stored > 0) {
              expect(expected[from]).toBeGreaterThan(0);
              expect(expected[from + stored - 1]).toBeGreaterThan(0);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
