import { randomUUID } from 'node:crypto';
import { ApiError, json, type Reply, type SandboxRequest } from '../http/reply';
import { Router } from '../http/router';
import type { EmulatedService } from '../http/server';
import type { FaultInjector } from '../faults/faultInjector';
import type { SandboxDatabase } from '../store/database';
import { TokenStore } from '../store/tokens';
import { HUBSPOT_JSON, hubspotErrorBody, hubspotErrorReply } from './errors';
import { ALL_HUBSPOT_SCOPES, type HubSpotContext, type SearchFilterLimits } from './hubspotContext';
import { HubSpotStore } from './hubspotStore';
import { DailyCounter, RollingWindowLimiter } from '../limits/rateLimiters';
import { registerAssociationRoutes } from './routes/associations';
import { registerBatchRoutes } from './routes/batch';
import { registerObjectRoutes } from './routes/objects';
import { authorize, token, tokenInfo, type OAuthDependencies } from './routes/oauth';
import { registerPipelineRoutes } from './routes/pipelines';
import { registerPropertyRoutes } from './routes/properties';
import { registerSchemaRoutes } from './routes/schemas';
import { registerSearchRoutes } from './routes/search';

export interface HubSpotPortalConfig {
  portalId: number;
  appId: number;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  scopes: string[];
}

export interface HubSpotServiceOptions {
  /** Burst limit per token per window (contract §b.8: 100, 110 or 190). */
  rateLimitPerWindow: number;
  /** Rolling window length; 10,000 ms like HubSpot, shorter in tests. */
  rateLimitWindowMs: number;
  /** Search requests per second per portal (5). */
  searchPerSecond: number;
  /** Requests per portal per UTC day; undefined = no daily limit (OAuth apps have none). */
  dailyLimit?: number;
  searchFilterLimits: SearchFilterLimits;
}

/** The HubSpot CRM emulator: auth, limits, error shape, and the route groups in `routes/`. */
export class HubSpotService implements EmulatedService {
  readonly name = 'hubspot' as const;
  readonly jsonContentType = HUBSPOT_JSON;
  readonly store: HubSpotStore;
  private readonly router = new Router<HubSpotContext>();
  private readonly burst: RollingWindowLimiter;
  private readonly secondly: RollingWindowLimiter;
  private readonly daily = new DailyCounter();
  private readonly oauth: OAuthDependencies;
  private portalCache: HubSpotPortalConfig[] | undefined;

  constructor(
    database: SandboxDatabase,
    private readonly tokens: TokenStore,
    private readonly faults: FaultInjector,
    private readonly options: HubSpotServiceOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new HubSpotStore(database);
    this.burst = new RollingWindowLimiter(options.rateLimitPerWindow, options.rateLimitWindowMs);
    this.secondly = new RollingWindowLimiter(options.searchPerSecond, 1000);
    this.oauth = { tokens, portals: () => this.portals(), now };
    registerSearchRoutes(this.router);
    registerBatchRoutes(this.router);
    registerObjectRoutes(this.router);
    registerSchemaRoutes(this.router);
    registerPropertyRoutes(this.router);
    registerAssociationRoutes(this.router);
    registerPipelineRoutes(this.router);
  }

  portals(): HubSpotPortalConfig[] {
    this.portalCache ??= this.store.portals().map((portal) => portal.config as unknown as HubSpotPortalConfig);
    return this.portalCache;
  }

  /** Adds a portal (account) with its standard objects, a private-app token and OAuth app credentials. */
  createPortal(portalId?: number): HubSpotPortalConfig {
    const id = portalId ?? 40_000_000 + this.store.counters.next('hs:portals', 1);
    const config: HubSpotPortalConfig = {
      portalId: id,
      appId: 1_000_000 + (id % 1_000_000),
      clientId: randomUUID(),
      clientSecret: randomUUID(),
      accessToken: TokenStore.newToken('pat-sandbox-'),
      refreshToken: TokenStore.newToken('hs-refresh-'),
      scopes: ALL_HUBSPOT_SCOPES,
    };
    this.store.createPortal(id, config as unknown as Record<string, unknown>);
    this.tokens.issue({ token: config.accessToken, service: 'hubspot', accountId: String(id), kind: 'access', expiresAt: Number.MAX_SAFE_INTEGER, scopes: config.scopes });
    this.tokens.issue({ token: config.refreshToken, service: 'hubspot', accountId: String(id), kind: 'refresh', expiresAt: Number.MAX_SAFE_INTEGER, scopes: config.scopes });
    this.portalCache = undefined;
    return config;
  }

  resetLimits(): void {
    this.burst.reset();
    this.secondly.reset();
  }

  /**
   * Runs one API call in-process for a portal, without HTTP, auth checks or limits (demo seeding).
   * Throws the HubSpot error message when the call fails.
   */
  async invoke(portalId: number, method: string, path: string, body?: unknown): Promise<unknown> {
    const portal = this.portals().find((candidate) => candidate.portalId === portalId);
    if (!portal) throw new Error(`No HubSpot portal ${portalId} in this sandbox`);
    const url = new URL(path, 'http://sandbox.local');
    const request: SandboxRequest = { method, path: url.pathname, query: url.searchParams, headers: {}, rawBody: body === undefined ? '' : JSON.stringify(body), params: {}, origin: 'http://sandbox.local' };
    const matched = this.router.match(method, url.pathname);
    if (!('handler' in matched)) throw new Error(`No HubSpot endpoint ${method} ${path}`);
    const context: HubSpotContext = {
      portalId, store: this.store, faults: this.faults, searchFilterLimits: this.options.searchFilterLimits, now: this.now,
      token: { token: portal.accessToken, service: 'hubspot', accountId: String(portalId), kind: 'access', expiresAt: Number.MAX_SAFE_INTEGER, scopes: portal.scopes },
    };
    try {
      const reply = await matched.handler({ ...request, params: matched.params }, context);
      if (reply.status >= 300 && reply.status !== 207) throw new Error(`HubSpot ${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      return reply.body;
    } catch (error) {
      if (error instanceof ApiError) throw new Error(`HubSpot ${method} ${path} failed: ${error.code} ${error.message}`);
      throw error;
    }
  }

  private bearer(request: SandboxRequest): string | undefined {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !/^Bearer\s+/i.test(header)) return undefined;
    return header.replace(/^Bearer\s+/i, '').trim();
  }

  expireRequestToken(request: SandboxRequest): void {
    const value = this.bearer(request);
    if (value) this.tokens.expire(value);
  }

  injectedFault(status: number, request: SandboxRequest): Reply {
    if (status === 429) return this.rateLimitReply(request.path.endsWith('/search') ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING', {});
    return json(status, hubspotErrorBody(status === 500 ? 'INTERNAL_ERROR' : 'SERVICE_UNAVAILABLE', status === 500 ? 'internal error' : 'The service is temporarily unavailable', { subCategory: 'SANDBOX.INJECTED_FAULT' }));
  }

  /** The 429 bodies the api-client's retry decorator keys on (`policyName` / the secondly message). */
  private rateLimitReply(policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY', headers: Record<string, string>): Reply {
    const message = policyName === 'SECONDLY' ? 'You have reached your secondly limit.' : policyName === 'DAILY' ? 'You have reached your daily limit.' : 'You have reached your ten_secondly_rolling limit.';
    return json(429, { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName, requestId: randomUUID() }, headers);
  }

  async handle(request: SandboxRequest): Promise<Reply> {
    try {
      if (request.path === '/oauth/authorize' && request.method === 'GET') return authorize(request, this.oauth);
      if (request.path === '/oauth/v1/token' && request.method === 'POST') return token(request, this.oauth);
      if (request.path.startsWith('/oauth/v1/access-tokens/') && request.method === 'GET') return tokenInfo(request, this.oauth, 'access');
      if (request.path.startsWith('/oauth/v1/refresh-tokens/')) return tokenInfo(request, this.oauth, 'refresh');
      if (request.path === '/integrations/v1/me' && request.method === 'GET') {
        const context = this.authenticate(request);
        const portal = this.portals().find((candidate) => candidate.portalId === context.portalId);
        return json(200, { portalId: context.portalId, timeZone: 'UTC', accountType: 'DEVELOPER_TEST', currency: 'USD', utcOffset: '+00:00', utcOffsetMilliseconds: 0, appId: portal?.appId });
      }
      if (request.path === '/account-info/v3/details' && request.method === 'GET') {
        const context = this.authenticate(request);
        return json(200, { portalId: context.portalId, accountType: 'DEVELOPER_TEST', timeZone: 'UTC', companyCurrency: 'USD', additionalCurrencies: [], utcOffset: '+00:00', utcOffsetMilliseconds: 0, uiDomain: 'app.hubspot.local', dataHostingLocation: 'na1' });
      }
      const context = this.authenticate(request);
      const matched = this.router.match(request.method, request.path);
      if (!('handler' in matched)) {
        throw new ApiError(matched.methodMismatch ? 405 : 404, matched.methodMismatch ? 'METHOD_NOT_ALLOWED' : 'OBJECT_NOT_FOUND', matched.methodMismatch ? `HTTP ${request.method} is not supported by ${request.path}` : `No endpoint at ${request.method} ${request.path}`);
      }
      const limited = this.applyRateLimits(request, context);
      if ('status' in limited) return limited;
      const reply = await matched.handler({ ...request, params: matched.params }, context);
      reply.headers = { ...limited.headers, ...reply.headers };
      return reply;
    } catch (error) {
      if (error instanceof ApiError) return hubspotErrorReply(error);
      throw error;
    }
  }

  private authenticate(request: SandboxRequest): HubSpotContext {
    const value = this.bearer(request);
    if (!value) {
      throw new ApiError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    const record = this.tokens.find(value);
    if (!record || record.service !== 'hubspot' || record.kind !== 'access') {
      throw new ApiError(401, 'INVALID_AUTHENTICATION', 'The OAuth token used to make this call is invalid. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    const now = this.now();
    if (record.expiresAt <= now) {
      throw new ApiError(401, 'EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${Math.floor((now - record.expiresAt) / 1000)} second(s) ago.`);
    }
    return { portalId: Number(record.accountId), token: record, store: this.store, faults: this.faults, searchFilterLimits: this.options.searchFilterLimits, now: this.now };
  }

  /** Daily, search-secondly and ten-secondly limits; returns the headers to add or the 429. */
  private applyRateLimits(request: SandboxRequest, context: HubSpotContext): Reply | { headers: Record<string, string> } {
    const now = this.now();
    const headers: Record<string, string> = {};
    const dailyLimit = this.faults.current.dailyLimit ?? this.options.dailyLimit;
    if (dailyLimit !== undefined) {
      const used = this.daily.increment(String(context.portalId), now);
      headers['X-HubSpot-RateLimit-Daily'] = String(dailyLimit);
      headers['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, dailyLimit - used));
      if (used > dailyLimit) return this.rateLimitReply('DAILY', headers);
    }
    if (request.method === 'POST' && request.path.endsWith('/search')) {
      // Search has its own per-second limit and carries no X-HubSpot-RateLimit headers (contract §b.4).
      if (this.secondly.take(String(context.portalId), now) < 0) return this.rateLimitReply('SECONDLY', {});
      return { headers: {} };
    }
    const remaining = this.burst.take(context.token.token, now);
    headers['X-HubSpot-RateLimit-Max'] = String(this.options.rateLimitPerWindow);
    headers['X-HubSpot-RateLimit-Remaining'] = String(Math.max(0, remaining));
    headers['X-HubSpot-RateLimit-Interval-Milliseconds'] = String(this.options.rateLimitWindowMs);
    if (remaining < 0) return this.rateLimitReply('TEN_SECONDLY_ROLLING', headers);
    return { headers };
  }
}
