import { defineDataDrivenModel } from '../data-driven/defineDataDrivenModel';
import { markovAttribution } from './markovAttribution';

export { markovAttribution, type MarkovOptions } from './markovAttribution';

export const markovModel = defineDataDrivenModel(
  'markov',
  'data-driven: Markov-chain removal effects (order 1-4), solved exactly',
  (table, settings) => markovAttribution(table, settings),
);
