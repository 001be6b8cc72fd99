import { join } from 'node:path';
import { readCsvTable } from '../csv/readCsvTable';
import { campaignColumns } from '../schemas/campaignColumns';
import { assembleDataset, type ContactTable, type Dataset, type DatasetSources } from './dataset';
import { readContactsFile } from './readContactsFile';
import { readDealsFile } from './readDealsFile';
import { beginTouchpointFileRead, type TouchpointFileRead } from './readTouchpointFile';

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

/**
 * Reads, converts and cross-validates the four CSV files. Throws InputError on the first problem.
 * Contacts, deals and touchpoints go straight into columns (readContactsFile, readDealsFile,
 * readTouchpointFile); campaigns, a small table, become records.
 */
export function readDataset(files: DatasetFiles): Dataset {
  // Large touchpoint files start reading on a second thread now, while this one reads the contacts.
  const touchpointRead = beginTouchpointFileRead(files.touchpoints);
  try {
    return readWith(files, touchpointRead);
  } finally {
    touchpointRead.cancel();
  }
}

function readWith(files: DatasetFiles, touchpointRead: TouchpointFileRead): Dataset {
  const campaigns = readCsvTable(files.campaigns, campaignColumns);
  const contacts = readContactsFile(files.contacts);
  const sources: DatasetSources = {
    campaigns: { file: files.campaigns, lines: campaigns.lines, absentColumns: campaigns.absentColumns },
    contacts: { file: files.contacts, lines: contacts.lines, absentColumns: contacts.absentColumns },
  };
  // Deals before this thread's part of the touchpoints, so that the worker's part runs alongside both.
  const deals = readDealsFile(files.deals, contacts.ids);
  sources.deals = { file: files.deals, lines: deals.lines, absentColumns: deals.absentColumns };
  const contactCount = contacts.createdAt.length;
  // Contact ids are looked up by their bytes: the touchpoint reader does not decode its contact_id cells.
  const touchpoints = touchpointRead.finish(contacts.ids, contactCount);
  sources.touchpoints = { file: files.touchpoints, lines: touchpoints.lines, absentColumns: touchpoints.absentColumns };
  const contactTable: ContactTable = {
    count: contactCount,
    createdAt: contacts.createdAt,
    id: (index) => contacts.ids.text(index),
    indexOf: (contactId) => contacts.ids.findText(contactId),
  };
  return assembleDataset({ campaigns: campaigns.rows }, contactTable, { table: deals.table, contactIndexes: deals.contactIndexes }, touchpoints.rows, sources);
}
