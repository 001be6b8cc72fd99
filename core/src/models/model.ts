import type { Dataset } from '../dataset/dataset';
import type { Journey, JourneyOptions } from '../journeys/journey';
import type { TouchpointResolution } from '../resolution/resolution';
import type { CustomRules } from './custom/customRules';

/** Settings every model may read; each model uses the ones its definition names. */
export interface ModelSettings {
  /** Conversion point of open deals, epoch ms. */
  readonly asOf: number;
  readonly lookbackDays: number;
  /** Time-decay half-life. */
  readonly halfLifeDays: number;
  /** RevOps rules for the `custom` model. */
  readonly customRules?: CustomRules;
  /** State space of data-driven models: what a journey step is. */
  readonly by?: 'campaign' | 'influencer' | 'channel';
  /** Data-driven models' extra knobs (Markov order, repeats, bootstrap size...). */
  readonly dataDriven?: Readonly<Record<string, unknown>>;
}

export interface ModelContext {
  readonly dataset: Dataset;
  /** Index-aligned with dataset.touchpoints. */
  readonly resolutions: readonly TouchpointResolution[];
  readonly settings: ModelSettings;
  /** Deal journeys built with this model's journeyOptions. */
  readonly journeys: readonly Journey[];
  /**
   * Other models are prepared and credited after this one in the same run: a long fit may go on
   * in another thread meanwhile, its share function waiting for it on first use.
   */
  readonly concurrent?: boolean;
}

/**
 * Writes the shares of each touch of `journey` into `shares[0 .. journey.touches.length)`.
 * Shares are in [0, 1] and sum to 1 for a journey with at least one touch.
 */
export type ShareFunction = (journey: Journey, shares: Float64Array) => void;

/** The interface every attribution model implements, rule-based or data-driven. */
export interface AttributionModel {
  /** CLI name: `first-touch`, `w-shaped`, `markov`... */
  readonly name: string;
  readonly kind: 'rule-based' | 'data-driven';
  /** One line for help texts and reports. */
  readonly summary: string;
  /** The journeys this model reads (custom rules may change lookback and exclude touch types). */
  journeyOptions(settings: ModelSettings): JourneyOptions;
  /** Prepares the share function; data-driven models fit on the whole data set here. */
  prepare(context: ModelContext): ShareFunction;
  /**
   * Called before any model of a run that prepares several is prepared: work that needs no
   * journeys yet may start here, on another thread (the incremental model boots its background fit).
   */
  anticipate?(dataset: Dataset, settings: ModelSettings): void;
}

/** Journey options shared by every model that does not override them. */
export function standardJourneyOptions(settings: ModelSettings): JourneyOptions {
  return { asOf: settings.asOf, lookbackDays: settings.lookbackDays };
}

/** Freezes a model definition (models are shared, stateless values). */
export function defineModel(model: AttributionModel): AttributionModel {
  return Object.freeze(model);
}
