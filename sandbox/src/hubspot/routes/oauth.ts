import { timingSafeEqual } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { json, noContent, type Reply, type SandboxRequest } from '../../http/reply';
import { TokenStore } from '../../store/tokens';
import type { HubSpotPortalConfig } from '../hubspotService';

/** Access tokens of HubSpot OAuth apps live 30 minutes (contract §h.4: 1800 s). */
export const HUBSPOT_TOKEN_LIFETIME_SECONDS = 1800;

export interface OAuthDependencies {
  tokens: TokenStore;
  portals(): HubSpotPortalConfig[];
  now(): number;
}

function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

function oauthError(status: string, message: string): Reply {
  return json(400, { status, message, correlationId: randomUUID(), requestId: randomUUID() });
}

/** `GET /oauth/authorize`: the sandbox approves at once and redirects back with a one-time code. */
export function authorize(request: SandboxRequest, dependencies: OAuthDependencies): Reply {
  const clientId = request.query.get('client_id') ?? '';
  const redirectUri = request.query.get('redirect_uri') ?? '';
  const portal = dependencies.portals().find((candidate) => candidate.clientId === clientId);
  if (!portal || !redirectUri) return oauthError('BAD_CLIENT_ID', 'client_id and redirect_uri are required and must name a sandbox app');
  const code = dependencies.tokens.issue({
    token: TokenStore.newToken('hs-code-'), service: 'hubspot', accountId: `${portal.portalId}|${redirectUri}`, kind: 'code',
    expiresAt: dependencies.now() + 10 * 60_000, scopes: (request.query.get('scope') ?? '').split(/[ +]/).filter(Boolean),
  });
  const location = new URL(redirectUri);
  location.searchParams.set('code', code.token);
  const state = request.query.get('state');
  if (state) location.searchParams.set('state', state);
  return { status: 302, headers: { Location: location.toString() } };
}

/** `POST /oauth/v1/token` (form-encoded): authorization_code and refresh_token grants. */
export function token(request: SandboxRequest, dependencies: OAuthDependencies): Reply {
  const form = new URLSearchParams(request.rawBody);
  const grantType = form.get('grant_type');
  const portal = dependencies.portals().find((candidate) => candidate.clientId === form.get('client_id'));
  if (!portal) return oauthError('BAD_CLIENT_ID', 'missing or invalid client_id');
  if (!safeEqual(form.get('client_secret') ?? '', portal.clientSecret)) return oauthError('BAD_CLIENT_SECRET', 'missing or invalid client_secret');
  let scopes: string[];
  if (grantType === 'authorization_code') {
    const code = dependencies.tokens.find(form.get('code') ?? '');
    if (!code || code.kind !== 'code' || code.expiresAt < dependencies.now() || code.accountId !== `${portal.portalId}|${form.get('redirect_uri') ?? ''}`) {
      return oauthError('BAD_AUTH_CODE', 'missing or unknown auth code');
    }
    dependencies.tokens.revoke(code.token);
    scopes = code.scopes.length > 0 ? code.scopes : portal.scopes;
  } else if (grantType === 'refresh_token') {
    const refresh = dependencies.tokens.find(form.get('refresh_token') ?? '');
    if (!refresh || refresh.kind !== 'refresh' || refresh.accountId !== String(portal.portalId)) return oauthError('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    scopes = refresh.scopes;
  } else {
    return oauthError('BAD_GRANT_TYPE', `unsupported grant_type: ${grantType ?? '(missing)'}`);
  }
  const access = dependencies.tokens.issue({
    token: TokenStore.newToken('hs-oauth-'), service: 'hubspot', accountId: String(portal.portalId), kind: 'access',
    expiresAt: dependencies.now() + HUBSPOT_TOKEN_LIFETIME_SECONDS * 1000, scopes,
  });
  const refreshToken = grantType === 'refresh_token'
    ? form.get('refresh_token') ?? ''
    : dependencies.tokens.issue({ token: TokenStore.newToken('hs-refresh-'), service: 'hubspot', accountId: String(portal.portalId), kind: 'refresh', expiresAt: Number.MAX_SAFE_INTEGER, scopes }).token;
  return json(200, { token_type: 'bearer', access_token: access.token, refresh_token: refreshToken, expires_in: HUBSPOT_TOKEN_LIFETIME_SECONDS });
}

/** `GET /oauth/v1/access-tokens/{token}` and `GET|DELETE /oauth/v1/refresh-tokens/{token}`. */
export function tokenInfo(request: SandboxRequest, dependencies: OAuthDependencies, kind: 'access' | 'refresh'): Reply {
  const value = request.path.split('/').pop() ?? '';
  const record = dependencies.tokens.find(decodeURIComponent(value));
  if (!record || record.kind !== kind || record.service !== 'hubspot') return json(404, { status: 'error', message: `${kind} token not found`, correlationId: randomUUID(), category: 'OBJECT_NOT_FOUND' });
  if (request.method === 'DELETE') {
    dependencies.tokens.revoke(record.token);
    return noContent();
  }
  const portal = dependencies.portals().find((candidate) => String(candidate.portalId) === record.accountId);
  const info: Record<string, unknown> = { token: record.token, user: 'sandbox-user@example.com', hub_domain: `sandbox-${record.accountId}.hubspot.local`, scopes: record.scopes, hub_id: Number(record.accountId), app_id: portal?.appId ?? 1, user_id: 1, token_type: kind };
  if (kind === 'access') info.expires_in = Math.max(0, Math.floor((record.expiresAt - dependencies.now()) / 1000));
  else info.client_id = portal?.clientId;
  return json(200, info);
}
