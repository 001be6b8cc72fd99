import type { Command } from 'commander';
import { InputError } from '@pipeline-attribution/core';
import { parseFaultSpec } from './faults/faultSpec';

interface SandboxCommandOptions {
  db?: string;
  hubspotPort: string;
  salesforcePort: string;
  faults?: string;
  seedDemo?: boolean;
}

function port(raw: string, parameter: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65_535) throw new InputError(`expected a port number 0-65535 (0 = a free port), got "${raw}"`, { field: parameter });
  return value;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (signal: NodeJS.Signals) => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/**
 * `attribution sandbox`: starts both emulators, prints their URLs and credentials as one JSON line
 * on stdout (for scripts to read), then serves until SIGINT/SIGTERM.
 */
export function registerCommands(program: Command): void {
  program
    .command('sandbox')
    .description('Run the local HubSpot and Salesforce API emulators (SQLite-backed) until Ctrl-C')
    .option('--db <file>', 'SQLite database file (default: in memory, nothing kept)')
    .option('--hubspot-port <n>', 'HubSpot emulator port (0 = a free port)', '0')
    .option('--salesforce-port <n>', 'Salesforce emulator port (0 = a free port)', '0')
    .option('--faults <spec>', 'faults to inject, e.g. 429:0.1,500:0.02,drop:0.01,partial:0.01,latency-ms:20')
    .option('--seed-demo', 'seed the demo portal and org on a fresh database')
    .action(async (options: SandboxCommandOptions) => {
      const hubspotPort = port(options.hubspotPort, '--hubspot-port');
      const salesforcePort = port(options.salesforcePort, '--salesforce-port');
      let faults;
      try {
        faults = parseFaultSpec(options.faults);
      } catch (error) {
        throw new InputError((error as Error).message, { field: '--faults' });
      }
      // Loaded on use: every `attribution` run loads this file, the emulators only when asked for.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startSandbox } = require('./sandbox') as typeof import('./sandbox');
      const sandbox = await startSandbox({ dbFile: options.db, hubspotPort, salesforcePort, faults, seedDemo: options.seedDemo });
      const { hubspot, salesforce } = sandbox;
      process.stdout.write(
        `${JSON.stringify({
          hubspot: { baseUrl: hubspot.baseUrl, accessToken: hubspot.accessToken, portalId: hubspot.portalId },
          salesforce: { instanceUrl: salesforce.instanceUrl, loginUrl: salesforce.loginUrl, accessToken: salesforce.accessToken, apiVersion: salesforce.apiVersion },
        })}\n`,
      );
      const signal = await untilSignal();
      process.stderr.write(`attribution sandbox: ${signal} received, stopping\n`);
      await sandbox.stop();
    });
}
