import type { Campaign } from '../schemas/campaign';
import type { Contact } from '../schemas/contact';
import type { Deal } from '../schemas/deal';
import type { Touchpoint } from '../schemas/touchpoint';
import { dealRecord, dealTableOf, type DealTable } from './dealTable';
import { InputError } from './inputError';
import { StringIndex } from './stringIndex';
import { stringIds, textColumnOf, touchpointRecord, TouchpointTableBuilder, TOUCHPOINT_TEXT_FIELDS, type RepeatProblem, type TouchpointTable } from './touchpointTable';

/** The four tables of the CSV interchange, as typed records. */
export interface DatasetTables {
  campaigns: Campaign[];
  contacts: Contact[];
  touchpoints: Touchpoint[];
  deals: Deal[];
}

/** Where a table was read from: its file, each record's line, and the optional columns its header left out. */
export interface DatasetSource {
  file: string;
  lines?: ArrayLike<number>;
  absentColumns?: readonly string[];
}

/** Where each table's records came from, so later checks can still name a file and line. */
export interface DatasetSources {
  campaigns?: DatasetSource;
  contacts?: DatasetSource;
  touchpoints?: DatasetSource;
  deals?: DatasetSource;
}

/**
 * A validated data set with the indexes every later stage needs. Tables are never mutated.
 * Touchpoints are held once per touchpoint_id, by column, in `touchpointTable` (what every hot path
 * reads); a touchpoint shared by several contacts (one row per contact in the CSV) appears once
 * there and once per contact in `touchpointIndexes`. `touchpoints` rebuilds the records, index-
 * aligned with the table, on first use: convenient for small data, costly for a million rows.
 */
export interface Dataset {
  readonly campaigns: Campaign[];
  /** Contact records; a data set read from files rebuilds them from `contactTable` on first use. */
  readonly contacts: Contact[];
  /** Contacts by column: what the hot paths read. */
  readonly contactTable: ContactTable;
  /** Deal records; a data set read from files rebuilds them from `dealTable` on first use. */
  readonly deals: Deal[];
  /** Deals by column: what the hot paths read. */
  readonly dealTable: DealTable;
  readonly touchpoints: readonly Touchpoint[];
  readonly touchpointTable: TouchpointTable;
  readonly campaignIndexById: ReadonlyMap<string, number>;
  /** Contact indexes of each deal, deduplicated, index-aligned with `deals`. */
  readonly dealContactIndexes: readonly Int32Array[];
  /** CSR layout: touchpoint indexes of contact c are touchpointIndexes[contactOffsets[c] .. contactOffsets[c+1]). */
  readonly contactOffsets: Int32Array;
  readonly touchpointIndexes: Int32Array;
  readonly sources: DatasetSources;
}

/** Contacts by column: contact c's created_at is `createdAt[c]`; ids are decoded on demand. */
export interface ContactTable {
  readonly count: number;
  readonly createdAt: Float64Array;
  /** The contact_id of contact `index`. */
  id(index: number): string;
  /** The index of a contact_id, or -1 when no contact has it. */
  indexOf(contactId: string): number;
}

/** The contact table of contact records (data built in memory rather than read from files). */
export function contactTableOf(contacts: readonly Contact[], indexById: ReadonlyMap<string, number>): ContactTable {
  return {
    count: contacts.length,
    createdAt: Float64Array.from(contacts, (contact) => contact.created_at),
    id: (index) => contacts[index].contact_id,
    indexOf: (contactId) => indexById.get(contactId) ?? -1,
  };
}

/** The touchpoints of a data set as the builder produced them, before the other tables are checked. */
export interface TouchpointRows {
  readonly table: TouchpointTable;
  readonly contactOffsets: Int32Array;
  readonly touchpointIndexes: Int32Array;
}

export function describeSource(sources: DatasetSources, table: keyof DatasetSources, index: number): { file?: string; line?: number } {
  const source = sources[table];
  if (!source) return { file: `${table}`, line: undefined };
  return { file: source.file, line: source.lines ? source.lines[index] : undefined };
}

export function recordLabel(sources: DatasetSources, table: keyof DatasetSources, index: number): string {
  const where = describeSource(sources, table, index);
  return where.line !== undefined ? `line ${where.line}` : `record ${index + 1}`;
}

/** The InputError for the record at `position` repeating the id of the record at `previous`, naming both lines. */
export function duplicateIdError(column: string, id: string, table: keyof DatasetSources, sources: DatasetSources, position: number, previous: number): InputError {
  return new InputError(`duplicate ${column} ${JSON.stringify(id)} (already on ${recordLabel(sources, table, previous)})`, {
    ...describeSource(sources, table, position),
    column,
  });
}

/** Map from each row's id to its position; throws InputError naming both lines of a duplicate. */
export function indexById<Row>(rows: readonly Row[], key: keyof Row & string, table: keyof DatasetSources, sources: DatasetSources): Map<string, number> {
  const index = new Map<string, number>();
  for (let position = 0; position < rows.length; position++) {
    const id = rows[position][key] as unknown as string;
    const previous = index.get(id);
    if (previous !== undefined) {
      throw duplicateIdError(key, id, table, sources, position, previous);
    }
    index.set(id, position);
  }
  return index;
}

/** Throws InputError naming both lines when two rows share an id (without building a Map of the ids). */
export function checkUniqueIds<Row>(rows: readonly Row[], key: keyof Row & string, table: keyof DatasetSources, sources: DatasetSources): void {
  const index = new StringIndex(rows.length, (position) => rows[position][key] as unknown as string);
  for (let position = 0; position < rows.length; position++) {
    const previous = index.setIfAbsent(rows[position][key] as unknown as string, position);
    if (previous >= 0) {
      throw duplicateIdError(key, rows[position][key] as unknown as string, table, sources, position, previous);
    }
  }
}

/** Where a cross-table error points: file and line of the offending row. */
type RowLocation = { file?: string; line?: number };

/** A touchpoint row naming a contact the contacts file lacks. */
export function unknownContactError(contactId: string, where: RowLocation): InputError {
  return new InputError(`unknown contact_id ${JSON.stringify(contactId)} (not in the contacts file)`, { ...where, column: 'contact_id' });
}

/** A deal whose contact_ids name a contact the contacts file lacks. */
export function unknownDealContactError(contactId: string, where: RowLocation): InputError {
  return new InputError(`unknown contact ${JSON.stringify(contactId)} in contact_ids (not in the contacts file)`, { ...where, column: 'contact_ids' });
}

/** A deal marked won without a close date. */
export function wonWithoutCloseError(where: RowLocation): InputError {
  return new InputError('is_won is true but closed_at is empty (a won deal must have a close date)', { ...where, column: 'closed_at' });
}

/** The InputError for a row that repeats a touchpoint_id without being a valid share of it. */
export function repeatedTouchpointError(id: string, problem: RepeatProblem, where: { file?: string; line?: number }, firstLabel: string): InputError {
  return new InputError(
    `duplicate touchpoint_id ${JSON.stringify(id)} (already on ${firstLabel}` +
      (problem.kind === 'different-field' ? `, with a different ${problem.field})` : ' for the same contact)') +
      '; rows may repeat a touchpoint_id only to share one identical touch among several contacts',
    { ...where, column: 'touchpoint_id' },
  );
}

/** Builds the touchpoint table from records, checking contacts and repeated ids. */
function touchpointRowsFromRecords(touchpoints: readonly Touchpoint[], contactIndexById: ReadonlyMap<string, number>, contactCount: number, sources: DatasetSources): TouchpointRows {
  const builder = new TouchpointTableBuilder(touchpoints.length);
  const ids: string[] = [];
  const idIndex = new StringIndex(touchpoints.length, (position) => ids[position]);
  const columns = TOUCHPOINT_TEXT_FIELDS.map((field) => textColumnOf(touchpoints.map((touchpoint) => touchpoint[field])));
  const codes = new Int32Array(TOUCHPOINT_TEXT_FIELDS.length);
  for (let row = 0; row < touchpoints.length; row++) {
    const touchpoint = touchpoints[row];
    const contactIndex = contactIndexById.get(touchpoint.contact_id);
    if (contactIndex === undefined) throw unknownContactError(touchpoint.contact_id, describeSource(sources, 'touchpoints', row));
    for (let position = 0; position < columns.length; position++) codes[position] = columns[position].codes[row];
    let index = idIndex.setIfAbsent(touchpoint.touchpoint_id, ids.length);
    if (index < 0) {
      index = ids.length;
      ids.push(touchpoint.touchpoint_id);
    }
    const problem = builder.addRow(index, contactIndex, touchpoint.occurred_at, codes);
    if (problem) {
      const firstLabel = recordLabel(sources, 'touchpoints', builder.firstRowOf(index));
      throw repeatedTouchpointError(touchpoint.touchpoint_id, problem, describeSource(sources, 'touchpoints', row), firstLabel);
    }
  }
  return builder.finish(stringIds(ids), columns, contactCount);
}

/**
 * Validates cross-table references and builds the indexes. Throws InputError naming the file,
 * line and column of the first problem: duplicate ids, unknown contacts, won deals without a close
 * date, campaigns that end before they start.
 */
export function createDataset(tables: DatasetTables, sources: DatasetSources = {}): Dataset {
  const contactIndexById = indexById(tables.contacts, 'contact_id', 'contacts', sources);
  const touchpointRows = touchpointRowsFromRecords(tables.touchpoints, contactIndexById, tables.contacts.length, sources);
  const contactTable = contactTableOf(tables.contacts, contactIndexById);
  return assembleDataset(tables, contactTable, dealsFromRecords(tables.deals, contactTable, sources), touchpointRows, sources);
}

/** The deals of a data set: by column, with each deal's contact indexes (and records, when built in memory). */
export interface DatasetDeals {
  readonly table: DealTable;
  /** Contact indexes of each deal, deduplicated. */
  readonly contactIndexes: Int32Array[];
  /** The records, when the data set was built from records; otherwise rebuilt on first use. */
  readonly records?: Deal[];
}

/** Checks deal records against the contacts (and won deals' close dates) and lays out their contact indexes. */
function dealsFromRecords(deals: Deal[], contactTable: ContactTable, sources: DatasetSources): DatasetDeals {
  checkUniqueIds(deals, 'deal_id', 'deals', sources);
  // One flat array of every deal's contacts, viewed per deal: no small array per deal.
  const dealContacts = new Int32Array(deals.reduce((total, deal) => total + deal.contact_ids.length, 0));
  const contactIndexes = new Array<Int32Array>(deals.length);
  let filled = 0;
  for (let position = 0; position < deals.length; position++) {
    const deal = deals[position];
    if (deal.is_won && deal.closed_at === null) throw wonWithoutCloseError(describeSource(sources, 'deals', position));
    const start = filled;
    for (const contactId of deal.contact_ids) {
      const contactIndex = contactTable.indexOf(contactId);
      if (contactIndex < 0) throw unknownDealContactError(contactId, describeSource(sources, 'deals', position));
      let repeated = false;
      for (let slot = start; slot < filled; slot++) repeated ||= dealContacts[slot] === contactIndex;
      if (!repeated) dealContacts[filled++] = contactIndex;
    }
    contactIndexes[position] = dealContacts.subarray(start, filled);
  }
  return { table: dealTableOf(deals), contactIndexes, records: deals };
}

/**
 * Checks the campaigns and joins them with contacts, deals and touchpoints already checked.
 * `readDataset` reads contacts, deals and touchpoints straight into columns and joins here too;
 * records it was not given (contacts, deals) are rebuilt from the columns on first use.
 */
export function assembleDataset(
  tables: Pick<DatasetTables, 'campaigns'> & { contacts?: Contact[] },
  contactTable: ContactTable,
  datasetDeals: DatasetDeals,
  touchpointRows: TouchpointRows,
  sources: DatasetSources,
): Dataset {
  const { campaigns } = tables;
  const campaignIndexById = indexById(campaigns, 'campaign_id', 'campaigns', sources);
  campaigns.forEach((campaign, position) => {
    if (campaign.start_at !== null && campaign.end_at !== null && campaign.end_at < campaign.start_at) {
      throw new InputError('end_at is before start_at', { ...describeSource(sources, 'campaigns', position), column: 'end_at' });
    }
  });
  const dealTable = datasetDeals.table;
  const dealContactIndexes = datasetDeals.contactIndexes;
  let deals = datasetDeals.records;

  const { table, contactOffsets, touchpointIndexes } = touchpointRows;
  let records: Touchpoint[] | undefined;
  let contacts = tables.contacts;
  const dataset = {
    campaigns,
    contactTable,
    dealTable,
    touchpointTable: table,
    campaignIndexById,
    dealContactIndexes,
    contactOffsets,
    touchpointIndexes,
    sources,
  };
  // Records are rebuilt on first use only: the columnar paths never pay for a million objects.
  Object.defineProperty(dataset, 'touchpoints', {
    enumerable: false,
    get: (): readonly Touchpoint[] => {
      if (records === undefined) {
        const contactIdOf = (contactIndex: number): string => contactTable.id(contactIndex);
        records = new Array<Touchpoint>(table.count);
        for (let index = 0; index < table.count; index++) records[index] = touchpointRecord(table, index, contactIdOf);
      }
      return records;
    },
  });
  Object.defineProperty(dataset, 'deals', {
    enumerable: true,
    get: (): Deal[] =>
      (deals ??= Array.from({ length: dealTable.count }, (_unused, index) =>
        dealRecord(dealTable, index, Array.from(dealContactIndexes[index], (contact) => contactTable.id(contact))),
      )),
  });
  Object.defineProperty(dataset, 'contacts', {
    enumerable: true,
    get: (): Contact[] =>
      (contacts ??= Array.from({ length: contactTable.count }, (_unused, index) => ({ contact_id: contactTable.id(index), created_at: contactTable.createdAt[index] }))),
  });
  return dataset as unknown as Dataset;
}
