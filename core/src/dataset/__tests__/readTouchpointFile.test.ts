import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteDictionary } from '../../csv/byteDictionary';
import { InputError } from '../inputError';
import { prestartTouchpointFileRead, readTouchpointFile } from '../readTouchpointFile';
import { readTouchpointRows } from '../readTouchpointRows';
import { touchpointRecord } from '../touchpointTable';

// The worker runs compiled code: `npm test` builds (tsc -b) before jest runs.
const WORKER_SCRIPT = join(__dirname, '..', '..', '..', 'dist', 'dataset', 'touchpointRowsWorker.js');
const HEADER = 'touchpoint_id,contact_id,occurred_at,type,url,referrer,utm_source,utm_medium,utm_campaign,utm_term,utm_content,promo_code,search_query';
const CONTACTS = Array.from({ length: 50 }, (_, index) => `c${index}`);

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'pa-touchpoint-file-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function contactIds(): ByteDictionary {
  const dictionary = new ByteDictionary();
  for (const contact of CONTACTS) dictionary.internText(contact);
  return dictionary;
}

function row(id: string, contact: string, minute: number, url = `https://acme.io/p/${minute % 13}?utm_campaign=c${minute % 5}`): string {
  return [id, contact, new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(), minute % 3 === 0 ? 'meeting' : 'page_view', url, '', '', '', '', '', '', '', ''].join(',');
}

/** Both readers on the same file: the parallel one forced to split it. */
function readBoth(name: string, lines: string[]): { parallel: unknown; sequential: unknown } {
  const file = join(folder, name);
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const outcome = (read: () => ReturnType<typeof readTouchpointRows>): unknown => {
    try {
      const { rows, lines: rowLines } = read();
      const records = Array.from({ length: rows.table.count }, (_, index) => touchpointRecord(rows.table, index, (contact) => CONTACTS[contact]));
      return { records, lines: Array.from(rowLines), offsets: Array.from(rows.contactOffsets), indexes: Array.from(rows.touchpointIndexes) };
    } catch (error) {
      if (error instanceof InputError) return { error: error.message };
      throw error;
    }
  };
  return {
    parallel: outcome(() => readTouchpointFile(file, contactIds(), CONTACTS.length, { parallelFromBytes: 0, workerScript: WORKER_SCRIPT })),
    sequential: outcome(() => readTouchpointRows(file, contactIds(), CONTACTS.length)),
  };
}

function manyRows(count: number): string[] {
  const rows = [HEADER];
  for (let index = 0; index < count; index++) rows.push(row(`t${index}`, CONTACTS[index % CONTACTS.length], index));
  return rows;
}

describe('readTouchpointFile (two threads)', () => {
  test('the worker script is built', () => {
    expect(existsSync(WORKER_SCRIPT)).toBe(true);
  });

  test('reads what one thread reads when no touchpoint spans the split (the bulk merge)', () => {
    const rows = manyRows(3000);
    // A touchpoint shared by two contacts, both rows in the second half: checked by the worker.
    rows.push(rows[2500].replace(/^t2499,c\d+/, 't2499,c0'));
    const { parallel, sequential } = readBoth('disjoint.csv', rows);
    expect(sequential).not.toHaveProperty('error');
    expect((sequential as { records: unknown[] }).records).toHaveLength(3000);
    expect(parallel).toEqual(sequential);
  });

  test('a read started ahead of need serves the next read of its file, and only of its file', () => {
    const options = { parallelFromBytes: 0, workerScript: WORKER_SCRIPT };
    const first = join(folder, 'early-first.csv');
    const second = join(folder, 'early-second.csv');
    writeFileSync(first, manyRows(2000).join('\n') + '\n');
    writeFileSync(second, manyRows(300).join('\n') + '\n');
    const oneThread = readTouchpointRows(first, contactIds(), CONTACTS.length);
    // Started early (its worker boots now), taken by the read of the same file.
    prestartTouchpointFileRead(first, options);
    const early = readTouchpointFile(first, contactIds(), CONTACTS.length, options);
    expect(Array.from(early.lines)).toEqual(Array.from(oneThread.lines));
    expect(Array.from(early.rows.table.occurredAt)).toEqual(Array.from(oneThread.rows.table.occurredAt));
    // Started for one file, then another is read: that one is read, and the early read is stopped.
    prestartTouchpointFileRead(first, options);
    expect(readTouchpointFile(second, contactIds(), CONTACTS.length, options).rows.table.count).toBe(300);
    expect(readTouchpointFile(first, contactIds(), CONTACTS.length, options).rows.table.count).toBe(2000);
  });

  test('reads what one thread reads, including touchpoints shared across the split', () => {
    const rows = manyRows(2000);
    // A meeting in the first half shared by a contact in the second half.
    rows.push(rows[10].replace(CONTACTS[9 % CONTACTS.length], 'c49'));
    rows.push(rows[1500].replace(/^t1499,c\d+/, 't1499,c0'));
    const { parallel, sequential } = readBoth('shared.csv', rows);
    expect(sequential).not.toHaveProperty('error');
    expect(parallel).toEqual(sequential);
  });

  test('reads the rest on this thread when the worker fails on something other than the input', () => {
    // A worker that answers with a crash (what an out-of-memory or a bug in the worker would send).
    const crashingWorker = join(folder, 'crashingWorker.js');
    const syncWorker = join(__dirname, '..', '..', '..', 'dist', 'util', 'syncWorker.js');
    writeFileSync(crashingWorker, `const sync = require(${JSON.stringify(syncWorker)}); sync.answerSyncCaller({ failure: sync.failureOf(new RangeError('out of room')) });`);
    const file = join(folder, 'crash.csv');
    writeFileSync(file, manyRows(500).join('\n') + '\n');
    const viaCrash = readTouchpointFile(file, contactIds(), CONTACTS.length, { parallelFromBytes: 0, workerScript: crashingWorker });
    const oneThread = readTouchpointRows(file, contactIds(), CONTACTS.length);
    expect(viaCrash.rows.table.count).toBe(500);
    expect(Array.from(viaCrash.lines)).toEqual(Array.from(oneThread.lines));
    expect(Array.from(viaCrash.rows.table.occurredAt)).toEqual(Array.from(oneThread.rows.table.occurredAt));
  });

  test('falls back to one thread when the middle of the file is inside a quoted field', () => {
    const rows = manyRows(20);
    rows.splice(10, 0, row('quoted', 'c1', 99, `"https://acme.io/${'\n'.repeat(4000)}"`));
    const { parallel, sequential } = readBoth('quoted.csv', rows);
    expect(sequential).not.toHaveProperty('error');
    expect((sequential as { records: unknown[] }).records).toHaveLength(21);
    expect(parallel).toEqual(sequential);
  });

  test.each([
    ['an unknown contact in the second half', (rows: string[]) => (rows[1800] = row('t1799', 'stranger', 1799)), /line 1801.*unknown contact_id "stranger"/],
    ['a bad timestamp in the second half', (rows: string[]) => (rows[1900] = rows[1900].replace(/2024-[^,]+/, '2024-13-01T00:00:00Z')), /line 1901.*expected an ISO 8601/],
    ['a repeat of a first-half id with another url', (rows: string[]) => (rows[1700] = row('t5', 'c40', 5, 'https://elsewhere.io/')), /line 1701.*duplicate touchpoint_id "t5" \(already on line 7, with a different url\)/],
    ['a repeat of a first-half id by the same contact', (rows: string[]) => (rows[1600] = rows[6]), /line 1601.*already on line 7 for the same contact/],
    ['two errors, one per half: the first wins', (rows: string[]) => ((rows[100] = row('t99', 'stranger', 99)), (rows[1900] = row('t1899', 'nobody', 1899))), /line 101.*"stranger"/],
    ['an error in the second half after a bad repeat there', (rows: string[]) => ((rows[1500] = rows[1400]), (rows[1950] = row('t1949', 'nobody', 1949))), /line 1501.*duplicate touchpoint_id "t1399" \(already on line 1401 for the same contact\)/],
  ])('reports %s at the same line as one thread', (_name, damage, expected) => {
    const rows = manyRows(2000);
    damage(rows);
    const { parallel, sequential } = readBoth('bad.csv', rows);
    expect((sequential as { error: string }).error).toMatch(expected);
    expect(parallel).toEqual(sequential);
  });
});
