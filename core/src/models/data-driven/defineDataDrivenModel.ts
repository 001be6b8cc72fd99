import { defineModel, standardJourneyOptions, type AttributionModel } from '../model';
import { journeyPaths } from './journeyPaths';
import type { PathTable } from './pathTable';
import { dataDrivenSettings, type DataDrivenSettings } from './settings';
import type { StateAttribution } from './stateAttribution';
import { stateWeightShares } from './stateWeightShares';

/** Fits a data-driven model on a path table. */
export type PathModelFit = (table: PathTable, settings: DataDrivenSettings) => StateAttribution;

/**
 * A data-driven AttributionModel: fits on the data set's converting and non-converting paths,
 * then credits each deal by its states' weights (see stateWeightShares).
 */
export function defineDataDrivenModel(name: string, summary: string, fit: PathModelFit): AttributionModel {
  return defineModel({
    name,
    kind: 'data-driven',
    summary,
    journeyOptions: standardJourneyOptions,
    prepare: ({ dataset, resolutions, settings, journeys }) => {
      const options = dataDrivenSettings(settings);
      const { table, stateOfTouchpoint } = journeyPaths(dataset, resolutions, journeys, settings, options.outcome);
      const attribution = fit(table, options);
      return stateWeightShares(stateOfTouchpoint, attribution.weights);
    },
  });
}
