/**
 * The reliability run of issue 6 at a test size (the same assertions as the 100,000-touchpoint run of
 * scripts/sync-reliability.js): faults 10% 429, 2% 5xx, 1% dropped connections, 1% failed records;
 * the push process SIGKILLed twice and restarted; one retry pass of dead letters; a credit sync.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runSyncReliability } = require('../scripts/sync/reliability');

describe.each(['hubspot', 'salesforce'])('%s sync reliability under injected faults and two crashes', (crm) => {
  it('ends with every touchpoint exactly once, credits equal to a recompute, and no dead letter', async () => {
    const touchpoints = 2000;
    const figures = await runSyncReliability({ crm, touchpoints, hubspotRateLimitWindowMs: 1000 });
    expect(figures.runs.filter((run: { killedAtWritten: number | null }) => run.killedAtWritten).length).toBe(2);
    expect(figures.touchpointsInCrm).toBe(touchpoints);
    expect(figures.distinctTouchpointKeys).toBe(touchpoints);
    expect(figures.missingTouchpoints).toBe(0);
    expect(figures.creditsInCrm).toBe(figures.creditsExpected);
    expect(figures.creditsExpected).toBeGreaterThan(0);
    expect(figures.duplicateCredits).toBe(0);
    expect(figures.creditMismatches).toBe(0);
    expect(figures.deadLettersBeforeRetry).toBeGreaterThan(0);
    expect(figures.deadLettersAfterRetry).toBe(0);
    expect(figures.pendingAtEnd).toBe(0);
  }, 180_000);
});
