/**
 * Helper thread of the incremental fit (fitHelper.ts): builds the same candidate designs from the
 * main thread's exposure patterns and folds, then answers the main thread's jobs (a baseline
 * form's choice, a chain of ridge strengths, the Shapley split of a range of patterns) in the order
 * asked. Failures travel as data.
 */
import { serveSyncRequests } from '../../util/syncWorker';
import { chooseForm, fitStrengthChain, type CandidateModel } from './crossValidation';
import { CounterfactualSplit } from './counterfactualShapley';
import type { HelperAnswer, HelperRequest } from './fitHelperProtocol';
import { formCandidates, type FormCandidates, type FormKey } from './formCandidates';
import type { ExposurePatterns } from './exposurePatterns';
import type { Fold } from './foldSteps';
import { patternSharesInRange } from './linearisedSplit';
import { trace } from '../../util/trace';

/** What every job works on: the main thread's patterns and folds, and the candidate designs built from them here. */
let setup: { readonly patterns: ExposurePatterns; readonly folds: readonly Fold[]; readonly candidates: FormCandidates } | undefined;
let seed = 0;

/** Designs by key, so a form chosen here serves the later jobs on it without being rebuilt. */
const designs = new Map<string, CandidateModel>();
const nameOf = (key: FormKey): string => `${key.candidate}|${key.pairs?.join(',') ?? ''}`;
function designOf(key: FormKey): CandidateModel {
  const name = nameOf(key);
  let design = designs.get(name);
  if (!design) designs.set(name, (design = setup!.candidates.design(key)));
  return design;
}

function answer(request: HelperRequest): { answer: HelperAnswer; transfer?: ArrayBuffer[] } {
  trace(`incremental helper: ${request.kind}`);
  if (request.kind === 'setup') {
    seed = request.seed;
    setup = { patterns: request.patterns, folds: request.folds, candidates: formCandidates(request.patterns) };
    return { answer: { kind: 'ready' } };
  }
  if (!setup) return { answer: { kind: 'failure', detail: `a ${request.kind} job before the setup` } };
  const { patterns, folds, candidates } = setup;
  switch (request.kind) {
    case 'form': {
      const choice = chooseForm(patterns, candidates.additive[request.candidate], folds, candidates);
      designs.set(nameOf(choice.key), choice);
      const { penalty, penalties, coefficients, score, foldScores } = choice;
      const features = choice.key.pairs === null ? undefined : choice.features;
      return { answer: { kind: 'form', answer: { pairs: choice.key.pairs, features, fit: { penalty, penalties, coefficients, score, foldScores }, weights: choice.weights, fullFit: choice.fullFit } } };
    }
    case 'chain':
      return { answer: { kind: 'chain', fits: fitStrengthChain(patterns, designOf(request.job.key), folds, request.job) } };
    case 'shares': {
      const { features, link } = designOf(request.key);
      const offsets = patterns.stateOffsets;
      const shares = new Float64Array(offsets[request.to] - offsets[request.from]);
      patternSharesInRange(patterns, new CounterfactualSplit(patterns, features, link, seed), request.coefficients, request.from, request.to, shares);
      return { answer: { kind: 'shares', shares }, transfer: [shares.buffer] };
    }
  }
}

serveSyncRequests<HelperRequest, HelperAnswer>((request) => {
  try {
    return answer(request);
  } catch (error) {
    return { answer: { kind: 'failure', detail: (error as Error).stack ?? String(error) } };
  }
});
