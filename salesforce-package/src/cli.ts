import { join } from 'node:path';
import type { Command } from 'commander';
import { CommandOutcome, EXIT_FAILURE } from '@pipeline-attribution/core';
import { registerCrmConnector, registerSyncCommands } from '@pipeline-attribution/core/dist/sync';
import { checkMetadata, formatMetadataIssues } from './metadata/checkMetadata';
import { SALESFORCE_CONNECTOR } from './salesforceConnector';

/**
 * Salesforce's part of the CLI: registers the Salesforce connector for `push|sync|reconcile|setup
 * salesforce` and `erase`, and adds `attribution check-metadata` (the offline package check).
 */
export function registerCommands(program: Command): void {
  registerCrmConnector(SALESFORCE_CONNECTOR);
  registerSyncCommands(program);
  program
    .command('check-metadata')
    .description('check the Salesforce package metadata offline (well-formed, complete, consistent); exits 1 on any issue')
    .argument('[dir]', 'the force-app/main/default folder', join(__dirname, '..', 'force-app', 'main', 'default'))
    .action((directory: string) => {
      const issues = checkMetadata(directory);
      if (issues.length > 0) {
        throw new CommandOutcome(EXIT_FAILURE, `${formatMetadataIssues(issues)}\n${issues.length} metadata issues`);
      } else process.stdout.write('metadata OK\n');
    });
}
