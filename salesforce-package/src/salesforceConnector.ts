import { InputError } from '@pipeline-attribution/core';
import type { CrmConnection, CrmConnector } from '@pipeline-attribution/core/dist/sync';
import { SalesforceAdapter } from './salesforceAdapter';
import { connectSalesforceApi, salesforceSettingsFromEnvironment } from './salesforceConnection';
import { readSalesforceTables } from './salesforceReader';
import { KIND_TARGETS } from './salesforceNames';

export async function connectSalesforce(environment: NodeJS.ProcessEnv = process.env): Promise<CrmConnection & { adapter: SalesforceAdapter }> {
  const connection = await connectSalesforceApi(salesforceSettingsFromEnvironment(environment));
  const bulkBatchSize = environment.SF_BULK_BATCH_SIZE ? Number(environment.SF_BULK_BATCH_SIZE) : 0;
  if (!Number.isInteger(bulkBatchSize) || bulkBatchSize < 0 || bulkBatchSize > 150_000_000) {
    throw new InputError(`expected a whole number of records per Bulk API job, found ${JSON.stringify(environment.SF_BULK_BATCH_SIZE)}`, {
      field: 'SF_BULK_BATCH_SIZE',
    });
  }
  const pollIntervalMs = environment.SF_BULK_POLL_MS ? Number(environment.SF_BULK_POLL_MS) : undefined;
  const adapter = new SalesforceAdapter(connection, { namespace: environment.SF_NAMESPACE ?? '', bulkBatchSize, bulkPollIntervalMs: pollIntervalMs });
  return {
    adapter,
    readTables: (scope, call) => readSalesforceTables(adapter, scope, call, { bulk: environment.SF_BULK_READS === 'true' }),
    // The schema ships as the package (force-app); setup checks it is deployed: every object and key field describable.
    setup: async (call) => {
      const missing: string[] = [];
      for (const target of Object.values(KIND_TARGETS)) {
        const sobject = adapter.names.name(target.sobject);
        try {
          const description = await adapter.run(call, () => connection.sobject(sobject).describe());
          const field = description.fields.find((candidate) => candidate.name === adapter.names.name(target.externalIdField));
          if (!field || !field.externalId)
            missing.push(`${sobject}.${adapter.names.name(target.externalIdField)} is not an External ID field: deploy salesforce-package/force-app`);
        } catch (error) {
          missing.push(`${sobject}: ${(error as Error).message}`);
        }
      }
      if (missing.length > 0) throw new Error(`the Salesforce package is not deployed as expected:\n${missing.join('\n')}`);
      return [];
    },
  };
}

export const SALESFORCE_CONNECTOR: CrmConnector = {
  name: 'salesforce',
  environment: [
    'SF_INSTANCE_URL',
    'SF_ACCESS_TOKEN',
    'SF_LOGIN_URL',
    'SF_CLIENT_ID',
    'SF_USERNAME',
    'SF_JWT_KEY_FILE',
    'SF_API_VERSION',
    'SF_NAMESPACE',
    'SF_BULK_READS',
    'SF_BULK_BATCH_SIZE',
    'SF_BULK_POLL_MS',
  ],
  connect: (environment) => connectSalesforce(environment),
};
