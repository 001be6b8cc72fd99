import { createHmac, timingSafeEqual, verify } from 'node:crypto';
import { json, type Reply, type SandboxRequest } from '../../http/reply';
import { TokenStore } from '../../store/tokens';
import type { SalesforceOrgConfig } from '../salesforceContext';

export interface SalesforceOAuthDependencies {
  tokens: TokenStore;
  orgs(): SalesforceOrgConfig[];
  origin(): string;
  now(): number;
}

/** Salesforce sessions time out after 2 hours by default. */
export const SESSION_LIFETIME_MS = 2 * 60 * 60_000;

function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

/** Verifies an RS256 JWT bearer assertion against the org's public key; returns the claims or an error text. */
function verifyAssertion(assertion: string, org: SalesforceOrgConfig, audiences: string[], now: number): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'invalid assertion';
  let header: { alg?: string };
  let claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number };
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return 'invalid assertion';
  }
  if (header.alg !== 'RS256') return 'invalid assertion: alg must be RS256';
  if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), org.publicKeyPem, Buffer.from(parts[2], 'base64url'))) return 'invalid assertion: signature';
  if (claims.iss !== org.clientId) return 'invalid client credentials';
  if (claims.sub !== org.username) return 'user hasn\'t approved this consumer';
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.some((value) => value && audiences.includes(value.replace(/\/$/, '')))) return 'audience is invalid';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return 'expired authorization code';
  return undefined;
}

/** `POST /services/oauth2/token`: jwt-bearer, refresh_token, password and authorization_code grants (contract §j.1). */
export function salesforceToken(request: SandboxRequest, dependencies: SalesforceOAuthDependencies): Reply {
  const form = new URLSearchParams(request.rawBody);
  const grantType = form.get('grant_type');
  const now = dependencies.now();
  let org: SalesforceOrgConfig | undefined;
  let issueRefresh = false;
  if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    const assertion = form.get('assertion') ?? '';
    let issuer: string | undefined;
    try {
      issuer = (JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: string }).iss;
    } catch {
      return oauthError(400, 'invalid_grant', 'invalid assertion');
    }
    org = dependencies.orgs().find((candidate) => candidate.clientId === issuer);
    if (!org) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    const problem = verifyAssertion(assertion, org, [dependencies.origin(), 'https://login.salesforce.com', 'https://test.salesforce.com'], now);
    if (problem) return oauthError(400, 'invalid_grant', problem);
  } else if (grantType === 'refresh_token') {
    const refresh = dependencies.tokens.find(form.get('refresh_token') ?? '');
    org = dependencies.orgs().find((candidate) => candidate.orgId === refresh?.accountId);
    if (!refresh || refresh.kind !== 'refresh' || refresh.service !== 'salesforce' || !org) return oauthError(400, 'invalid_grant', 'expired access/refresh token');
    if (form.get('client_id') && form.get('client_id') !== org.clientId) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  } else if (grantType === 'password') {
    org = dependencies.orgs().find((candidate) => candidate.clientId === form.get('client_id'));
    if (!org) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (!safeEqual(form.get('client_secret') ?? '', org.clientSecret)) return oauthError(400, 'invalid_client', 'invalid client credentials');
    if (form.get('username') !== org.username || !safeEqual(form.get('password') ?? '', org.password)) return oauthError(400, 'invalid_grant', 'authentication failure');
    // The username-password flow issues no refresh token (Salesforce OAuth docs).
  } else if (grantType === 'authorization_code') {
    const code = dependencies.tokens.find(form.get('code') ?? '');
    org = dependencies.orgs().find((candidate) => candidate.orgId === code?.accountId);
    if (!code || code.kind !== 'code' || code.expiresAt < now || !org) return oauthError(400, 'invalid_grant', 'invalid authorization code');
    if (form.get('client_id') !== org.clientId || !safeEqual(form.get('client_secret') ?? '', org.clientSecret)) return oauthError(400, 'invalid_client', 'invalid client credentials');
    dependencies.tokens.revoke(code.token);
    issueRefresh = true;
  } else {
    return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
  }
  const access = dependencies.tokens.issue({ token: `${org.orgId}!${TokenStore.newToken('')}`, service: 'salesforce', accountId: org.orgId, kind: 'access', expiresAt: now + SESSION_LIFETIME_MS, scopes: ['api', 'refresh_token'] });
  const id = `${dependencies.origin()}/id/${org.orgId}/${org.userId}`;
  const issuedAt = String(now);
  const body: Record<string, unknown> = {
    access_token: access.token,
    instance_url: dependencies.origin(),
    id,
    token_type: 'Bearer',
    issued_at: issuedAt,
    signature: createHmac('sha256', org.clientSecret).update(id + issuedAt).digest('base64'),
    scope: 'api refresh_token',
  };
  if (issueRefresh) body.refresh_token = org.refreshToken;
  return json(200, body);
}

/** `GET /services/oauth2/authorize`: approves at once and redirects with a code. */
export function salesforceAuthorize(request: SandboxRequest, dependencies: SalesforceOAuthDependencies): Reply {
  const org = dependencies.orgs().find((candidate) => candidate.clientId === request.query.get('client_id'));
  const redirectUri = request.query.get('redirect_uri');
  if (!org || !redirectUri) return oauthError(400, 'invalid_client_id', 'client identifier invalid');
  const code = dependencies.tokens.issue({ token: TokenStore.newToken('sf-code-'), service: 'salesforce', accountId: org.orgId, kind: 'code', expiresAt: dependencies.now() + 15 * 60_000, scopes: [] });
  const location = new URL(redirectUri);
  location.searchParams.set('code', code.token);
  const state = request.query.get('state');
  if (state) location.searchParams.set('state', state);
  return { status: 302, headers: { Location: location.toString() } };
}

/** The identity of the token's user, as `/services/oauth2/userinfo` and the `id` URL return it. */
export function identityJson(org: SalesforceOrgConfig, origin: string, version: string): Record<string, unknown> {
  const urls = { rest: `${origin}/services/data/v{version}/`.replace('{version}', version), sobjects: `${origin}/services/data/v${version}/sobjects/`, query: `${origin}/services/data/v${version}/query/` };
  return {
    sub: `${origin}/id/${org.orgId}/${org.userId}`, id: `${origin}/id/${org.orgId}/${org.userId}`, user_id: org.userId, organization_id: org.orgId,
    preferred_username: org.username, username: org.username, nickname: 'sandbox', name: 'Sandbox User', display_name: 'Sandbox User', email: org.username,
    email_verified: true, given_name: 'Sandbox', family_name: 'User', zoneinfo: 'UTC', active: true, user_type: 'STANDARD', language: 'en_US', locale: 'en_US',
    utcOffset: 0, asserted_user: true, urls,
  };
}
