/**
 * The CRM-agnostic sync engine. Imported by the CRM packages as `@pipeline-attribution/core/dist/sync`
 * (not re-exported from the core's index: it is the only part of the core that needs SQLite).
 */
export * from './crmPort';
export * from './syncRecords';
export * from './outbox';
export * from './ratePacer';
export * from './retryPolicy';
export * from './syncEngine';
export * from './crmConnector';
export * from './buildSyncRecords';
export * from './reconcile';
export * from './eraseContact';
export * from './progressReporter';
export * from './syncCommands';
export * from './creditSync';
export * from './syntheticSyncData';
