import fc from 'fast-check';
import { candidatePairs, DELAY_BIN_EDGES } from '../mixtureTerms';
import type { InferenceInput } from '../mixtureFit';

const BIN_COUNT = DELAY_BIN_EDGES.length - 1;

describe('candidatePairs', () => {
  it('gives each pair the range of its bins with anchors: every bin outside it is empty, its first and last are not (property)', () => {
    const days = fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 30 });
    fc.assert(
      fc.property(days, fc.array(days, { minLength: 1, maxLength: 4 }), fc.boolean(), (events, anchorLists, withDiffuse) => {
        const eventTimes = Float64Array.from(events).sort();
        const input: InferenceInput = {
          eventTimes,
          eventKinds: new Uint8Array(eventTimes.length),
          kindCount: 1,
          anchors: anchorLists.map((list) => Float64Array.from(list).sort()),
          reach: new Float64Array(anchorLists.length).fill(10),
          groups: new Int32Array(anchorLists.length),
          windows: [],
          // A diffuse window on the first campaign: pairs with no anchor in any bin.
          diffuseWindows: anchorLists.map((_list, campaign) => (withDiffuse && campaign === 0 ? ([20, 120] as const) : null)),
          observationStart: 0,
          observationEnd: 200,
        };
        const { pairOffsets, pairBinCounts, pairBinFrom, pairBinTo } = candidatePairs(input);
        for (let pair = 0; pair < pairOffsets[eventTimes.length]; pair++) {
          const from = pairBinFrom[pair];
          const to = pairBinTo[pair];
          expect(from).toBeLessThanOrEqual(to);
          for (let bin = 0; bin < BIN_COUNT; bin++) {
            const count = pairBinCounts[pair * BIN_COUNT + bin];
            if (bin < from || bin >= to) expect(count).toBe(0);
          }
          if (from < to) {
            expect(pairBinCounts[pair * BIN_COUNT + from]).toBeGreaterThan(0);
            expect(pairBinCounts[pair * BIN_COUNT + to - 1]).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
