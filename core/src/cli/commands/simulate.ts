import type { Command } from 'commander';
import { InputError } from '../../dataset/inputError';
import { simulateDataset } from '../../simulate/simulateDataset';
import { writeSimulation } from '../../simulate/writeSimulation';
import { oneOf, positiveNumber } from '../dataOptions';

interface SimulateOptions {
  out?: string;
  seed?: string;
  contacts?: string;
  creators?: string;
  delayScale?: string;
  delayShape?: string;
  organicScale?: string;
  organicWeekdays?: string;
  queryNotProvided?: string;
  organicTrend?: string;
  undatedCampaigns?: boolean;
  sharedCodes?: boolean;
  comingBack?: string;
}

/** `--creators 4-6` (or `--creators 5`): the range of the number of creators, 1 to 20. */
function creatorRange(raw: string | undefined): readonly [number, number] | undefined {
  if (raw === undefined) return undefined;
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(raw);
  const fewest = match ? Number(match[1]) : NaN;
  const most = match ? Number(match[2] ?? match[1]) : NaN;
  if (!(fewest >= 1 && most >= fewest && most <= 20)) {
    throw new InputError(`expected a number of creators or a range such as 4-6, within 1-20, found ${JSON.stringify(raw)}`, { field: '--creators' });
  }
  return [fewest, most];
}

/** `--query-not-provided 0.9`: the share of organic searches recorded without their query, 0 to 1. */
function shareOfSearches(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const share = raw.trim() === '' ? NaN : Number(raw);
  if (!(share >= 0 && share <= 1)) throw new InputError(`expected a share between 0 and 1, found ${JSON.stringify(raw)}`, { field: '--query-not-provided' });
  return share;
}

/** `--organic-weekdays 0.35,1,1,1,1,1,0.35`: relative organic arrivals by UTC weekday, Sunday first. */
function organicWeekdays(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  const factors = raw.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (factors.length !== 7 || factors.some((factor) => !Number.isFinite(factor) || factor < 0) || !factors.some((factor) => factor > 0)) {
    throw new InputError(`expected 7 comma-separated factors ≥ 0 (Sunday first, one of them positive), found ${JSON.stringify(raw)}`, { field: '--organic-weekdays' });
  }
  return factors;
}

/** `--coming-back 0.3,0.1`: shares of responders returning through their own creator campaign, and of everyone through another. */
function comingBack(raw: string | undefined): { ownCampaign: number; otherCampaign: number } | undefined {
  if (raw === undefined) return undefined;
  const shares = raw.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
  if (shares.length !== 2 || !shares.every((share) => share >= 0 && share <= 1)) {
    throw new InputError(`expected two shares between 0 and 1 separated by a comma (own campaign, another campaign), found ${JSON.stringify(raw)}`, { field: '--coming-back' });
  }
  return { ownCampaign: shares[0], otherCampaign: shares[1] };
}

/** `attribution simulate`: a synthetic data set with ground truth and the Bayes limit on its ambiguous touches. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('write a simulated data set (four CSVs), truth.csv and simulation.json (Bayes-optimal accuracy on ambiguous touches)')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--seed <n>', 'random seed (same seed, same data)', '1')
    .option('--contacts <n>', 'approximate number of contacts', '5000')
    .option('--creators <range>', 'number of creators, or a range such as 4-6 (default 12-16; at most 20)')
    .option('--delay-scale <x>', 'multiply every response delay (default 1)')
    .option('--delay-shape <shape>', 'branded-search and direct-visit delays: log-normal (default) or exponential with the same mean')
    .option('--organic-scale <x>', 'multiply every organic rate (default 1)')
    .option('--organic-weekdays <factors>', 'relative organic arrivals by UTC weekday, 7 comma-separated factors, Sunday first, e.g. 0.35,1,1,1,1,1,0.35 (default: all 1)')
    .option('--organic-trend <ratio>', 'organic arrival rate at the year\'s end over its start, smooth in between, e.g. 3 for a site that triples (default 1)')
    .option('--undated-campaigns', 'write the campaigns without start_at and end_at, as CRMs whose campaigns carry no dates export them')
    .option('--shared-codes', 'each creator keeps one promo code for all their campaigns, so a code names the creator, not the campaign')
    .option('--coming-back <own,other>', 'shares of creator responders who later come back through the same campaign (tagged link or promo code), and of every new contact who comes back through another creator campaign then running, e.g. 0.3,0.1 (default 0,0)')
    .option('--query-not-provided <share>', 'share of organic searches recorded without their query, as search engines strip it (default 0)')
    .action((options: SimulateOptions) => {
      const seed = Number(options.seed);
      if (!Number.isInteger(seed) || seed < 0) throw new InputError(`expected a whole number ≥ 0, found ${JSON.stringify(options.seed)}`, { field: '--seed' });
      const contacts = positiveNumber(options.contacts, '--contacts', 5000, true);
      if (!options.out) throw new InputError('name the output folder', { field: '--out' });
      const shape = {
        creators: creatorRange(options.creators),
        delayScale: positiveNumber(options.delayScale, '--delay-scale', 1),
        delayShape: oneOf(options.delayShape, ['log-normal', 'exponential'] as const, '--delay-shape', 'log-normal'),
        organicScale: positiveNumber(options.organicScale, '--organic-scale', 1),
        organicWeekdays: organicWeekdays(options.organicWeekdays),
        queryNotProvided: shareOfSearches(options.queryNotProvided),
        organicTrend: positiveNumber(options.organicTrend, '--organic-trend', 1),
        undatedCampaigns: options.undatedCampaigns === true,
        sharedCodes: options.sharedCodes === true,
        comingBack: comingBack(options.comingBack),
      };
      const result = simulateDataset({ seed, contacts, shape });
      writeSimulation(options.out, result, seed);
      const { tables, bayes } = result;
      process.stdout.write(
        `simulated ${tables.campaigns.length} campaigns, ${tables.contacts.length} contacts, ${tables.touchpoints.length} touchpoints, ${tables.deals.length} deals (seed ${seed}) into ${options.out}\n` +
          `ambiguous touches: ${bayes.ambiguousTouches} (${(bayes.campaignShare * 100).toFixed(1)}% truly from a campaign); ` +
          `Bayes-optimal accuracy ${(bayes.accuracy * 100).toFixed(2)}% (expected ${(bayes.expectedAccuracy * 100).toFixed(2)}%); ` +
          `the true posteriors' calibration error on them ${bayes.calibrationError.toFixed(3)} (the metric's noise at this size)\n`,
      );
    });
}
