'use strict';
/**
 * The full-size sync reliability run of issue 6 (the tests run the same assertions at 2,000 touchpoints):
 *   node scripts/sync-reliability.js [touchpoints=100000] [hubspot|salesforce|both]
 * HubSpot runs with the sandbox's real 190-per-10-s window. Prints the figures and whether each check passed;
 * exits 1 when a check fails.
 */
const { runSyncReliability } = require('./sync/reliability');

const touchpoints = Number(process.argv[2] ?? 100_000);
const which = process.argv[3] ?? 'both';

(async () => {
  let failed = false;
  for (const crm of which === 'both' ? ['hubspot', 'salesforce'] : [which]) {
    const started = Date.now();
    const figures = await runSyncReliability({ crm, touchpoints, log: (line) => process.stderr.write(`[${crm}] ${line}\n`) });
    const checks = {
      'exactly N touchpoints': figures.touchpointsInCrm === touchpoints && figures.missingTouchpoints === 0,
      'no duplicate touchpoint': figures.distinctTouchpointKeys === figures.touchpointsInCrm,
      'credits equal a recompute':
        figures.creditMismatches === 0 && figures.duplicateCredits === 0 && figures.creditsInCrm === figures.creditsExpected,
      'no dead letter after one retry pass': figures.deadLettersAfterRetry === 0 && figures.pendingAtEnd === 0,
      'killed twice': figures.runs.filter((run) => run.killedAtWritten).length === 2,
    };
    console.log(JSON.stringify({ ...figures, totalSeconds: (Date.now() - started) / 1000, checks }, null, 2));
    if (Object.values(checks).some((passed) => !passed)) failed = true;
  }
  process.exit(failed ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
