import { InputError } from '../../dataset/inputError';
import { expectedCalibrationError, scoreResolution } from '../scoreResolution';

describe('scoreResolution', () => {
  const truth = [
    { touchpointId: 'a', campaignId: 'x', truthClass: 'carried' },
    { touchpointId: 'b', campaignId: 'x', truthClass: 'carried' },
    { touchpointId: 'c', campaignId: '', truthClass: 'ambiguous' },
    { touchpointId: 'd', campaignId: 'y', truthClass: 'ambiguous' },
    { touchpointId: 'e', campaignId: '', truthClass: 'organic' },
  ];
  const resolved = [
    { touchpointId: 'a', campaignId: 'x', match: 'exact', confidence: 1 },
    { touchpointId: 'b', campaignId: 'z', match: 'fuzzy_tag', confidence: 0.9 },
    { touchpointId: 'c', campaignId: 'y', match: 'inferred', confidence: 0.6 },
    { touchpointId: 'd', campaignId: 'y', match: 'inferred', confidence: 0.6 },
    { touchpointId: 'e', campaignId: '', match: 'none', confidence: 1 },
  ];

  it('computes accuracy by class and by match kind', () => {
    const score = scoreResolution(truth, resolved);
    expect(score.byClass.carried).toMatchObject({ touches: 2, correct: 1, accuracy: 0.5 });
    expect(score.byClass.ambiguous).toMatchObject({ touches: 2, correct: 1, attributedShare: 1 });
    expect(score.byClass.organic).toMatchObject({ accuracy: 1, attributedShare: 0 });
    expect(score.byMatch.inferred.accuracy).toBe(0.5);
  });

  it('computes the expected calibration error by hand', () => {
    // Bins: [0.6,0.7): 2 touches, accuracy 0.5, confidence 0.6 → gap 0.1;
    // [0.9,1.0): 1 touch, accuracy 0, confidence 0.9 → 0.9; bin 9 also holds the two 1.0s (accuracy 1).
    // So bin 9 = {0.9 wrong, 1 right, 1 right}: accuracy 2/3, mean confidence 2.9/3.
    const expected = (2 / 5) * 0.1 + (3 / 5) * Math.abs(2 / 3 - 2.9 / 3);
    expect(scoreResolution(truth, resolved).calibrationError).toBeCloseTo(expected, 12);
  });

  it('gives the same calibration error for bare confidences and outcomes', () => {
    const confidences = resolved.map((row) => row.confidence);
    const right = resolved.map((row, index) => row.campaignId === truth[index].campaignId);
    expect(expectedCalibrationError(confidences, right)).toBeCloseTo(scoreResolution(truth, resolved).calibrationError, 12);
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [true, false, false, false])).toBe(0);
    expect(expectedCalibrationError([], [])).toBe(0);
  });

  it('refuses files that do not cover the same touchpoints', () => {
    expect(() => scoreResolution(truth, resolved.slice(1), { truth: 'truth.csv', resolved: 'resolved.csv' })).toThrow(InputError);
    expect(() => scoreResolution(truth.slice(1), resolved, { truth: 'truth.csv', resolved: 'resolved.csv' })).toThrow(/not in the truth file/);
  });
});
