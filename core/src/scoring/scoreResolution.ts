import { InputError } from '../dataset/inputError';

export interface TruthRecord {
  readonly touchpointId: string;
  readonly campaignId: string;
  /** carried | ambiguous | organic; when absent, 'attributed' or 'organic' from the truth campaign. */
  readonly truthClass: string;
}

export interface ResolvedRecord {
  readonly touchpointId: string;
  readonly campaignId: string;
  readonly match: string;
  readonly confidence: number;
}

export interface ClassScore {
  readonly touches: number;
  readonly correct: number;
  readonly accuracy: number;
  /** Share of touches the resolver attributed to some campaign. */
  readonly attributedShare: number;
  readonly calibrationError: number;
  readonly meanConfidence: number;
}

export interface ResolutionScore {
  readonly touches: number;
  readonly overall: ClassScore;
  readonly byClass: Record<string, ClassScore>;
  readonly byMatch: Record<string, ClassScore>;
  /** Expected calibration error over every touch (10 equal-width confidence bins). */
  readonly calibrationError: number;
  readonly reliability: Array<{ from: number; to: number; touches: number; meanConfidence: number; accuracy: number }>;
}

export const CALIBRATION_BINS = 10;

interface Accumulator {
  touches: number;
  correct: number;
  attributed: number;
  confidenceSum: number;
  binTouches: Float64Array;
  binCorrect: Float64Array;
  binConfidence: Float64Array;
}

function accumulator(): Accumulator {
  return {
    touches: 0,
    correct: 0,
    attributed: 0,
    confidenceSum: 0,
    binTouches: new Float64Array(CALIBRATION_BINS),
    binCorrect: new Float64Array(CALIBRATION_BINS),
    binConfidence: new Float64Array(CALIBRATION_BINS),
  };
}

function add(target: Accumulator, correct: boolean, attributed: boolean, confidence: number): void {
  target.touches++;
  if (correct) target.correct++;
  if (attributed) target.attributed++;
  target.confidenceSum += confidence;
  const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(confidence * CALIBRATION_BINS));
  target.binTouches[bin]++;
  target.binConfidence[bin] += confidence;
  if (correct) target.binCorrect[bin]++;
}

/**
 * Expected calibration error (Naeini, Cooper & Hauskrecht, AAAI 2015; Guo et al., ICML 2017):
 * Σ_bins (n_b / n) · |accuracy_b − mean confidence_b| over equal-width confidence bins.
 */
function calibrationError(target: Accumulator): number {
  if (target.touches === 0) return 0;
  let error = 0;
  for (let bin = 0; bin < CALIBRATION_BINS; bin++) {
    const count = target.binTouches[bin];
    if (count === 0) continue;
    error += (count / target.touches) * Math.abs(target.binCorrect[bin] / count - target.binConfidence[bin] / count);
  }
  return error;
}

/**
 * The same expected calibration error for any list of stated confidences and whether each was
 * right (the simulator's Bayes posteriors, the bench's oracles).
 */
export function expectedCalibrationError(confidences: ArrayLike<number>, right: ArrayLike<boolean>): number {
  const target = accumulator();
  for (let index = 0; index < confidences.length; index++) add(target, right[index], false, confidences[index]);
  return calibrationError(target);
}

function finish(target: Accumulator): ClassScore {
  const touches = target.touches;
  return {
    touches,
    correct: target.correct,
    accuracy: touches === 0 ? 0 : target.correct / touches,
    attributedShare: touches === 0 ? 0 : target.attributed / touches,
    calibrationError: calibrationError(target),
    meanConfidence: touches === 0 ? 0 : target.confidenceSum / touches,
  };
}

/**
 * Scores resolved touchpoints against the truth: accuracy (the resolved campaign equals the true
 * one, "none" included) by truth class and by match kind, and the calibration of `confidence`,
 * read as the probability that the resolved campaign (or none) is right. Every truth touchpoint
 * must be resolved; extra resolved rows are an error too, so a score never silently drops touches.
 */
export function scoreResolution(truth: readonly TruthRecord[], resolved: readonly ResolvedRecord[], files = { truth: 'truth', resolved: 'resolved' }): ResolutionScore {
  const resolvedById = new Map<string, ResolvedRecord>();
  for (const record of resolved) resolvedById.set(record.touchpointId, record);
  const overall = accumulator();
  const byClass = new Map<string, Accumulator>();
  const byMatch = new Map<string, Accumulator>();
  const truthIds = new Set<string>();
  for (const record of truth) {
    truthIds.add(record.touchpointId);
    const outcome = resolvedById.get(record.touchpointId);
    if (!outcome) throw new InputError(`touchpoint ${JSON.stringify(record.touchpointId)} of the truth is not in the resolved file`, { file: files.resolved });
    const correct = outcome.campaignId === record.campaignId;
    const attributed = outcome.campaignId !== '';
    const truthClass = record.truthClass !== '' ? record.truthClass : record.campaignId !== '' ? 'attributed' : 'organic';
    add(overall, correct, attributed, outcome.confidence);
    for (const [map, key] of [[byClass, truthClass], [byMatch, outcome.match || '(unknown)']] as const) {
      let target = map.get(key);
      if (!target) map.set(key, (target = accumulator()));
      add(target, correct, attributed, outcome.confidence);
    }
  }
  for (const record of resolved) {
    if (!truthIds.has(record.touchpointId)) throw new InputError(`touchpoint ${JSON.stringify(record.touchpointId)} is not in the truth file`, { file: files.truth });
  }
  const reliability = [];
  for (let bin = 0; bin < CALIBRATION_BINS; bin++) {
    const count = overall.binTouches[bin];
    reliability.push({
      from: bin / CALIBRATION_BINS,
      to: (bin + 1) / CALIBRATION_BINS,
      touches: count,
      meanConfidence: count === 0 ? 0 : overall.binConfidence[bin] / count,
      accuracy: count === 0 ? 0 : overall.binCorrect[bin] / count,
    });
  }
  const finished = finish(overall);
  return {
    touches: overall.touches,
    overall: finished,
    byClass: Object.fromEntries([...byClass].sort().map(([key, value]) => [key, finish(value)])),
    byMatch: Object.fromEntries([...byMatch].sort().map(([key, value]) => [key, finish(value)])),
    calibrationError: finished.calibrationError,
    reliability,
  };
}
