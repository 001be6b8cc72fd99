import type { Command } from 'commander';
import { CommandOutcome, EXIT_FAILURE } from '../commandOutcome';
import { InputError } from '../../dataset/inputError';
import { resolveDataset } from '../../resolution/touchpointResolver';
import { buildTrackingUrl, DEFAULT_URL_TEMPLATE } from '../../utm/buildTrackingUrl';
import { DEFAULT_GOVERNANCE_RULES, readGovernanceRules, validateTrackingUrl, type GovernanceRules } from '../../utm/governance';
import { buildUtmReport, type CampaignUtmStats } from '../../utm/utmReport';
import { addDataOptions, loadDataset, oneOf, type DataOptions } from '../dataOptions';
import { csvLine, renderTable, writeOutput } from '../output';

interface BuildOptions extends DataOptions {
  campaign?: string;
  template?: string;
  rules?: string;
  landingUrl?: string;
}

interface ReportOptions extends DataOptions {
  rules?: string;
  format?: string;
  out?: string;
}

function rulesFrom(file: string | undefined): GovernanceRules {
  return file ? readGovernanceRules(file) : DEFAULT_GOVERNANCE_RULES;
}

/** `attribution utm build|validate|report`. */
export function registerUtmCommand(program: Command): void {
  const utm = program.command('utm').description('tracking URLs: build them, validate them against governance rules, report on them');

  addDataOptions(
    utm
      .command('build')
      .description('build the tracking URL of a campaign (or of every campaign) from a template with canonical lower-case slugs')
      .option('--campaign <id>', 'campaign_id (default: every campaign with a landing URL)')
      .option('--template <template>', `URL template or the name of one in the rules' templates (default ${DEFAULT_URL_TEMPLATE})`)
      .option('--rules <file>', 'governance rules JSON (templates and the checks each URL must pass)')
      .option('--landing-url <url>', 'landing URL for campaigns without one'),
  ).action((options: BuildOptions) => {
    const rules = rulesFrom(options.rules);
    const template = options.template ? (rules.templates[options.template] ?? options.template) : (rules.templates.default ?? DEFAULT_URL_TEMPLATE);
    const dataset = loadDataset(options);
    let selected = dataset.campaigns;
    if (options.campaign) {
      const index = dataset.campaignIndexById.get(options.campaign);
      if (index === undefined) throw new InputError(`unknown campaign ${JSON.stringify(options.campaign)}`, { field: '--campaign' });
      selected = [dataset.campaigns[index]];
    } else selected = selected.filter((campaign) => campaign.landing_url !== '' || options.landingUrl);
    const lines: string[] = [];
    for (const campaign of selected) {
      const url = buildTrackingUrl(campaign, template, options.landingUrl ?? '');
      const violations = validateTrackingUrl(url, rules);
      lines.push(options.campaign ? url : `${campaign.campaign_id}\t${url}`);
      for (const violation of violations) lines.push(`  warning: ${violation}`);
    }
    process.stdout.write(lines.join('\n') + (lines.length > 0 ? '\n' : ''));
  });

  utm
    .command('validate')
    .description('check URLs against the governance rules; prints each violation and exits 1 if there is any')
    .argument('<url...>', 'tracking URLs')
    .option('--rules <file>', 'governance rules JSON (default: utm_source, utm_medium, utm_campaign required, lower case, ≤ 100 characters, no spaces or personal data)')
    .action((urls: string[], options: { rules?: string }) => {
      const rules = rulesFrom(options.rules);
      let failed = 0;
      for (const url of urls) {
        const violations = validateTrackingUrl(url, rules);
        if (violations.length === 0) process.stdout.write(`ok  ${url}\n`);
        else {
          failed++;
          for (const violation of violations) process.stdout.write(`violation  ${url.length > 100 ? url.slice(0, 97) + '...' : url}: ${violation}\n`);
        }
      }
      if (failed > 0) {
        throw new CommandOutcome(EXIT_FAILURE, `${failed} of ${urls.length} URL${urls.length > 1 ? 's' : ''} break the governance rules`);
      }
    });

  addDataOptions(
    utm
      .command('report')
      .description('per campaign and creator: clicks, contacts reached, governance violations, damaged and unmatched tags')
      .option('--rules <file>', 'governance rules JSON')
      .option('--format <format>', 'table, csv or json', 'table')
      .option('--out <file>', 'write here (atomically) instead of stdout'),
  ).action((options: ReportOptions) => {
    const format = oneOf(options.format, ['table', 'csv', 'json'] as const, '--format', 'table');
    const rules = rulesFrom(options.rules);
    const dataset = loadDataset(options);
    const { resolutions, report } = resolveDataset(dataset);
    const utmReport = buildUtmReport(dataset, resolutions, report, rules);
    const columns = ['clicks', 'contactsReached', 'inferred', 'violatingTouches', 'mangledTags'] as const;
    const rows = (stats: CampaignUtmStats[]): string[][] => stats.map((row) => [row.key, row.name, ...columns.map((column) => String(row[column]))]);
    writeOutput(options.out, (write) => {
      if (format === 'json') write(JSON.stringify(utmReport, null, 2) + '\n');
      else if (format === 'csv') {
        write(csvLine(['level', 'key', 'name', ...columns]));
        for (const row of utmReport.byCampaign) write(csvLine(['campaign', row.key, row.name, ...columns.map((column) => row[column])]));
        for (const row of utmReport.byCreator) write(csvLine(['creator', row.key, row.name, ...columns.map((column) => row[column])]));
      } else {
        const headers = ['name', 'clicks', 'contacts', 'inferred', 'violations', 'mangled'];
        const numeric = new Set([2, 3, 4, 5, 6]);
        write('By campaign\n' + renderTable(['campaign', ...headers], rows(utmReport.byCampaign), numeric));
        write('\nBy creator\n' + renderTable(['creator', ...headers], rows(utmReport.byCreator), numeric));
        write('\nGovernance violations\n' + (utmReport.violationsByMessage.length === 0 ? '(none)\n' : utmReport.violationsByMessage.map(([message, count]) => `${String(count).padStart(7)}  ${message}\n`).join('')));
        write('\nUnmatched tags\n' + (utmReport.unmatchedTags.length === 0 ? '(none)\n' : utmReport.unmatchedTags.map(([tag, count]) => `${String(count).padStart(7)}  ${JSON.stringify(tag)}\n`).join('')));
      }
    });
  });
}
