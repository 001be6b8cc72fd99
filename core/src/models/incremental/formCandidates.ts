import { baselineForms, type BaselineForm } from './baselineForms';
import type { CandidateModel, ModelChoice } from './crossValidation';
import type { ExposurePatterns } from './exposurePatterns';
import { HAZARD_SPREADS, latentPropensities } from './latentPropensity';
import { lazyDesignColumns } from './logisticFit';
import { interactingPairs } from './pairScreening';
import { patternFeatures, type PatternFeatures } from './patternFeatures';

/**
 * Names a candidate design: additive baseline form `candidate` (baselineForms' order), with the
 * pair terms of these pair keys (pairKey) or none. A helper thread that built the same forms from
 * the same path table names the same design by it.
 */
export interface FormKey {
  readonly candidate: number;
  readonly pairs: readonly number[] | null;
}

/** The designs cross-validation chooses among (crossValidation.chooseModel). */
export interface FormCandidates {
  /** The additive designs, one per baseline form. */
  readonly additive: readonly CandidateModel[];
  /** A targeting propensity was found (latentPropensity.ts): the baseline forms then differ in how the buyer's readiness enters. */
  readonly targeted: boolean;
  /**
   * The first `normalForms` additive designs take the propensity as normally distributed; the
   * others (only with targeting) take its distribution as estimated from the counts.
   */
  readonly normalForms: number;
  /** The pair-term variant of an additive fit: pairs whose interaction the fit leaves in the data (pairScreening.ts), or undefined when none. */
  withPairs(additive: ModelChoice): CandidateModel | undefined;
  /** The design a key names; `features`: its features as built by another thread from the same patterns (not rebuilt). */
  design(key: FormKey, features?: PatternFeatures): CandidateModel;
}

export function formCandidates(patterns: ExposurePatterns): FormCandidates {
  // With targeting found, the forms under a normal propensity, then the same forms with its
  // distribution read from the counts (buyers in segments rather than along a bell curve):
  // cross-validation takes those only when they predict conversions better by more than one
  // standard error (chooseModel).
  const [latent, estimated] = latentPropensities(patterns, HAZARD_SPREADS, ['normal', 'estimated']) ?? [];
  const forms = baselineForms(patterns, latent);
  const normalForms = forms.length;
  if (estimated) forms.push(...baselineForms(patterns, estimated));
  const additive: CandidateModel[] = forms.map((form, candidate) => ({ features: form.features, design: form.design, link: form.link, key: { candidate, pairs: null } }));
  const pairDesign = (form: BaselineForm, candidate: number, pairs: ReadonlySet<number>): CandidateModel | undefined => {
    if (pairs.size === 0) return undefined;
    const features = patternFeatures(patterns, pairs, form.propensity, form.baselineScale, form.curves);
    return features.pairStates.length > 0 ? { features, design: lazyDesignColumns(features), link: form.link, key: { candidate, pairs: [...pairs] } } : undefined;
  };
  return {
    additive,
    targeted: latent !== undefined,
    normalForms,
    withPairs(choice: ModelChoice): CandidateModel | undefined {
      const candidate = choice.key.candidate;
      return pairDesign(forms[candidate], candidate, interactingPairs(patterns, choice.features, choice.link, choice.coefficients));
    },
    design({ candidate, pairs }: FormKey, features?: PatternFeatures): CandidateModel {
      if (pairs === null) return additive[candidate];
      if (features) return { features, design: lazyDesignColumns(features), link: forms[candidate].link, key: { candidate, pairs } };
      const design = pairDesign(forms[candidate], candidate, new Set(pairs));
      if (!design) throw new RangeError(`form ${candidate} has no pair terms among ${pairs.length} pairs`);
      return design;
    },
  };
}
