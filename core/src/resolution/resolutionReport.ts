import type { MatchKind } from './resolution';

/** What `resolve` counted: match kinds, what it could not read, and the fitted inference. */
export interface ResolutionReport {
  readonly touchpoints: number;
  readonly byMatch: Record<MatchKind, number>;
  readonly malformedUrls: number;
  readonly malformedReferrers: number;
  readonly unmatchedTags: number;
  readonly ambiguousTags: number;
  readonly unmatchedPromoCodes: number;
  readonly ambiguousPromoCodes: number;
  /** Most frequent tags that matched no campaign, with counts. */
  readonly topUnmatchedTags: Array<[string, number]>;
  readonly inferred: {
    readonly candidates: number;
    readonly attributed: number;
    /** Untagged first touches whose contact later came back through one of their candidate campaigns (contactReturns.ts). */
    readonly cameBackThroughACandidate: number;
    readonly baselinePerDay: Record<string, number>;
    /** Whether the baseline's starting estimate came from quiet days (outside every campaign window). */
    readonly baselineLearnedOutsideWindows: boolean;
    /** The organic baseline's multiplier by UTC weekday, Sunday first (all 1 when the data show no weekly shape). */
    readonly weekdayFactors: number[];
    /**
     * The organic baseline's multiplier over the period (periodBaseline.ts) at its start, a
     * quarter, half and three quarters through, and its end (all 1 when the data show no course).
     */
    readonly courseFactors: number[];
    readonly meanDelayDays: Record<string, number>;
    readonly iterations: number;
    /**
     * How alike campaigns respond, level by level (Gamma shapes of the pooling hierarchy: platform
     * within creator-or-channel group, creator within platform, campaign within creator): high
     * means alike, so a small campaign borrows its neighbours' rates; low means each speaks for itself.
     */
    readonly pooling: Record<string, number>;
  };
}
