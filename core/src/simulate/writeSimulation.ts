import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine, writeOutput } from '../cli/output';
import { campaignColumns } from '../schemas/campaign';
import { contactColumns } from '../schemas/contact';
import { dealColumns } from '../schemas/deal';
import { touchpointColumns } from '../schemas/touchpoint';
import { formatIsoTimestamp } from '../time/isoTimestamp';
import type { SimulationResult } from './simulateDataset';

export const TRUTH_COLUMNS = ['touchpoint_id', 'campaign_id', 'class'] as const;

function cell(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  return value as string | number | boolean;
}

function writeTable<Row extends object>(file: string, columns: readonly string[], rows: readonly Row[], timestampColumns: ReadonlySet<string>): void {
  writeOutput(file, (write) => {
    write(csvLine([...columns]));
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      write(
        csvLine(
          columns.map((column) => {
            const value = record[column];
            return timestampColumns.has(column) && typeof value === 'number' ? formatIsoTimestamp(value) : cell(value);
          }),
        ),
      );
    }
  });
}

/** Writes the four CSVs, truth.csv and simulation.json (the Bayes limit and the world's size) atomically, file by file. */
export function writeSimulation(directory: string, result: SimulationResult, seed: number): void {
  mkdirSync(directory, { recursive: true });
  const { campaigns, contacts, touchpoints, deals } = result.tables;
  writeTable(join(directory, 'campaigns.csv'), Object.keys(campaignColumns), campaigns, new Set(['start_at', 'end_at']));
  writeTable(join(directory, 'contacts.csv'), Object.keys(contactColumns), contacts, new Set(['created_at']));
  writeTable(join(directory, 'touchpoints.csv'), Object.keys(touchpointColumns), touchpoints, new Set(['occurred_at']));
  writeTable(join(directory, 'deals.csv'), Object.keys(dealColumns), deals, new Set(['created_at', 'closed_at']));
  writeOutput(join(directory, 'truth.csv'), (write) => {
    write(csvLine([...TRUTH_COLUMNS]));
    for (const row of result.truth) write(csvLine([row.touchpointId, row.campaignId, row.truthClass]));
  });
  writeOutput(join(directory, 'simulation.json'), (write) =>
    write(
      JSON.stringify(
        {
          seed,
          campaigns: campaigns.length,
          contacts: contacts.length,
          touchpoints: touchpoints.length,
          deals: deals.length,
          bayesLimit: result.bayes,
        },
        null,
        2,
      ) + '\n',
    ),
  );
}
