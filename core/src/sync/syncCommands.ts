import type { Command } from 'commander';
import { CommandOutcome, EXIT_FAILURE } from '../cli/commandOutcome';
import { InputError } from '../dataset/inputError';
import {
  addDataOptions,
  addModelOptions,
  loadDataset,
  modelSettings,
  parseAsOf,
  resolveTouchpoints,
  type DataOptions,
  type ModelOptions,
} from '../cli/dataOptions';
import { RULE_BASED_MODELS, selectModels } from '../models/registry';
import { datasetSyncRecords } from './buildSyncRecords';
import { CRM_NAMES, findCrmConnector, registeredCrmConnectors, type CrmConnection, type ReadScope } from './crmConnector';
import type { CallObserver } from './crmPort';
import { eraseContact } from './eraseContact';
import { SyncOutbox } from './outbox';
import { summaryLine, terminalProgress } from './progressReporter';
import { reconcileCrm } from './reconcile';
import { CREDIT_KINDS, filterKinds, runCreditSync } from './creditSync';
import { drainOutbox, retryDeadLetters, type SyncRunSummary } from './syncEngine';
import { SYNC_KIND_ORDER, type SyncKind } from './syncRecords';

export const DEFAULT_OUTBOX_FILE = '.attribution/outbox.sqlite';

interface OutboxOptions {
  outbox?: string;
}

function openOutbox(options: OutboxOptions): SyncOutbox {
  return new SyncOutbox(options.outbox ?? process.env.ATTRIBUTION_OUTBOX ?? DEFAULT_OUTBOX_FILE);
}

async function connect(crm: string): Promise<CrmConnection> {
  const connector = findCrmConnector(crm);
  if (!connector) throw new InputError(`expected ${CRM_NAMES.join(' or ')}, found ${JSON.stringify(crm)}`, { field: 'crm' });
  return connector.connect(process.env);
}

const countingObserver = (): CallObserver & { calls: number } => {
  const observer = {
    calls: 0,
    onCall() {
      observer.calls++;
    },
  };
  return observer;
};

/** Stops taking new batches on Ctrl-C / SIGTERM; what was sent is committed, the rest stays queued. */
function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { signal: controller.signal, dispose: () => (process.off('SIGINT', stop), process.off('SIGTERM', stop)) };
}

async function drainAndReport(
  connection: CrmConnection,
  outbox: SyncOutbox,
  mode: string,
  kinds: readonly SyncKind[],
  skipped: number,
  retryDead: boolean,
): Promise<SyncRunSummary> {
  const interrupt = interruptSignal();
  try {
    const options = { adapter: connection.adapter, outbox, mode, kinds, skipped, onProgress: terminalProgress(), signal: interrupt.signal };
    const summary = await drainOutbox(options);
    process.stdout.write(`${summaryLine(summary)}\n`);
    if (retryDead && outbox.countByState(connection.adapter.name).dead > 0 && !interrupt.signal.aborted) {
      const retried = await retryDeadLetters({ ...options, mode: 'retry' });
      process.stdout.write(`${summaryLine(retried)}\n`);
      return retried;
    }
    return summary;
  } finally {
    interrupt.dispose();
  }
}

function parseScope(options: { full?: boolean; since?: string; deal?: string }): ReadScope {
  const chosen = [options.full, options.since !== undefined, options.deal !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new InputError('choose one of --full, --since T and --deal ID', { field: '--since' });
  if (options.deal !== undefined) return { mode: 'deal', dealId: options.deal };
  if (options.since !== undefined) return { mode: 'since', since: parseAsOf(options.since) };
  return { mode: 'full' };
}

/**
 * `push`, `sync`, `sync status`, `reconcile` and `erase`. Registered by whichever CRM package the CLI
 * loads first (both call this; it adds the commands once), and they dispatch to the CRM connectors the
 * packages registered — so the core holds the commands without importing any CRM code.
 */
export function registerSyncCommands(program: Command): void {
  if (program.commands.some((command) => command.name() === 'push')) return;

  const push = program
    .command('push')
    .argument('<crm>', CRM_NAMES.join(' | '))
    .description('load a data set (creators, campaigns, contacts, deals, touchpoints) into the CRM, as RevOps imports offline touchpoints')
    .option('--outbox <file>', `the sync outbox (default ${DEFAULT_OUTBOX_FILE} or $ATTRIBUTION_OUTBOX)`)
    .option('--retry-dead-letters', 'after the run, retry the records the CRM rejected once');
  addDataOptions(push).action(async (crm: string, options: DataOptions & OutboxOptions & { retryDeadLetters?: boolean }) => {
    const dataset = loadDataset(options);
    const resolutions = resolveTouchpoints(dataset);
    const connection = await connect(crm);
    const outbox = openOutbox(options);
    try {
      const counts = outbox.enqueue(crm, filterKinds(datasetSyncRecords(dataset, resolutions), new Set(connection.adapter.kinds)));
      const summary = await drainAndReport(
        connection,
        outbox,
        'push',
        SYNC_KIND_ORDER.filter((kind) => !CREDIT_KINDS.includes(kind)),
        counts.skipped,
        options.retryDeadLetters === true,
      );
      if (summary.status !== 'completed') throw new CommandOutcome(EXIT_FAILURE);
    } finally {
      outbox.close();
      await connection.close?.();
    }
  });

  const sync = program
    .command('sync')
    .argument('<crm>', `${CRM_NAMES.join(' | ')} | status`)
    .description('read the CRM, resolve touchpoints, compute credits and write them back; `sync status` shows recent runs')
    .option('--full', 'read everything (default)')
    .option('--since <time>', 'read only what changed since this time (ISO 8601 or YYYY-MM-DD)')
    .option('--deal <id>', 'real time: recompute one deal (after a webhook or a change)')
    .option('--models <names>', 'comma-separated models to write (default: every rule-based model)')
    .option(
      '--influence-model <name>',
      "the model whose credits also go to the CRM's own campaign influence (Salesforce CampaignInfluence)",
      'w-shaped',
    )
    .option('--outbox <file>', `the sync outbox (default ${DEFAULT_OUTBOX_FILE})`)
    .option('--retry-dead-letters', 'after the run, retry the records the CRM rejected once');
  addModelOptions(sync).action(
    async (
      crm: string,
      options: ModelOptions &
        OutboxOptions & { full?: boolean; since?: string; deal?: string; models?: string; influenceModel?: string; retryDeadLetters?: boolean },
    ) => {
      if (crm === 'status') return printStatus(options);
      const scope = parseScope(options);
      const settings = modelSettings(options);
      const defaultModels = RULE_BASED_MODELS.filter((model) => model.name !== 'custom' || settings.customRules !== undefined)
        .map((model) => model.name)
        .join(',');
      const models = selectModels(options.models ?? defaultModels, settings.customRules !== undefined);
      const connection = await connect(crm);
      const outbox = openOutbox(options);
      const interrupt = interruptSignal();
      try {
        const result = await runCreditSync(
          connection,
          outbox,
          scope,
          models,
          settings,
          { onProgress: terminalProgress(), signal: interrupt.signal },
          options.influenceModel,
        );
        process.stderr.write(
          `read ${result.deals} deals, ${result.contacts} contacts, ${result.touchpoints} touchpoints in ${result.readCalls} API calls\n`,
        );
        process.stdout.write(`${summaryLine(result.summary)}\n`);
        let final = result.summary;
        if (options.retryDeadLetters && outbox.countByState(crm).dead > 0 && !interrupt.signal.aborted) {
          final = await retryDeadLetters({
            adapter: connection.adapter,
            outbox,
            mode: 'retry',
            kinds: CREDIT_KINDS,
            signal: interrupt.signal,
          });
          process.stdout.write(`${summaryLine(final)}\n`);
        }
        if (final.status !== 'completed') throw new CommandOutcome(EXIT_FAILURE);
      } finally {
        interrupt.dispose();
        outbox.close();
        await connection.close?.();
      }
    },
  );

  program
    .command('setup')
    .argument('<crm>', CRM_NAMES.join(' | '))
    .description(
      'create or patch the CRM schema to the declared version (HubSpot custom objects, properties, associations; Salesforce: check the deployed package)',
    )
    .action(async (crm: string) => {
      const connection = await connect(crm);
      try {
        if (!connection.setup) throw new InputError(`${crm} has no setup step`, { field: 'crm' });
        const calls = countingObserver();
        const actions = await connection.setup(calls);
        for (const action of actions) process.stdout.write(`${action}\n`);
        process.stdout.write(
          `${crm} setup: ${actions.length === 0 ? 'already up to date' : `${actions.length} changes`} (${calls.calls} API calls)\n`,
        );
      } finally {
        await connection.close?.();
      }
    });

  program
    .command('reconcile')
    .argument('<crm>', CRM_NAMES.join(' | '))
    .description('compare what the CRM holds with what should be there, and repair (requeue missing or different records, delete stale ones)')
    .option('--dry-run', 'only report')
    .option('--outbox <file>', `the sync outbox (default ${DEFAULT_OUTBOX_FILE})`)
    .action(async (crm: string, options: OutboxOptions & { dryRun?: boolean }) => {
      const connection = await connect(crm);
      const outbox = openOutbox(options);
      try {
        const reads = countingObserver();
        const reports = await reconcileCrm(
          connection.adapter,
          outbox,
          SYNC_KIND_ORDER.filter((kind) => connection.adapter.kinds.includes(kind)),
          reads,
          options.dryRun !== true,
        );
        for (const report of reports) {
          process.stdout.write(
            `${report.kind}: expected ${report.expected}, found ${report.found}, missing ${report.missing}, different ${report.different}, unexpected ${report.unexpected}, duplicates ${report.duplicates}, deleted ${report.deleted}, requeued ${report.requeued}\n`,
          );
        }
        if (options.dryRun !== true) await drainAndReport(connection, outbox, 'reconcile repair', SYNC_KIND_ORDER, 0, false);
      } finally {
        outbox.close();
        await connection.close?.();
      }
    });

  program
    .command('erase')
    .description("GDPR erasure: remove a contact's touchpoints and credits from both CRMs and the local outbox, and print what was removed")
    .requiredOption('--contact <id>', 'the contact id (as in contacts.csv / the CRM key property)')
    .option('--crm <names>', 'comma-separated CRMs (default: every CRM whose connection is configured)')
    .option('--outbox <file>', `the sync outbox (default ${DEFAULT_OUTBOX_FILE})`)
    .action(async (options: OutboxOptions & { contact: string; crm?: string }) => {
      const names = options.crm ? options.crm.split(',').map((name) => name.trim()) : registeredCrmConnectors().map((connector) => connector.name);
      const connections: CrmConnection[] = [];
      for (const name of names) {
        try {
          connections.push(await connect(name));
        } catch (error) {
          if (options.crm) throw error;
          process.stderr.write(`erase: skipping ${name}: ${(error as Error).message}\n`);
        }
      }
      const outbox = openOutbox(options);
      try {
        const report = await eraseContact(options.contact, connections, outbox, countingObserver());
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        if (report.errors.length > 0)
          throw new CommandOutcome(
            EXIT_FAILURE,
            `erase: ${report.errors.length} CRM deletions failed; the outbox rows were kept so a rerun can finish`,
          );
      } finally {
        outbox.close();
        for (const connection of connections) await connection.close?.();
      }
    });
}

function printStatus(options: OutboxOptions): void {
  const outbox = openOutbox(options);
  try {
    for (const crm of CRM_NAMES) {
      const counts = outbox.countByState(crm);
      const oldest = outbox.oldestPendingAt(crm);
      const lag = oldest === null ? 'none' : `${((Date.now() - oldest) / 1000).toFixed(0)} s`;
      process.stdout.write(
        `${crm}: pending ${counts.pending}, written ${counts.written}, dead letters ${counts.dead}; oldest unsent change ${lag}\n`,
      );
      for (const letter of outbox.deadLetters(crm, 5)) process.stdout.write(`  dead ${letter.kind} ${letter.key}: ${letter.reason}\n`);
    }
    for (const run of outbox.recentRuns(10)) {
      const when = new Date(run.startedAt).toISOString();
      process.stdout.write(
        `#${run.id} ${when} ${run.crm} ${run.mode}: ${run.status}; written ${run.written}, failed ${run.failed}, skipped ${run.skipped}, pending ${run.pendingAtEnd ?? '?'}; lag ${((run.lagMs ?? 0) / 1000).toFixed(1)} s; ${run.budget ?? ''}\n`,
      );
    }
  } finally {
    outbox.close();
  }
}
