import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { campaignColumns } from '../../schemas/campaignColumns';
import { touchpointColumns } from '../../schemas/touchpointColumns';
import { absentOptionalColumns, readHeaderRow } from '../absentColumns';

describe('readHeaderRow', () => {
  const folder = mkdtempSync(join(tmpdir(), 'pa-header-'));

  it('reads the first record only, trimmed, past a byte-order mark and quotes', () => {
    const file = join(folder, 'a.csv');
    writeFileSync(file, '\ufeff touchpoint_id ,"contact_id",type\r\nt1,c1,"unterminated');
    expect(readHeaderRow(file)).toEqual(['touchpoint_id', 'contact_id', 'type']);
  });

  it('gives no cells for an empty file and names the file it cannot open', () => {
    const empty = join(folder, 'empty.csv');
    writeFileSync(empty, '');
    expect(readHeaderRow(empty)).toEqual([]);
    expect(() => readHeaderRow(join(folder, 'missing.csv'))).toThrow(/missing\.csv.*cannot open/);
  });
});

describe('absentOptionalColumns', () => {
  it('names the optional columns a header leaves out, never a required one', () => {
    expect(absentOptionalColumns(['touchpoint_id', 'contact_id', 'occurred_at', 'type', 'url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'promo_code'], touchpointColumns)).toEqual([
      'utm_term',
      'search_query',
    ]);
    expect(absentOptionalColumns(['campaign_id'], campaignColumns)).not.toContain('campaign_id');
    expect(absentOptionalColumns(Object.keys(campaignColumns), campaignColumns)).toEqual([]);
  });
});
