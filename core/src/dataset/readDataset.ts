import { join } from 'node:path';
import { readCsvTable } from '../csv/readCsvTable';
import { campaignColumns } from '../schemas/campaign';
import { contactColumns } from '../schemas/contact';
import { dealColumns } from '../schemas/deal';
import { touchpointColumns } from '../schemas/touchpoint';
import { createDataset, type Dataset } from './dataset';

export interface DatasetFiles {
  campaigns: string;
  contacts: string;
  touchpoints: string;
  deals: string;
}

/** The four files of a data directory, each overridable on its own. */
export function datasetFiles(directory: string | undefined, overrides: Partial<DatasetFiles> = {}): DatasetFiles {
  const inDirectory = (name: string): string => (directory ? join(directory, name) : name);
  return {
    campaigns: overrides.campaigns ?? inDirectory('campaigns.csv'),
    contacts: overrides.contacts ?? inDirectory('contacts.csv'),
    touchpoints: overrides.touchpoints ?? inDirectory('touchpoints.csv'),
    deals: overrides.deals ?? inDirectory('deals.csv'),
  };
}

/** Reads, converts and cross-validates the four CSV files. Throws InputError on the first problem. */
export function readDataset(files: DatasetFiles): Dataset {
  const campaigns = readCsvTable(files.campaigns, campaignColumns);
  const contacts = readCsvTable(files.contacts, contactColumns);
  const touchpoints = readCsvTable(files.touchpoints, touchpointColumns, {
    knownValues: { contact_id: contacts.rows.map((contact) => contact.contact_id) },
  });
  const deals = readCsvTable(files.deals, dealColumns);
  return createDataset(
    { campaigns: campaigns.rows, contacts: contacts.rows, touchpoints: touchpoints.rows, deals: deals.rows },
    {
      campaigns: { file: files.campaigns, lines: campaigns.lines },
      contacts: { file: files.contacts, lines: contacts.lines },
      touchpoints: { file: files.touchpoints, lines: touchpoints.lines },
      deals: { file: files.deals, lines: deals.lines },
    },
  );
}
