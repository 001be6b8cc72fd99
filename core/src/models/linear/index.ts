import { defineModel, standardJourneyOptions, type AttributionModel } from '../model';

/** Linear: every touch of the journey gets 1/n. */
export const linearModel: AttributionModel = defineModel({
  name: 'linear',
  kind: 'rule-based',
  summary: 'equal credit to every touch',
  journeyOptions: standardJourneyOptions,
  prepare: () => (journey, shares) => {
    const touchCount = journey.touches.length;
    shares.fill(1 / touchCount, 0, touchCount);
  },
});
