import { join } from 'node:path';
import { ByteDictionary } from '../csv/byteDictionary';
import { readCsvTable } from '../csv/readCsvTable';
import { campaignColumns } from '../schemas/campaign';
import { contactColumns } from '../schemas/contact';
import { dealColumns } from '../schemas/deal';
import { assembleDataset, duplicateIdError, type Dataset, type DatasetSources } from './dataset';
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
 * Touchpoints go straight into columns (readTouchpointFile); the small tables become records.
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
  const contacts = readCsvTable(files.contacts, contactColumns);
  const sources: DatasetSources = {
    campaigns: { file: files.campaigns, lines: campaigns.lines },
    contacts: { file: files.contacts, lines: contacts.lines },
  };
  // Contact ids by their bytes: the touchpoint reader looks its contact_id cells up without decoding them.
  const contactIds = new ByteDictionary(contacts.rows.length);
  contacts.rows.forEach((contact, position) => {
    const first = contactIds.internText(contact.contact_id);
    if (first !== position) throw duplicateIdError('contact_id', contact.contact_id, 'contacts', sources, position, first);
  });
  // Deals before this thread's part of the touchpoints, so that the worker's part runs alongside both.
  const deals = readCsvTable(files.deals, dealColumns);
  sources.deals = { file: files.deals, lines: deals.lines };
  const touchpoints = touchpointRead.finish(contactIds, contacts.rows.length);
  sources.touchpoints = { file: files.touchpoints, lines: touchpoints.lines };
  return assembleDataset({ campaigns: campaigns.rows, contacts: contacts.rows, deals: deals.rows }, (id) => contactIds.findText(id), touchpoints.rows, sources);
}
