import { Client } from '@hubspot/api-client';
import { InputError } from '@pipeline-attribution/core';

export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';

export interface HubspotConnectionSettings {
  readonly accessToken: string;
  readonly baseUrl: string;
}

/** Reads HUBSPOT_ACCESS_TOKEN and HUBSPOT_BASE_URL (default: the real API); a missing token is an input error naming the variable. */
export function hubspotSettingsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): HubspotConnectionSettings {
  const accessToken = environment.HUBSPOT_ACCESS_TOKEN;
  if (!accessToken)
    throw new InputError('set HUBSPOT_ACCESS_TOKEN (a private app token or an OAuth access token)', { field: 'HUBSPOT_ACCESS_TOKEN' });
  const baseUrl = environment.HUBSPOT_BASE_URL || HUBSPOT_DEFAULT_BASE_URL;
  if (!/^https?:\/\//.test(baseUrl)) throw new InputError(`expected an http(s) URL, found ${JSON.stringify(baseUrl)}`, { field: 'HUBSPOT_BASE_URL' });
  return { accessToken, baseUrl: baseUrl.replace(/\/+$/, '') };
}

/**
 * The real client, with its own retries and limiter off: the sync engine paces to the rate headers and
 * retries with its own policy, and two layers of retries would multiply the waits (contract §b.1).
 */
export function createHubspotClient(settings: HubspotConnectionSettings): Client {
  return new Client({ accessToken: settings.accessToken, basePath: settings.baseUrl, numberOfApiCallRetries: 0 });
}
