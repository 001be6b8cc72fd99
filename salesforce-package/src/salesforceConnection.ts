import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Connection } from 'jsforce';
import { InputError } from '@pipeline-attribution/core';

/** jsforce defaults to API 50.0 (contract §d.1): always pass a version. */
export const DEFAULT_SALESFORCE_API_VERSION = '62.0';

export type SalesforceSettings =
  | { readonly mode: 'token'; readonly instanceUrl: string; readonly accessToken: string; readonly version: string }
  | {
      readonly mode: 'jwt';
      readonly loginUrl: string;
      readonly clientId: string;
      readonly username: string;
      readonly privateKeyPem: string;
      readonly version: string;
    };

/**
 * SF_INSTANCE_URL + SF_ACCESS_TOKEN, or SF_LOGIN_URL + SF_CLIENT_ID + SF_USERNAME + SF_JWT_KEY_FILE (JWT
 * bearer flow); SF_API_VERSION. Missing pieces are input errors naming the variable.
 */
export function salesforceSettingsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): SalesforceSettings {
  const version = environment.SF_API_VERSION || DEFAULT_SALESFORCE_API_VERSION;
  if (!/^\d{2,3}\.0$/.test(version))
    throw new InputError(`expected an API version like 62.0, found ${JSON.stringify(version)}`, { field: 'SF_API_VERSION' });
  if (environment.SF_ACCESS_TOKEN || environment.SF_INSTANCE_URL) {
    if (!environment.SF_INSTANCE_URL) throw new InputError('set SF_INSTANCE_URL with SF_ACCESS_TOKEN', { field: 'SF_INSTANCE_URL' });
    if (!environment.SF_ACCESS_TOKEN) throw new InputError('set SF_ACCESS_TOKEN with SF_INSTANCE_URL', { field: 'SF_ACCESS_TOKEN' });
    return { mode: 'token', instanceUrl: environment.SF_INSTANCE_URL.replace(/\/+$/, ''), accessToken: environment.SF_ACCESS_TOKEN, version };
  }
  for (const name of ['SF_LOGIN_URL', 'SF_CLIENT_ID', 'SF_USERNAME', 'SF_JWT_KEY_FILE']) {
    if (!environment[name])
      throw new InputError('set SF_INSTANCE_URL and SF_ACCESS_TOKEN, or SF_LOGIN_URL, SF_CLIENT_ID, SF_USERNAME and SF_JWT_KEY_FILE', {
        field: name,
      });
  }
  let privateKeyPem: string;
  try {
    privateKeyPem = readFileSync(environment.SF_JWT_KEY_FILE as string, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the JWT key: ${(error as Error).message}`, { file: environment.SF_JWT_KEY_FILE, field: 'SF_JWT_KEY_FILE' });
  }
  return {
    mode: 'jwt',
    loginUrl: (environment.SF_LOGIN_URL as string).replace(/\/+$/, ''),
    clientId: environment.SF_CLIENT_ID as string,
    username: environment.SF_USERNAME as string,
    privateKeyPem,
    version,
  };
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** An RS256 JWT bearer assertion {iss: client id, sub: username, aud: login URL, exp} (OAuth 2.0 JWT bearer flow, RFC 7523). */
export function jwtBearerAssertion(
  settings: { clientId: string; username: string; loginUrl: string; privateKeyPem: string },
  now = Date.now(),
): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({ iss: settings.clientId, sub: settings.username, aud: settings.loginUrl, exp: Math.floor(now / 1000) + 180 }),
  );
  const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(settings.privateKeyPem);
  return `${header}.${claims}.${base64url(signature)}`;
}

/** A jsforce Connection from the settings (for JWT, authorised once; the token is never logged). */
export async function connectSalesforceApi(settings: SalesforceSettings): Promise<Connection> {
  if (settings.mode === 'token')
    return new Connection({ instanceUrl: settings.instanceUrl, accessToken: settings.accessToken, version: settings.version });
  const connection = new Connection({ oauth2: { loginUrl: settings.loginUrl, clientId: settings.clientId }, version: settings.version });
  await connection.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwtBearerAssertion(settings) });
  return connection;
}
