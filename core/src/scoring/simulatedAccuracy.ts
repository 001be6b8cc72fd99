import { createDataset } from '../dataset/dataset';
import { resolveDataset } from '../resolution/touchpointResolver';
import { simulateDataset, type SimulationOptions } from '../simulate/simulateDataset';
import { scoreResolution } from './scoreResolution';

/** The resolver's figures on one simulated data set (what `simulate` + `resolve` + `score` report). */
export interface SimulatedAccuracy {
  readonly seed: number;
  readonly touchpoints: number;
  readonly ambiguousTouches: number;
  /** Accuracy on touches that carry their campaign in some form. */
  readonly carried: number;
  /** Accuracy on ambiguous touches, the Bayes limit on them and the gap in points. */
  readonly ambiguous: number;
  readonly bayesLimit: number;
  readonly gapPoints: number;
  /** Share of organic touches left unattributed. */
  readonly organicLeft: number;
  readonly calibrationError: number;
  readonly ambiguousCalibrationError: number;
  /** The true posteriors' ECE on the same ambiguous touches: the metric's noise floor on this data set. */
  readonly bayesCalibrationError: number;
}

/**
 * Simulates a data set (any world shape), resolves it with the default resolver and scores it
 * against its truth, in memory: the same figures as `attribution simulate`, `resolve` and `score`
 * through files, for checking worlds the CLI does not expose (fewer creators, slower responses,
 * more organic traffic).
 */
export function measureOnSimulation(options: SimulationOptions & { readonly seed: number }): SimulatedAccuracy {
  const simulation = simulateDataset(options);
  const dataset = createDataset(simulation.tables);
  const { resolutions } = resolveDataset(dataset);
  const score = scoreResolution(
    simulation.truth.map((row) => ({ touchpointId: row.touchpointId, campaignId: row.campaignId, truthClass: row.truthClass })),
    resolutions.map((resolution, index) => ({
      touchpointId: dataset.touchpointTable.ids.get(index),
      campaignId: resolution.campaignId ?? '',
      match: resolution.match,
      confidence: resolution.confidence,
    })),
  );
  const ambiguous = score.byClass.ambiguous;
  const accuracyOf = (truthClass: string): number => score.byClass[truthClass]?.accuracy ?? 1;
  return {
    seed: options.seed,
    touchpoints: dataset.touchpointTable.count,
    ambiguousTouches: ambiguous?.touches ?? 0,
    carried: accuracyOf('carried'),
    ambiguous: accuracyOf('ambiguous'),
    bayesLimit: simulation.bayes.accuracy,
    gapPoints: 100 * (simulation.bayes.accuracy - accuracyOf('ambiguous')),
    organicLeft: 1 - (score.byClass.organic?.attributedShare ?? 0),
    calibrationError: score.calibrationError,
    ambiguousCalibrationError: ambiguous?.calibrationError ?? 0,
    bayesCalibrationError: simulation.bayes.calibrationError,
  };
}
