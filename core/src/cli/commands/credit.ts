import type { Command } from 'commander';
import { forEachCredit, prepareModels } from '../../attribution/runModels';
import { findModel } from '../../models/registry';
import { addDataOptions, addModelOptions, loadDataset, modelSettings, noteAsOf, oneOf, resolveTouchpoints, type DataOptions, type ModelOptions } from '../dataOptions';
import { csvLine, roundTo, writeOutput } from '../output';

interface CreditOptions extends DataOptions, ModelOptions {
  model: string;
  format?: string;
  out?: string;
}

export const CREDIT_COLUMNS = ['deal_id', 'touchpoint_id', 'campaign_id', 'influencer_id', 'channel', 'model', 'share', 'credit'] as const;

/** `attribution credit`: one row per (deal, touchpoint) with its share and credit under one model. */
export function registerCreditCommand(program: Command): void {
  const command = program
    .command('credit')
    .description('credit every touch of every deal under one model: deal_id,touchpoint_id,campaign_id,influencer_id,channel,model,share,credit')
    .requiredOption('--model <name>', 'attribution model (see `attribution models`)')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write here (atomically) instead of stdout');
  addModelOptions(addDataOptions(command)).action((options: CreditOptions) => {
    const format = oneOf(options.format, ['csv', 'json'] as const, '--format', 'csv');
    const model = findModel(options.model);
    const settings = modelSettings(options);
    const dataset = loadDataset(options);
    noteAsOf(dataset, settings);
    const resolutions = resolveTouchpoints(dataset);
    const [prepared] = prepareModels(dataset, resolutions, [model], settings);
    writeOutput(options.out, (write) => {
      let first = true;
      if (format === 'csv') write(csvLine([...CREDIT_COLUMNS]));
      else write('[');
      forEachCredit(prepared, (journey, _position, touchpointIndex, share, credit) => {
        const resolution = resolutions[touchpointIndex];
        const row = {
          deal_id: dataset.dealTable.id(journey.dealIndex),
          touchpoint_id: dataset.touchpointTable.ids.get(touchpointIndex),
          campaign_id: resolution.campaignId ?? '',
          influencer_id: resolution.influencerId ?? '',
          channel: resolution.channel,
          model: model.name,
          share: roundTo(share, 12),
          credit: roundTo(credit, 6),
        };
        if (format === 'csv') write(csvLine(CREDIT_COLUMNS.map((column) => row[column])));
        else {
          write((first ? '\n' : ',\n') + JSON.stringify(row));
          first = false;
        }
      });
      if (format === 'json') write(first ? ']\n' : '\n]\n');
    });
  });
}
