import type { Command } from 'commander';
import { DEFAULT_LOOKBACK_DAYS, InputError, RULE_BASED_MODELS } from '@pipeline-attribution/core';
import { DEFAULT_HALF_LIFE_DAYS } from '@pipeline-attribution/core/dist/models/time-decay';
import {
  DEFAULT_OUTBOX_FILE,
  eraseContact,
  registerCrmConnector,
  registerSyncCommands,
  runCreditSync,
  summaryLine,
  SyncOutbox,
} from '@pipeline-attribution/core/dist/sync';
import { connectHubspot, HUBSPOT_CONNECTOR } from './hubspotConnector';
import { createWebhookServer } from './webhooks/webhookServer';

/**
 * HubSpot's part of the CLI: registers the HubSpot connector for `push|sync|reconcile|setup hubspot`
 * and `erase`, and adds `attribution webhooks hubspot` (the endpoint for deal stage changes and
 * contact privacy deletions).
 */
export function registerCommands(program: Command): void {
  registerCrmConnector(HUBSPOT_CONNECTOR);
  registerSyncCommands(program);
  program
    .command('webhooks')
    .argument('<crm>', 'hubspot')
    .description('serve the HubSpot webhook endpoint: deal stage changes recompute the deal, privacy deletions erase the contact')
    .option('--port <n>', 'port to listen on', '8787')
    .option('--public-url <url>', 'the URL HubSpot calls (the v3 signature covers it); default http://localhost:PORT')
    .option('--outbox <file>', `the sync outbox (default ${DEFAULT_OUTBOX_FILE})`)
    .action(async (crm: string, options: { port: string; publicUrl?: string; outbox?: string }) => {
      if (crm !== 'hubspot') throw new InputError(`expected hubspot, found ${JSON.stringify(crm)}`, { field: 'crm' });
      const clientSecret = process.env.HUBSPOT_CLIENT_SECRET;
      if (!clientSecret)
        throw new InputError('set HUBSPOT_CLIENT_SECRET (the app secret that signs webhook requests)', { field: 'HUBSPOT_CLIENT_SECRET' });
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InputError(`expected a port number, found ${JSON.stringify(options.port)}`, { field: '--port' });
      const connection = connectHubspot(process.env);
      const outbox = new SyncOutbox(options.outbox ?? process.env.ATTRIBUTION_OUTBOX ?? DEFAULT_OUTBOX_FILE);
      const models = RULE_BASED_MODELS.filter((model) => model.name !== 'custom');
      const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      const server = createWebhookServer({
        clientSecret,
        publicUrl: options.publicUrl ?? `http://localhost:${port}`,
        log,
        handle: async (action) => {
          if (action.kind === 'recompute-deal') {
            const result = await runCreditSync(connection, outbox, { mode: 'deal', dealId: action.hubspotDealId }, models, {
              asOf: Date.now(),
              lookbackDays: DEFAULT_LOOKBACK_DAYS,
              halfLifeDays: DEFAULT_HALF_LIFE_DAYS,
            });
            log(summaryLine(result.summary));
          } else {
            const contactKey = outbox.keyOfCrmId('hubspot', 'contact', action.hubspotContactId) ?? `hubspot-contact-${action.hubspotContactId}`;
            const report = await eraseContact(contactKey, [connection], outbox, { onCall() {} });
            log(
              `erased contact (event ${action.eventId}): ${JSON.stringify(report.crm)}; outbox ${JSON.stringify(report.outbox)}${report.errors.length ? `; errors ${report.errors.join('; ')}` : ''}`,
            );
          }
        },
      });
      await new Promise<void>((resolve) => server.listen(port, resolve));
      log(`listening for HubSpot webhooks on port ${port}`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      outbox.close();
    });
}
