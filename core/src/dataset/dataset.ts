import type { Campaign } from '../schemas/campaign';
import type { Contact } from '../schemas/contact';
import type { Deal } from '../schemas/deal';
import type { Touchpoint } from '../schemas/touchpoint';
import { InputError } from './inputError';
import { StringIndex } from './stringIndex';

/** The four tables of the CSV interchange, as typed records. */
export interface DatasetTables {
  campaigns: Campaign[];
  contacts: Contact[];
  touchpoints: Touchpoint[];
  deals: Deal[];
}

/** Where each table's records came from, so later checks can still name a file and line. */
export interface DatasetSources {
  campaigns?: { file: string; lines?: ArrayLike<number> };
  contacts?: { file: string; lines?: ArrayLike<number> };
  touchpoints?: { file: string; lines?: ArrayLike<number> };
  deals?: { file: string; lines?: ArrayLike<number> };
}

/**
 * A validated data set with the indexes every later stage needs. Tables are never mutated.
 * `touchpoints` holds each touchpoint once; a touchpoint shared by several contacts (one row per
 * contact in the CSV) appears once here and once per contact in `touchpointsOfContact`.
 */
export interface Dataset extends DatasetTables {
  readonly campaignIndexById: ReadonlyMap<string, number>;
  readonly contactIndexById: ReadonlyMap<string, number>;
  /** Contact indexes of each deal, deduplicated, index-aligned with `deals`. */
  readonly dealContactIndexes: readonly Int32Array[];
  /** CSR layout: touchpoint indexes of contact c are touchpointIndexes[contactOffsets[c] .. contactOffsets[c+1]). */
  readonly contactOffsets: Int32Array;
  readonly touchpointIndexes: Int32Array;
  readonly sources: DatasetSources;
}

function describeSource(sources: DatasetSources, table: keyof DatasetSources, index: number): { file?: string; line?: number } {
  const source = sources[table];
  if (!source) return { file: `${table}`, line: undefined };
  return { file: source.file, line: source.lines ? source.lines[index] : undefined };
}

function recordLabel(sources: DatasetSources, table: keyof DatasetSources, index: number): string {
  const where = describeSource(sources, table, index);
  return where.line !== undefined ? `line ${where.line}` : `record ${index + 1}`;
}

function indexById<Row>(rows: Row[], key: keyof Row & string, table: keyof DatasetSources, sources: DatasetSources): Map<string, number> {
  const index = new Map<string, number>();
  for (let position = 0; position < rows.length; position++) {
    const id = rows[position][key] as unknown as string;
    const previous = index.get(id);
    if (previous !== undefined) {
      throw new InputError(`duplicate ${key} ${JSON.stringify(id)} (already on ${recordLabel(sources, table, previous)})`, {
        ...describeSource(sources, table, position),
        column: key,
      });
    }
    index.set(id, position);
  }
  return index;
}

const TOUCHPOINT_FIELDS_THAT_MUST_AGREE: Array<keyof Touchpoint> = [
  'occurred_at',
  'type',
  'url',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'promo_code',
  'search_query',
];

/**
 * Validates cross-table references and builds the indexes. Throws InputError naming the file,
 * line and column of the first problem: duplicate ids, unknown contacts, won deals without a close
 * date, campaigns that end before they start.
 */
export function createDataset(tables: DatasetTables, sources: DatasetSources = {}): Dataset {
  const { campaigns, contacts, deals } = tables;
  const campaignIndexById = indexById(campaigns, 'campaign_id', 'campaigns', sources);
  const contactIndexById = indexById(contacts, 'contact_id', 'contacts', sources);
  indexById(deals, 'deal_id', 'deals', sources);

  campaigns.forEach((campaign, position) => {
    if (campaign.start_at !== null && campaign.end_at !== null && campaign.end_at < campaign.start_at) {
      throw new InputError('end_at is before start_at', { ...describeSource(sources, 'campaigns', position), column: 'end_at' });
    }
  });

  // Touchpoints: the first row of an id defines it; later rows with the same id share it with another contact.
  const uniqueTouchpoints: Touchpoint[] = [];
  const touchpointIndexById = new StringIndex(tables.touchpoints.length, (position) => uniqueTouchpoints[position].touchpoint_id);
  const contactOfRow = new Int32Array(tables.touchpoints.length);
  const touchpointOfRow = new Int32Array(tables.touchpoints.length);
  const contactsOfTouchpoint = new Map<number, Set<number>>();
  const contactCounts = new Int32Array(contacts.length + 1);
  let pairCount = 0;
  for (let row = 0; row < tables.touchpoints.length; row++) {
    const touchpoint = tables.touchpoints[row];
    const contactIndex = contactIndexById.get(touchpoint.contact_id);
    if (contactIndex === undefined) {
      throw new InputError(`unknown contact_id ${JSON.stringify(touchpoint.contact_id)} (not in the contacts file)`, {
        ...describeSource(sources, 'touchpoints', row),
        column: 'contact_id',
      });
    }
    let touchpointIndex = touchpointIndexById.setIfAbsent(touchpoint.touchpoint_id, uniqueTouchpoints.length);
    if (touchpointIndex < 0) {
      touchpointIndex = uniqueTouchpoints.length;
      uniqueTouchpoints.push(touchpoint);
    } else {
      const first = uniqueTouchpoints[touchpointIndex];
      let sharers = contactsOfTouchpoint.get(touchpointIndex);
      if (!sharers) contactsOfTouchpoint.set(touchpointIndex, (sharers = new Set([contactIndexById.get(first.contact_id)!])));
      const differing = TOUCHPOINT_FIELDS_THAT_MUST_AGREE.find((field) => first[field] !== touchpoint[field]);
      if (sharers.has(contactIndex) || differing !== undefined) {
        const firstRow = tables.touchpoints.indexOf(first);
        throw new InputError(
          `duplicate touchpoint_id ${JSON.stringify(touchpoint.touchpoint_id)} (already on ${recordLabel(sources, 'touchpoints', firstRow)}` +
            (differing ? `, with a different ${differing})` : ' for the same contact)') +
            '; rows may repeat a touchpoint_id only to share one identical touch among several contacts',
          { ...describeSource(sources, 'touchpoints', row), column: 'touchpoint_id' },
        );
      }
      sharers.add(contactIndex);
    }
    contactOfRow[row] = contactIndex;
    touchpointOfRow[row] = touchpointIndex;
    contactCounts[contactIndex + 1]++;
    pairCount++;
  }
  const contactOffsets = new Int32Array(contacts.length + 1);
  for (let contact = 0; contact < contacts.length; contact++) contactOffsets[contact + 1] = contactOffsets[contact] + contactCounts[contact + 1];
  const fill = contactOffsets.slice(0, contacts.length);
  const touchpointIndexes = new Int32Array(pairCount);
  for (let row = 0; row < contactOfRow.length; row++) touchpointIndexes[fill[contactOfRow[row]]++] = touchpointOfRow[row];

  const dealContactIndexes = deals.map((deal, position) => {
    if (deal.is_won && deal.closed_at === null) {
      throw new InputError('is_won is true but closed_at is empty (a won deal must have a close date)', {
        ...describeSource(sources, 'deals', position),
        column: 'closed_at',
      });
    }
    const indexes: number[] = [];
    for (const contactId of deal.contact_ids) {
      const contactIndex = contactIndexById.get(contactId);
      if (contactIndex === undefined) {
        throw new InputError(`unknown contact ${JSON.stringify(contactId)} in contact_ids (not in the contacts file)`, {
          ...describeSource(sources, 'deals', position),
          column: 'contact_ids',
        });
      }
      if (!indexes.includes(contactIndex)) indexes.push(contactIndex);
    }
    return Int32Array.from(indexes);
  });

  return {
    campaigns,
    contacts,
    touchpoints: uniqueTouchpoints,
    deals,
    campaignIndexById,
    contactIndexById,
    dealContactIndexes,
    contactOffsets,
    touchpointIndexes,
    sources,
  };
}
