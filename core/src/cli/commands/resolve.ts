import type { Command } from 'commander';
import { readChannelRules } from '../../channels/channelRulesFile';
import { resolveDataset, type ResolutionReport } from '../../resolution/touchpointResolver';
import { addDataOptions, loadDataset, oneOf, type DataOptions } from '../dataOptions';
import { csvLine, writeOutput } from '../output';

interface ResolveOptions extends DataOptions {
  format?: string;
  out?: string;
  channelRules?: string;
  quiet?: boolean;
}

export const RESOLVE_COLUMNS = ['touchpoint_id', 'campaign_id', 'influencer_id', 'channel', 'match', 'confidence', 'explanation'] as const;

/** One paragraph on stderr: how touches resolved, and what could not be read. */
export function describeResolutionReport(report: ResolutionReport): string {
  const matches = Object.entries(report.byMatch)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const problems = [
    report.malformedUrls > 0 ? `${report.malformedUrls} unparseable URLs` : '',
    report.malformedReferrers > 0 ? `${report.malformedReferrers} unparseable referrers` : '',
    report.unmatchedTags > 0 ? `${report.unmatchedTags} tags matching no campaign` : '',
    report.ambiguousTags > 0 ? `${report.ambiguousTags} ambiguous tags` : '',
    report.unmatchedPromoCodes > 0 ? `${report.unmatchedPromoCodes} unknown promo codes` : '',
    report.ambiguousPromoCodes > 0 ? `${report.ambiguousPromoCodes} ambiguous promo codes` : '',
  ].filter((text) => text !== '');
  const inferred = report.inferred;
  const pooling = Object.entries(inferred.pooling)
    .map(([level, shape]) => `${level} ${shape >= 100 ? shape.toFixed(0) : shape.toFixed(2)}`)
    .join(', ');
  const rates = Object.entries(inferred.baselinePerDay)
    .map(([kind, rate]) => `${kind} ${rate.toFixed(2)}/day, mean delay ${inferred.meanDelayDays[kind].toFixed(1)} d`)
    .join('; ');
  // The organic baseline's weekly shape, when the data show one (UTC weekdays, Sunday first).
  const weekdays = inferred.weekdayFactors;
  const weekly = weekdays.some((factor) => Math.abs(factor - 1) > 0.005) ? `; by weekday Sun-Sat ${weekdays.map((factor) => factor.toFixed(2)).join(' ')}` : '';
  return (
    `resolved ${report.touchpoints} touchpoints: ${matches}\n` +
    (problems.length > 0 ? `unresolved evidence: ${problems.join(', ')}\n` : '') +
    (report.topUnmatchedTags.length > 0 ? `most frequent unmatched tags: ${report.topUnmatchedTags.map(([tag, count]) => `${JSON.stringify(tag)} (${count})`).join(', ')}\n` : '') +
    `inferred: ${inferred.attributed} of ${inferred.candidates} untagged first touches credited; organic baseline ${rates} (${inferred.baselineLearnedOutsideWindows ? 'started from quiet days, re-estimated over all days' : 'fitted jointly: no quiet period'}${weekly})\n` +
    (pooling !== '' ? `pooling of response rates (Gamma shape; high = alike, borrowed across campaigns): ${pooling}\n` : '')
  );
}

/** `attribution resolve`: every touchpoint → campaign, creator, channel, match kind, confidence, explanation. */
export function registerResolveCommand(program: Command): void {
  const command = program
    .command('resolve')
    .description('resolve every touchpoint to a campaign (or none): touchpoint_id,campaign_id,influencer_id,channel,match,confidence,explanation')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write here (atomically) instead of stdout')
    .option('--channel-rules <file>', 'channel rules JSON ({"rules": [...]}, first match wins)')
    .option('--quiet', 'do not print the summary on stderr');
  addDataOptions(command).action((options: ResolveOptions) => {
    const format = oneOf(options.format, ['csv', 'json'] as const, '--format', 'csv');
    const channelRules = options.channelRules ? readChannelRules(options.channelRules) : undefined;
    const dataset = loadDataset(options);
    const { resolutions, report } = resolveDataset(dataset, { channelRules });
    writeOutput(options.out, (write) => {
      if (format === 'csv') write(csvLine([...RESOLVE_COLUMNS]));
      else write('[');
      resolutions.forEach((resolution, index) => {
        const row = {
          touchpoint_id: dataset.touchpointTable.ids.get(index),
          campaign_id: resolution.campaignId ?? '',
          influencer_id: resolution.influencerId ?? '',
          channel: resolution.channel,
          match: resolution.match,
          confidence: Math.round(resolution.confidence * 10000) / 10000,
          explanation: resolution.explanation,
        };
        if (format === 'csv') write(csvLine(RESOLVE_COLUMNS.map((column) => row[column])));
        else write((index === 0 ? '\n' : ',\n') + JSON.stringify(row));
      });
      if (format === 'json') write(resolutions.length === 0 ? ']\n' : '\n]\n');
    });
    if (!options.quiet) process.stderr.write(describeResolutionReport(report));
  });
}
