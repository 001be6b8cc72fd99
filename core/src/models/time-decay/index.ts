import { MILLISECONDS_PER_DAY } from '../../time/isoTimestamp';
import { defineModel, standardJourneyOptions, type AttributionModel } from '../model';

export const DEFAULT_HALF_LIFE_DAYS = 7;

/**
 * Time decay: a touch's weight halves every half-life before the conversion point,
 * w = 2^(−(conversion − occurred_at) / half-life), then weights are normalised to sum to 1.
 * Computed relative to the latest touch (the common factor cancels) so that long lookbacks with
 * short half-lives never underflow to all-zero weights. O(n) per journey.
 */
export const timeDecayModel: AttributionModel = defineModel({
  name: 'time-decay',
  kind: 'rule-based',
  summary: 'weight halves every half-life (default 7 days) before the conversion',
  journeyOptions: standardJourneyOptions,
  prepare: ({ settings }) => {
    const halfLifeMilliseconds = settings.halfLifeDays * MILLISECONDS_PER_DAY;
    return (journey, shares) => {
      const touchCount = journey.touches.length;
      if (touchCount === 0) return;
      const latest = journey.times[touchCount - 1];
      let total = 0;
      for (let position = 0; position < touchCount; position++) {
        const weight = Math.pow(2, -(latest - journey.times[position]) / halfLifeMilliseconds);
        shares[position] = weight;
        total += weight;
      }
      for (let position = 0; position < touchCount; position++) shares[position] /= total;
    };
  },
});
