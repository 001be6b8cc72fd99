import type { FaultInjector } from '../faults/faultInjector';
import type { SchemaRegistry } from './metadata/schemaRegistry';
import type { RecordWriter } from './recordWriter';
import type { SalesforceStore } from './sfStore';

export interface SalesforceOrgConfig {
  orgId: string;
  userId: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** What every authenticated Salesforce route handler receives. */
export interface SalesforceContext {
  readonly org: SalesforceOrgConfig;
  /** The API version of the request path (`62.0`). */
  readonly version: string;
  readonly store: SalesforceStore;
  readonly registry: SchemaRegistry;
  readonly writer: RecordWriter;
  readonly faults: FaultInjector;
  readonly queryPageSize: number;
  readonly dailyApiLimit: number;
  /** Requests counted against the daily limit so far today (this one included). */
  readonly apiUsage: number;
  now(): number;
}
