import { InputError } from '@pipeline-attribution/core';
import type { CrmConnection, CrmConnector } from '@pipeline-attribution/core/dist/sync';
import { HubspotAdapter } from './hubspotAdapter';
import { createHubspotClient, hubspotSettingsFromEnvironment } from './hubspotConnection';
import { readHubspotTables } from './hubspotReader';
import { setupHubspot } from './setupHubspot';

/** HUBSPOT_RATE_LIMIT_PER_10S: the account's burst limit (100 Free/Starter, 110 OAuth apps, 190 Professional/Enterprise; contract §b.8). */
function rateLimitFromEnvironment(environment: NodeJS.ProcessEnv): number | undefined {
  const raw = environment.HUBSPOT_RATE_LIMIT_PER_10S;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new InputError(`expected a positive whole number, found ${JSON.stringify(raw)}`, { field: 'HUBSPOT_RATE_LIMIT_PER_10S' });
  return value;
}

export function connectHubspot(environment: NodeJS.ProcessEnv = process.env): CrmConnection {
  const client = createHubspotClient(hubspotSettingsFromEnvironment(environment));
  const adapter = new HubspotAdapter(client, {
    maxRequestsPer10s: rateLimitFromEnvironment(environment),
    associations: environment.HUBSPOT_ASSOCIATIONS === 'true',
  });
  return {
    adapter,
    readTables: (scope, call) => readHubspotTables(client, adapter, scope, call),
    setup: async (call) => (await setupHubspot(client, call)).actions,
  };
}

export const HUBSPOT_CONNECTOR: CrmConnector = {
  name: 'hubspot',
  environment: ['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_BASE_URL', 'HUBSPOT_RATE_LIMIT_PER_10S', 'HUBSPOT_ASSOCIATIONS'],
  connect: async (environment) => connectHubspot(environment),
};
