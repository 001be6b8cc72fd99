import type { Command } from 'commander';
import { resolveDataset, type ResolutionReport } from '../../resolution/touchpointResolver';
import { addDataOptions, loadDataset, oneOf, type DataOptions } from '../dataOptions';
import type { TouchpointResolution } from '../../resolution/resolution';
import { csvField, csvLine, writeOutput, type OutputBuffer } from '../output';
import type { TouchpointIds } from '../../dataset/touchpointTable';
import { trace } from '../../util/trace';

interface ResolveOptions extends DataOptions {
  format?: string;
  out?: string;
  channelRules?: string;
  quiet?: boolean;
}

const CSV_TAIL_CACHE_LIMIT = 200_000;

const roundedConfidence = (resolution: TouchpointResolution): number => Math.round(resolution.confidence * 10000) / 10000;

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
  // Its course over the period (growth, seasons), when the data show one.
  const course = inferred.courseFactors;
  const courseText = course.some((factor) => Math.abs(factor - 1) > 0.005) ? `; over the period (start, quarters, end) ${course.map((factor) => factor.toFixed(2)).join(' ')}` : '';
  return (
    `resolved ${report.touchpoints} touchpoints: ${matches}\n` +
    (problems.length > 0 ? `unresolved evidence: ${problems.join(', ')}\n` : '') +
    (report.topUnmatchedTags.length > 0 ? `most frequent unmatched tags: ${report.topUnmatchedTags.map(([tag, count]) => `${JSON.stringify(tag)} (${count})`).join(', ')}\n` : '') +
    `inferred: ${inferred.attributed} of ${inferred.candidates} untagged first touches credited${inferred.cameBackThroughACandidate > 0 ? ` (${inferred.cameBackThroughACandidate} of their contacts came back through a campaign in question, weighed in)` : ''}; organic baseline ${rates} (${inferred.baselineLearnedOutsideWindows ? 'started from quiet days, re-estimated over all days' : 'fitted jointly: no quiet period'}${weekly}${courseText})\n` +
    (pooling !== '' ? `pooling of response rates (Gamma shape; high = alike, borrowed across campaigns): ${pooling}\n` : '')
  );
}

/**
 * The CSV rows, one per touchpoint in table order. Most touches share a frozen resolution object
 * (same campaign, match and explanation): its text after the id is encoded once and then copied as
 * bytes, and so are the ids, straight from where the reader keeps them. A million rows: about
 * 1.2 s of quoting and joining less with the shared tails; then 0.52-0.55 → 0.39-0.46 s with the
 * byte copies, and 0.27-0.29 s (fsync included) once inferred decisions were shared too and runs
 * of one resolution reuse the last tail (docs/utm-and-resolution.md, session 13).
 */
function writeResolutionRows(output: OutputBuffer, ids: TouchpointIds, resolutions: readonly TouchpointResolution[]): void {
  const tails = new Map<TouchpointResolution, Buffer>();
  const tailText = (resolution: TouchpointResolution): string =>
    ',' + csvLine([resolution.campaignId ?? '', resolution.influencerId ?? '', resolution.channel, resolution.match, roundedConfidence(resolution), resolution.explanation]);
  const idBytes = ids.utf8;
  let lastResolution: TouchpointResolution | undefined;
  let lastTail: Buffer | undefined;
  for (let index = 0; index < resolutions.length; index++) {
    if (idBytes !== undefined && isPlainCsvField(idBytes.bytes, idBytes.offsets[index], idBytes.offsets[index + 1]))
      output.bytes(idBytes.bytes, idBytes.offsets[index], idBytes.offsets[index + 1]);
    else output.text(csvField(ids.get(index)));
    const resolution = resolutions[index];
    // Runs of touches share one resolution (a contact's direct visits, say): the last tail first.
    let tail = resolution === lastResolution ? lastTail : tails.get(resolution);
    if (tail === undefined) {
      if (!Object.isFrozen(resolution) || tails.size >= CSV_TAIL_CACHE_LIMIT) {
        output.text(tailText(resolution));
        continue;
      }
      tail = Buffer.from(tailText(resolution), 'utf8');
      tails.set(resolution, tail);
    }
    lastResolution = resolution;
    lastTail = tail;
    output.bytes(tail, 0, tail.length);
  }
}

/** UTF-8 bytes that csvField would write as they are: no quote, comma or line break, no space at either end. */
function isPlainCsvField(bytes: Uint8Array, start: number, end: number): boolean {
  if (start < end && (bytes[start] === 0x20 || bytes[end - 1] === 0x20)) return false;
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte === 0x22 || byte === 0x2c || byte === 0x0a || byte === 0x0d) return false;
  }
  return true;
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
    // The rules reader (and zod, 95 ms to load: a third of what precedes the read) only when asked for.
    const channelRules = options.channelRules
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require('../../channels/channelRulesFile') as typeof import('../../channels/channelRulesFile')).readChannelRules(options.channelRules)
      : undefined;
    const dataset = loadDataset(options);
    trace('resolve: data read');
    const { resolutions, report } = resolveDataset(dataset, { channelRules });
    trace('resolve: resolved');
    writeOutput(options.out, (write, output) => {
      if (format === 'csv') {
        write(csvLine([...RESOLVE_COLUMNS]));
        writeResolutionRows(output, dataset.touchpointTable.ids, resolutions);
        return;
      }
      write('[');
      resolutions.forEach((resolution, index) => {
        const row = {
          touchpoint_id: dataset.touchpointTable.ids.get(index),
          campaign_id: resolution.campaignId ?? '',
          influencer_id: resolution.influencerId ?? '',
          channel: resolution.channel,
          match: resolution.match,
          confidence: roundedConfidence(resolution),
          explanation: resolution.explanation,
        };
        write((index === 0 ? '\n' : ',\n') + JSON.stringify(row));
      });
      write(resolutions.length === 0 ? ']\n' : '\n]\n');
    });
    trace('resolve: written');
    if (!options.quiet) process.stderr.write(describeResolutionReport(report));
  });
}
