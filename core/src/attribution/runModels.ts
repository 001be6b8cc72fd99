import type { Dataset } from '../dataset/dataset';
import { buildJourneys } from '../journeys/buildJourneys';
import type { Journey, JourneyOptions } from '../journeys/journey';
import type { AttributionModel, ModelSettings, ShareFunction } from '../models/model';
import type { TouchpointResolution } from '../resolution/resolution';
import { trace } from '../util/trace';

/** A model ready to credit: its journeys and its share function. */
export interface PreparedModel {
  readonly model: AttributionModel;
  readonly journeys: readonly Journey[];
  readonly shareFunction: ShareFunction;
}

function journeyOptionsKey(options: JourneyOptions): string {
  return `${options.asOf}|${options.lookbackDays}|${[...(options.excludedTouchTypes ?? [])].sort().join('\u0000')}`;
}

/**
 * Builds journeys once per distinct journey definition (most models share one) and prepares each
 * model's share function.
 */
export function prepareModels(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  models: readonly AttributionModel[],
  settings: ModelSettings,
): PreparedModel[] {
  const journeysByOptions = new Map<string, Journey[]>();
  if (models.length > 1) for (const model of models) model.anticipate?.(dataset, settings);
  return models.map((model) => {
    const options = model.journeyOptions(settings);
    const key = journeyOptionsKey(options);
    let journeys = journeysByOptions.get(key);
    if (!journeys) journeysByOptions.set(key, (journeys = buildJourneys(dataset, options)));
    trace(`prepare ${model.name}`);
    const shareFunction = model.prepare({ dataset, resolutions, settings, journeys, concurrent: models.length > 1 });
    return { model, journeys, shareFunction };
  });
}

/** One touch's part of one deal under one model. */
export type CreditVisitor = (journey: Journey, position: number, touchpointIndex: number, share: number, credit: number) => void;

/** Visits every (deal, touch) of a prepared model with its share and credit (share × deal amount). */
export function forEachCredit(prepared: PreparedModel, visit: CreditVisitor): void {
  let shares = new Float64Array(256);
  for (const journey of prepared.journeys) {
    const touchCount = journey.touches.length;
    if (touchCount === 0) continue;
    if (shares.length < touchCount) shares = new Float64Array(touchCount * 2);
    prepared.shareFunction(journey, shares);
    const amount = journey.amount;
    for (let position = 0; position < touchCount; position++) {
      visit(journey, position, journey.touches[position], shares[position], shares[position] * amount);
    }
  }
}
