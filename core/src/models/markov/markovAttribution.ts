import { totalConversions, totalValue, type PathTable } from '../data-driven/pathTable';
import { spreadByWeights, type StateAttribution } from '../data-driven/stateAttribution';
import { buildMarkovChain, removalEffects } from './markovChain';

export interface MarkovOptions {
  readonly order: number;
  readonly keepRepeats: boolean;
}

/**
 * Markov-chain attribution by removal effects, solved exactly (see markovChain.ts). Each state's
 * credited conversions = total conversions × its removal effect / the sum of removal effects; its
 * value likewise over the total conversion value (ChannelAttribution's normalisation).
 * O(states × sweeps × transitions) for the removal effects after an O(touches) chain build.
 * (Its own module so that `attribution paths` loads it without the journey modules the model
 * interface brings.)
 */
export function markovAttribution(table: PathTable, options: MarkovOptions): StateAttribution {
  const chain = buildMarkovChain(table, options.order, options.keepRepeats);
  const { effects } = removalEffects(chain, table.stateNames.length);
  return {
    stateNames: table.stateNames,
    conversions: spreadByWeights(effects, totalConversions(table)),
    values: spreadByWeights(effects, totalValue(table)),
    weights: effects,
  };
}
