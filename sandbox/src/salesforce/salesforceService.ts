import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { ApiError, json, type Reply, type SandboxRequest } from '../http/reply';
import { Router } from '../http/router';
import type { EmulatedService } from '../http/server';
import type { FaultInjector } from '../faults/faultInjector';
import { DailyCounter } from '../limits/rateLimiters';
import type { SandboxDatabase } from '../store/database';
import { TokenStore } from '../store/tokens';
import { BulkJobs } from './bulk/bulkJobs';
import { registerBulkIngestRoutes } from './routes/bulk2Ingest';
import { registerBulkQueryRoutes } from './routes/bulk2Query';
import { salesforceErrorReply } from './errors';
import { newSalesforceId } from './ids';
import { SchemaRegistry } from './metadata/schemaRegistry';
import { RecordWriter } from './recordWriter';
import { registerCollectionRoutes } from './routes/collections';
import { registerLimitRoutes } from './routes/limits';
import { identityJson, salesforceAuthorize, salesforceToken, type SalesforceOAuthDependencies } from './routes/oauth';
import { QueryCursors } from './routes/query';
import { registerSObjectRoutes } from './routes/sobjects';
import { listResources, listVersions, MAX_API_VERSION, MIN_API_VERSION } from './routes/versions';
import type { SalesforceContext, SalesforceOrgConfig } from './salesforceContext';
import { SalesforceStore } from './sfStore';

export type { SalesforceOrgConfig } from './salesforceContext';

export interface SalesforceServiceOptions {
  metadataDir: string;
  dailyApiLimit: number;
  queryPageSize: number;
  bulkProcessingMs: number;
}

const VERSIONED_PATH = /^\/services\/data\/v(\d+)\.(\d)(\/.*)?$/;

/** The Salesforce REST/Bulk 2.0 emulator: OAuth, limits, error shape, and the route groups in `routes/`. */
export class SalesforceService implements EmulatedService {
  readonly name = 'salesforce' as const;
  readonly jsonContentType = 'application/json;charset=UTF-8';
  readonly store: SalesforceStore;
  readonly registry: SchemaRegistry;
  readonly writer: RecordWriter;
  private readonly router = new Router<SalesforceContext>();
  private readonly daily = new DailyCounter();
  private readonly oauth: SalesforceOAuthDependencies;
  private readonly bulkJobs: BulkJobs;
  private origin = 'http://127.0.0.1';
  private orgCache: SalesforceOrgConfig[] | undefined;

  constructor(
    database: SandboxDatabase,
    private readonly tokens: TokenStore,
    private readonly faults: FaultInjector,
    private readonly options: SalesforceServiceOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new SalesforceStore(database);
    this.registry = new SchemaRegistry(options.metadataDir);
    this.writer = new RecordWriter(this.store, this.registry);
    this.oauth = { tokens, orgs: () => this.orgs(), origin: () => this.origin, now };
    this.bulkJobs = new BulkJobs(options.bulkProcessingMs);
    registerSObjectRoutes(this.router);
    registerCollectionRoutes(this.router);
    new QueryCursors().register(this.router);
    registerLimitRoutes(this.router);
    registerBulkIngestRoutes(this.router, this.bulkJobs);
    registerBulkQueryRoutes(this.router, this.bulkJobs);
  }

  setOrigin(origin: string): void {
    this.origin = origin;
  }

  orgs(): SalesforceOrgConfig[] {
    this.orgCache ??= this.store.orgs() as unknown as SalesforceOrgConfig[];
    return this.orgCache;
  }

  /** Adds an org with its user, connected app (JWT key pair), tokens and campaign influence models. */
  createOrg(): SalesforceOrgConfig {
    const sequence = this.store.counters.next('sf:orgs', 1);
    const orgId = newSalesforceId('00D', sequence);
    const userId = newSalesforceId('005', sequence);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const org: SalesforceOrgConfig = {
      orgId,
      userId,
      username: `sandbox-user-${sequence}@pipeline-attribution.test`,
      password: randomBytes(12).toString('base64url'),
      clientId: `3MVG9sandbox${randomBytes(18).toString('base64url').replace(/[-_]/g, 'A')}`,
      clientSecret: randomBytes(32).toString('hex').toUpperCase(),
      accessToken: `${orgId}!${TokenStore.newToken('')}`,
      refreshToken: `5Aep${randomBytes(32).toString('base64url')}`,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    this.store.database.transaction(() => {
      this.store.putOrg(orgId, org as unknown as Record<string, unknown>);
      this.tokens.issue({ token: org.accessToken, service: 'salesforce', accountId: orgId, kind: 'access', expiresAt: Number.MAX_SAFE_INTEGER, scopes: ['api', 'refresh_token'] });
      this.tokens.issue({ token: org.refreshToken, service: 'salesforce', accountId: orgId, kind: 'refresh', expiresAt: Number.MAX_SAFE_INTEGER, scopes: ['api', 'refresh_token'] });
      const stamp = new Date(this.now()).toISOString();
      const system = { IsDeleted: false, CreatedDate: stamp, LastModifiedDate: stamp, SystemModstamp: stamp, CreatedById: userId, LastModifiedById: userId };
      this.store.insert(orgId, {
        id: userId, sobject: 'User', isDeleted: false, seq: 0,
        fields: { Id: userId, ...system, Username: org.username, Email: org.username, FirstName: 'Sandbox', LastName: 'User', Name: 'Sandbox User', IsActive: true },
      });
      // CampaignInfluenceModel is read-only over the API: the default model plus a locked custom one
      // our package writes CampaignInfluence rows for (contract §e: locked models accept API writes only).
      const models = [
        { DeveloperName: 'primaryModel', MasterLabel: 'Primary Campaign Source Model', IsActive: true, IsDefaultModel: true, IsModelLocked: true, ModelType: 'Standard', ModelDescription: 'Gives 100% of the opportunity to its primary campaign source.' },
        { DeveloperName: 'Pipeline_Attribution', MasterLabel: 'Pipeline Attribution', IsActive: true, IsDefaultModel: false, IsModelLocked: true, ModelType: 'Custom', ModelDescription: 'Creator, campaign and channel credit computed by Pipeline Attribution.' },
        { DeveloperName: 'Even_Distribution', MasterLabel: 'Even Distribution', IsActive: false, IsDefaultModel: false, IsModelLocked: false, ModelType: 'Custom', ModelDescription: 'An unlocked custom model, maintained in Setup.' },
      ];
      for (const model of models) {
        const seq = this.store.counters.next(`sf:${orgId}:seq`, 1);
        const id = newSalesforceId('03V', seq);
        this.store.insert(orgId, { id, sobject: 'CampaignInfluenceModel', isDeleted: false, seq, fields: { Id: id, ...system, RecordPreference: 'AllRecords', NamespacePrefix: null, ...model } });
      }
    })();
    this.orgCache = undefined;
    return org;
  }

  resetLimits(): void {
    this.daily.reset();
  }

  close(): void {
    this.bulkJobs.close();
  }

  /** Runs one REST call in-process for an org, without HTTP, auth or limits (demo seeding). */
  async invoke(orgId: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const org = this.orgs().find((candidate) => candidate.orgId === orgId);
    if (!org) throw new Error(`No Salesforce org ${orgId} in this sandbox`);
    const url = new URL(path, 'http://sandbox.local');
    const request: SandboxRequest = { method, path: url.pathname, query: url.searchParams, headers: {}, rawBody: body === undefined ? '' : JSON.stringify(body), params: {}, origin: this.origin };
    try {
      const reply = await this.dispatch(request, org, `${MAX_API_VERSION}.0`, url.pathname);
      if (reply.status >= 300) throw new Error(`Salesforce ${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      return reply.body;
    } catch (error) {
      if (error instanceof ApiError) throw new Error(`Salesforce ${method} ${path} failed: ${error.code} ${error.message}`);
      throw error;
    }
  }

  private bearer(request: SandboxRequest): string | undefined {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return undefined;
    const match = /^(Bearer|OAuth)\s+(.+)$/i.exec(header);
    return match?.[2].trim();
  }

  expireRequestToken(request: SandboxRequest): void {
    const value = this.bearer(request);
    if (value) this.tokens.expire(value);
  }

  injectedFault(status: number): Reply {
    if (status === 429) return json(403, [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    if (status === 503) return json(503, [{ message: 'Server temporarily unavailable (sandbox-injected).', errorCode: 'SERVER_UNAVAILABLE' }]);
    return json(status, [{ message: `An unexpected error occurred. Please include this ErrorId if you contact support: ${randomUUID()} (sandbox-injected)`, errorCode: 'UNKNOWN_EXCEPTION' }]);
  }

  private authenticate(request: SandboxRequest): SalesforceOrgConfig {
    const value = this.bearer(request) ?? request.query.get('oauth_token') ?? undefined;
    const record = value ? this.tokens.find(value) : undefined;
    const org = record && record.service === 'salesforce' && record.kind === 'access' && record.expiresAt > this.now() ? this.orgs().find((candidate) => candidate.orgId === record.accountId) : undefined;
    if (!org) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    return org;
  }

  async handle(request: SandboxRequest): Promise<Reply> {
    try {
      if (request.path === '/services/oauth2/token' && request.method === 'POST') return salesforceToken(request, this.oauth);
      if (request.path === '/services/oauth2/authorize' && request.method === 'GET') return salesforceAuthorize(request, this.oauth);
      if (request.path === '/services/oauth2/userinfo') return json(200, identityJson(this.authenticate(request), this.origin, `${MAX_API_VERSION}.0`));
      if (request.path.startsWith('/id/')) return json(200, identityJson(this.authenticate(request), this.origin, `${MAX_API_VERSION}.0`));
      if (request.path === '/services/data' || request.path === '/services/data/') return listVersions();
      const match = VERSIONED_PATH.exec(request.path);
      if (!match) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const major = Number(match[1]);
      const version = `${major}.${match[2]}`;
      if (major < MIN_API_VERSION || major > MAX_API_VERSION || match[2] !== '0') throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const org = this.authenticate(request);
      return this.withLimitHeader(org, () => this.dispatch(request, org, version, match[3] ?? ''));
    } catch (error) {
      if (error instanceof ApiError) return salesforceErrorReply(error);
      throw error;
    }
  }

  /** Counts the call against the daily API limit and adds `Sforce-Limit-Info` (also to errors). */
  private async withLimitHeader(org: SalesforceOrgConfig, work: (usage: number) => Promise<Reply>): Promise<Reply> {
    const limit = this.faults.current.dailyLimit ?? this.options.dailyApiLimit;
    const used = this.daily.increment(org.orgId, this.now());
    const header = { 'Sforce-Limit-Info': `api-usage=${Math.min(used, limit)}/${limit}` };
    let reply: Reply;
    if (used > limit) reply = json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    else {
      try {
        reply = await work(used);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        reply = salesforceErrorReply(error);
      }
    }
    reply.headers = { ...reply.headers, ...header };
    return reply;
  }

  private async dispatch(request: SandboxRequest, org: SalesforceOrgConfig, version: string, rest: string): Promise<Reply> {
    if (rest === '' || rest === '/') return listResources(request, version);
    const matched = this.router.match(request.method, rest);
    if (!('handler' in matched)) {
      if (matched.methodMismatch) throw new ApiError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${request.method}' not allowed. Allowed are GET,HEAD,PATCH,POST,DELETE`);
      throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    const apiUsage = this.daily.peek(org.orgId);
    const context: SalesforceContext = {
      org, version, store: this.store, registry: this.registry, writer: this.writer, faults: this.faults,
      queryPageSize: this.options.queryPageSize, dailyApiLimit: this.faults.current.dailyLimit ?? this.options.dailyApiLimit, apiUsage, now: this.now,
    };
    return matched.handler({ ...request, params: matched.params }, context);
  }
}
