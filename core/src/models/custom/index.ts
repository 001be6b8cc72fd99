import { InputError } from '../../dataset/inputError';
import { defineModel, type AttributionModel } from '../model';
import { normaliseShares, positionalWeights, type PositionalWeights } from '../positional';
// Only the type: the rules' zod schema (customRules.ts, with zod: about 70 ms to load) is loaded by
// whoever reads a rules file, not by every command that lists the models.
import type { CustomRules } from './customRules';

/**
 * Custom: RevOps' own positional weights, then each touch's weight is multiplied by its channel's
 * and its touch type's multipliers (default 1), and the result is normalised to sum to 1.
 * Excluded touch types take no part in the journey (so milestones skip them), and the rules may set
 * their own lookback. A journey in which no touch carries weight falls back to equal shares.
 */
export const customModel: AttributionModel = defineModel({
  name: 'custom',
  kind: 'rule-based',
  summary: 'RevOps rules: slot and middle weights, channel and touch-type multipliers, exclusions, lookback',
  journeyOptions: (settings) => ({
    asOf: settings.asOf,
    lookbackDays: settings.customRules?.lookbackDays ?? settings.lookbackDays,
    excludedTouchTypes: new Set(settings.customRules?.excludedTouchTypes ?? []),
  }),
  prepare: ({ settings, dataset, resolutions }) => {
    const rules: CustomRules | undefined = settings.customRules;
    if (!rules) throw new InputError('the custom model needs rules: pass --rules FILE (JSON)', { field: '--rules' });
    const weights: PositionalWeights = { ...rules.slots, middle: rules.middle };
    const channelMultipliers = new Map(Object.entries(rules.channelMultipliers));
    const typeMultipliers = new Map(Object.entries(rules.touchTypeMultipliers));
    const hasMultipliers = channelMultipliers.size > 0 || typeMultipliers.size > 0;
    const types = dataset.touchpointTable.text.type;
    return (journey, shares) => {
      const touchCount = journey.touches.length;
      let total = positionalWeights(journey, weights, shares);
      if (hasMultipliers) {
        total = 0;
        for (let position = 0; position < touchCount; position++) {
          const touchpointIndex = journey.touches[position];
          const channelFactor = channelMultipliers.get(resolutions[touchpointIndex].channel) ?? 1;
          const typeFactor = typeMultipliers.get(types.text(types.codes[touchpointIndex])) ?? 1;
          shares[position] *= channelFactor * typeFactor;
          total += shares[position];
        }
      }
      normaliseShares(shares, touchCount, total);
    };
  },
});
