import { FaultInjector } from './faults/faultInjector';
import type { FaultSpec } from './faults/faultSpec';
import { RequestLog, type RequestLogEntry, type ServiceName } from './http/requestLog';
import { startServiceServer, type RunningServer } from './http/server';
import { HubSpotService, type HubSpotPortalConfig } from './hubspot/hubspotService';
import { defaultMetadataDir, validateOptions, type SandboxOptions } from './options';
import { SalesforceService, type SalesforceOrgConfig } from './salesforce/salesforceService';
import { openDatabase, readMeta, writeMeta } from './store/database';
import { TokenStore } from './store/tokens';
import { loadDemoDataset, seedDemo } from './demo/seedDemo';

export interface HubSpotCredentials {
  baseUrl: string;
  accessToken: string;
  portalId: number;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface SalesforceCredentials {
  instanceUrl: string;
  loginUrl: string;
  accessToken: string;
  apiVersion: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  refreshToken: string;
  orgId: string;
  userId: string;
  /** Signs JWT bearer assertions the sandbox verifies with the matching public key. */
  privateKeyPem?: string;
}

export interface SandboxHandle {
  hubspot: HubSpotCredentials;
  salesforce: SalesforceCredentials;
  setFaults(spec: string | FaultSpec): void;
  requestLog(): ReadonlyArray<RequestLogEntry>;
  clearRequestLog(): void;
  expireTokens(service?: ServiceName): void;
  /** Another portal in the same sandbox (several accounts per database). */
  addHubSpotPortal(): HubSpotCredentials;
  /** Another org in the same sandbox. */
  addSalesforceOrg(): SalesforceCredentials;
  /** Forgets rate-limit windows and daily counters (between tests). */
  resetLimits(): void;
  /** The database file (undefined when in memory). */
  readonly dbFile: string | undefined;
  /** True when this start created the default portal and org (a fresh database). */
  readonly created: boolean;
  stop(): Promise<void>;
}

/** The API version the sandbox advertises as its newest (contract §d.1: v67.0). */
export const SALESFORCE_API_VERSION = '67.0';

/**
 * Starts the HubSpot and Salesforce emulators on loopback over one SQLite database.
 * The first portal and org are created on a fresh database and reused when the file already has them.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  validateOptions(options);
  const database = openDatabase(options.dbFile);
  const tokens = new TokenStore(database);
  const faults = new FaultInjector(options.faults);
  const log = new RequestLog();
  const hubspot = new HubSpotService(database, tokens, faults, {
    rateLimitPerWindow: options.hubspotRateLimitPer10s ?? 190,
    rateLimitWindowMs: options.hubspotRateLimitWindowMs ?? 10_000,
    searchPerSecond: options.hubspotSearchPerSecond ?? 5,
    dailyLimit: options.hubspotDailyLimit,
    searchFilterLimits: options.hubspotSearchFilterLimits ?? { maxGroups: 5, maxFiltersPerGroup: 6, maxFiltersTotal: 18 },
  });
  const salesforce = new SalesforceService(database, tokens, faults, {
    metadataDir: options.salesforceMetadataDir ?? defaultMetadataDir(),
    dailyApiLimit: options.salesforceDailyApiLimit ?? 15_000,
    queryPageSize: options.salesforceQueryPageSize ?? 2000,
    bulkProcessingMs: options.salesforceBulkProcessingMs ?? 50,
  });

  const created = readMeta(database, 'initialized') === undefined;
  if (created) {
    database.transaction(() => {
      hubspot.createPortal();
      salesforce.createOrg();
      writeMeta(database, 'initialized', new Date().toISOString());
    })();
  }
  if (options.seedDemo && readMeta(database, 'demoSeeded') === undefined) {
    // All or nothing: the seed runs in one transaction (the routes' own transactions nest as
    // savepoints), and no request is served before it ends, so nothing else interleaves.
    database.exec('BEGIN');
    try {
      await seedDemo(hubspot, salesforce, loadDemoDataset(options.demoDataDir));
      writeMeta(database, 'demoSeeded', new Date().toISOString());
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      salesforce.close();
      database.close();
      throw error;
    }
  }

  const servers: RunningServer[] = [];
  try {
    servers.push(await startServiceServer(hubspot, options.hubspotPort ?? 0, faults, log));
    servers.push(await startServiceServer(salesforce, options.salesforcePort ?? 0, faults, log));
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    database.close();
    throw error;
  }
  const [hubspotServer, salesforceServer] = servers;
  salesforce.setOrigin(salesforceServer.origin);

  const hubspotCredentials = (portal: HubSpotPortalConfig): HubSpotCredentials => ({
    baseUrl: hubspotServer.origin,
    accessToken: portal.accessToken,
    portalId: portal.portalId,
    clientId: portal.clientId,
    clientSecret: portal.clientSecret,
    refreshToken: portal.refreshToken,
  });
  const salesforceCredentials = (org: SalesforceOrgConfig): SalesforceCredentials => ({
    instanceUrl: salesforceServer.origin,
    loginUrl: salesforceServer.origin,
    accessToken: org.accessToken,
    apiVersion: SALESFORCE_API_VERSION,
    clientId: org.clientId,
    clientSecret: org.clientSecret,
    username: org.username,
    password: org.password,
    refreshToken: org.refreshToken,
    orgId: org.orgId,
    userId: org.userId,
    privateKeyPem: org.privateKeyPem,
  });

  let stopped = false;
  return {
    hubspot: hubspotCredentials(hubspot.portals()[0]),
    salesforce: salesforceCredentials(salesforce.orgs()[0]),
    dbFile: options.dbFile,
    created,
    setFaults: (spec) => faults.set(spec),
    requestLog: () => log.snapshot(),
    clearRequestLog: () => log.clear(),
    expireTokens: (service) => tokens.expireAll(service),
    addHubSpotPortal: () => hubspotCredentials(hubspot.createPortal()),
    addSalesforceOrg: () => salesforceCredentials(salesforce.createOrg()),
    resetLimits: () => {
      hubspot.resetLimits();
      salesforce.resetLimits();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all(servers.map((server) => server.close()));
      salesforce.close();
      database.close();
    },
  };
}
