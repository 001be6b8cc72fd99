import type { DatasetTables } from '../dataset/dataset';
import type { CallObserver, CrmAdapter } from './crmPort';

export type CrmName = 'hubspot' | 'salesforce';
export const CRM_NAMES: readonly CrmName[] = ['hubspot', 'salesforce'];

/** What `sync` reads from the CRM: all of it, what changed since a time, or one deal (real time). */
export type ReadScope =
  { readonly mode: 'full' } | { readonly mode: 'since'; readonly since: number } | { readonly mode: 'deal'; readonly dealId: string };

/** A connected CRM: the write adapter plus the read side `sync` needs. */
export interface CrmConnection {
  readonly adapter: CrmAdapter;
  /** Reads campaigns, contacts (and leads), deals with their contacts, and touchpoints as the product's tables. */
  readTables(scope: ReadScope, call: CallObserver): Promise<DatasetTables>;
  /** Creates or patches the CRM's schema (HubSpot setup); absent where the schema ships as a package. */
  setup?(call: CallObserver): Promise<string[]>;
  close?(): Promise<void>;
}

/** A CRM package's entry point, registered from its `cli.ts`; connects from the environment. */
export interface CrmConnector {
  readonly name: CrmName;
  /** The environment variables it reads, for help and error messages. */
  readonly environment: readonly string[];
  connect(environment: NodeJS.ProcessEnv): Promise<CrmConnection>;
}

const connectors = new Map<CrmName, CrmConnector>();

/** Called by hubspot-app and salesforce-package when the CLI loads them (the core never imports them). */
export function registerCrmConnector(connector: CrmConnector): void {
  connectors.set(connector.name, connector);
}

export function findCrmConnector(name: string): CrmConnector | undefined {
  return connectors.get(name as CrmName);
}

export function registeredCrmConnectors(): CrmConnector[] {
  return [...connectors.values()];
}
