import { defineModel, standardJourneyOptions, type AttributionModel, type ShareFunction } from '../model';
import type { Dataset } from '../../dataset/dataset';
import type { Journey } from '../../journeys/journey';
import type { TouchpointResolution } from '../../resolution/resolution';
import type { ModelSettings } from '../model';
import { journeyPaths, type JourneyPaths } from './journeyPaths';
import type { PathTable } from './pathTable';
import { dataDrivenSettings, type DataDrivenSettings } from './settings';
import type { StateAttribution } from './stateAttribution';
import { stateWeightShares } from './stateWeightShares';

/** Fits a data-driven model on a path table. */
export type PathModelFit = (table: PathTable, settings: DataDrivenSettings) => StateAttribution;

/**
 * Starts the same fit on another thread and returns how to wait for it (undefined when it did not
 * start, the table being too small to gain from it, or when it failed: the fit is then done here).
 */
export type BackgroundPathFit = (table: PathTable, settings: DataDrivenSettings) => (() => StateAttribution | undefined) | undefined;

/** How a data-driven model fits in the background: the fit, and what may start before the paths exist (AttributionModel.anticipate). */
export interface BackgroundFitting {
  readonly start: BackgroundPathFit;
  readonly anticipate?: (dataset: Dataset, settings: ModelSettings) => void;
}

interface CachedPaths {
  readonly dataset: Dataset;
  readonly resolutions: readonly TouchpointResolution[];
  readonly key: string;
  readonly paths: JourneyPaths;
}

/**
 * The path table of a set of journeys, built once for every data-driven model that runs on them
 * (`compare --models all` prepares three on the same journeys): keyed by the journeys array
 * itself (prepareModels shares one per journey definition) and the settings the paths depend on;
 * held weakly, so it goes when the journeys do. Path tables are never mutated by the models.
 */
const pathsByJourneys = new WeakMap<readonly Journey[], CachedPaths>();

function sharedJourneyPaths(
  dataset: Dataset,
  resolutions: readonly TouchpointResolution[],
  journeys: readonly Journey[],
  settings: ModelSettings,
  outcome: 'pipeline' | 'revenue',
): JourneyPaths {
  const key = `${settings.by ?? 'campaign'}|${outcome}|${settings.asOf}|${settings.lookbackDays}`;
  const cached = pathsByJourneys.get(journeys);
  if (cached && cached.dataset === dataset && cached.resolutions === resolutions && cached.key === key) return cached.paths;
  const paths = journeyPaths(dataset, resolutions, journeys, settings, outcome);
  pathsByJourneys.set(journeys, { dataset, resolutions, key, paths });
  return paths;
}

const dealCreationOf = (journey: Journey): number => journey.dealCreation;

/**
 * A data-driven AttributionModel: fits on the data set's converting and non-converting paths,
 * then credits each deal by its states' weights (see stateWeightShares). With `background`, a fit
 * prepared alongside other models (ModelContext.concurrent) runs on another thread while this
 * one prepares and credits the others; the share function waits for it on its first call.
 */
export function defineDataDrivenModel(name: string, summary: string, fit: PathModelFit, background?: BackgroundFitting): AttributionModel {
  return defineModel({
    name,
    kind: 'data-driven',
    summary,
    journeyOptions: standardJourneyOptions,
    anticipate: background?.anticipate,
    prepare: ({ dataset, resolutions, settings, journeys, concurrent }) => {
      const options = dataDrivenSettings(settings);
      const { table, stateOfTouchpoint } = sharedJourneyPaths(dataset, resolutions, journeys, settings, options.outcome);
      // Pipeline: a deal is credited to the touches its fit counted, those up to its creation.
      const countedThrough = options.outcome === 'pipeline' ? dealCreationOf : undefined;
      const pending = concurrent && background ? background.start(table, options) : undefined;
      if (!pending) return stateWeightShares(stateOfTouchpoint, fit(table, options).weights, countedThrough);
      let shares: ShareFunction | undefined;
      return (journey, out) => (shares ??= stateWeightShares(stateOfTouchpoint, (pending() ?? fit(table, options)).weights, countedThrough))(journey, out);
    },
  });
}
