import { InputError } from '../dataset/inputError';
import { customModel } from './custom';
import { firstTouchModel } from './first-touch';
import { fullPathModel } from './full-path';
import { incrementalModel } from './incremental';
import { inverseJModel } from './inverse-j';
import { jShapedModel } from './j-shaped';
import { lastTouchModel } from './last-touch';
import { linearModel } from './linear';
import { markovModel } from './markov';
import type { AttributionModel } from './model';
import { positionBasedModel } from './position-based';
import { shapleyModel } from './shapley';
import { timeDecayModel } from './time-decay';
import { uShapedModel } from './u-shaped';
import { wShapedModel } from './w-shaped';

/** The eleven rule-based models, in the order reports show them. */
export const RULE_BASED_MODELS: readonly AttributionModel[] = [
  firstTouchModel,
  lastTouchModel,
  linearModel,
  positionBasedModel,
  uShapedModel,
  wShapedModel,
  fullPathModel,
  jShapedModel,
  inverseJModel,
  timeDecayModel,
  customModel,
];

/** Data-driven models register here (see models/data-driven.ts). */
export const DATA_DRIVEN_MODELS: AttributionModel[] = [incrementalModel, markovModel, shapleyModel];

export function allModels(): readonly AttributionModel[] {
  return [...RULE_BASED_MODELS, ...DATA_DRIVEN_MODELS];
}

export function findModel(name: string): AttributionModel {
  const model = allModels().find((candidate) => candidate.name === name);
  if (!model) throw new InputError(`unknown model ${JSON.stringify(name)}; expected one of ${allModels().map((m) => m.name).join(', ')}`, { field: '--model' });
  return model;
}

/**
 * Parses a model list: `all`, or comma-separated names. `all` leaves out `custom` when no rules
 * were given (it cannot run without them).
 */
export function selectModels(list: string, hasCustomRules: boolean): AttributionModel[] {
  if (list.trim() === 'all') return allModels().filter((model) => model.name !== 'custom' || hasCustomRules);
  const names = list.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new InputError('no model named; expected all or a comma-separated list', { field: '--models' });
  return [...new Set(names)].map((name) => {
    try {
      return findModel(name);
    } catch (error) {
      throw error instanceof InputError ? new InputError(error.detail, { field: '--models' }) : error;
    }
  });
}
