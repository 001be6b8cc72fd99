import fc from 'fast-check';
import { InputError } from '../../../dataset/inputError';
import { dataDrivenSettings, dataDrivenSettingsSchema, validSettingsWithoutZod } from '../settings';

const knobValue = fc.oneof(
  fc.integer({ min: -5, max: 12_000_000 }),
  fc.constantFrom(0, 1, 4, 5, 9, 10, 10000, 10001, 10_000_000, 10_000_001, Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, -0, NaN, Infinity),
  fc.boolean(),
  fc.constantFrom('pipeline', 'revenue', 'Pipeline', '', '2'),
  fc.constant(undefined),
  fc.constant(null),
);
const knobs = fc.record(
  { order: knobValue, keepRepeats: knobValue, outcome: knobValue, bootstrapSamples: knobValue, seed: knobValue, shapleyPermutations: knobValue, unknownKnob: knobValue },
  { requiredKeys: [] },
);

describe('data-driven settings', () => {
  it('the zod-free check gives the schema\'s verdict and values on any knobs (fast-check)', () => {
    fc.assert(
      fc.property(knobs, (given) => {
        const parsed = dataDrivenSettingsSchema().safeParse(given);
        const fast = validSettingsWithoutZod(given);
        expect(fast !== undefined).toBe(parsed.success);
        if (parsed.success) expect(fast).toEqual(parsed.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('defaults, and a bad knob named in the error', () => {
    expect(dataDrivenSettings(undefined)).toEqual({ order: 1, keepRepeats: false, outcome: 'pipeline', bootstrapSamples: 100, seed: 1, shapleyPermutations: 2000 });
    expect(dataDrivenSettings({ dataDriven: { order: 3 } }).order).toBe(3);
    expect(() => dataDrivenSettings({ dataDriven: { order: 5 } })).toThrow(InputError);
    expect(() => dataDrivenSettings({ dataDriven: { order: 5 } })).toThrow(/dataDriven\.order/);
  });
});
