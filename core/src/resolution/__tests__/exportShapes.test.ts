import { createDataset } from '../../dataset/dataset';
import type { Touchpoint } from '../../schemas/touchpoint';
import { simulateDataset } from '../../simulate/simulateDataset';
import { resolveDataset } from '../touchpointResolver';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFiles, readDataset } from '../../dataset/readDataset';
import { writeSimulation } from '../../simulate/writeSimulation';

/**
 * The same touches, written the way other exports write them, must resolve the same: a data set
 * built by another team's generator or exported from another analytics tool says the same things
 * in other words.
 */
describe('resolution does not depend on how an export writes the same evidence', () => {
  const { tables } = simulateDataset({ seed: 7, contacts: 1500 });

  /** One export shape: the query in the engine's referrer, "(direct)" for no referrer, tags only in the URL, local-time offsets. */
  function otherExportShape(touch: Touchpoint): Touchpoint {
    const reshaped = { ...touch };
    if (touch.search_query !== '' && /google\.com/.test(touch.referrer)) {
      reshaped.referrer = `https://www.google.com/search?q=${encodeURIComponent(touch.search_query)}`;
      reshaped.search_query = '';
    } else if (touch.referrer === '') {
      reshaped.referrer = '(direct)';
    }
    // Tags only in the URL when the URL carries them (utm columns empty, as many exports leave them).
    if (touch.utm_campaign !== '' && new URL(touch.url, 'https://x.invalid').searchParams.get('utm_campaign') === touch.utm_campaign) {
      reshaped.utm_source = reshaped.utm_medium = reshaped.utm_campaign = reshaped.utm_content = reshaped.utm_term = '';
    }
    return reshaped;
  }

  it('gives every touch the same campaign, match kind and confidence', () => {
    const original = resolveDataset(createDataset(tables));
    const reshapedTouches = tables.touchpoints.map(otherExportShape);
    // The transformation must actually change something of each kind it covers.
    expect(reshapedTouches.filter((touch) => touch.referrer === '(direct)').length).toBeGreaterThan(100);
    expect(reshapedTouches.filter((touch, index) => touch.referrer !== tables.touchpoints[index].referrer && touch.referrer.includes('?q=')).length).toBeGreaterThan(50);
    expect(reshapedTouches.filter((touch, index) => touch.utm_campaign === '' && tables.touchpoints[index].utm_campaign !== '').length).toBeGreaterThan(100);
    const reshaped = resolveDataset(createDataset({ ...tables, touchpoints: reshapedTouches }));
    expect(reshaped.report.malformedReferrers).toBe(original.report.malformedReferrers);
    expect(reshaped.report.inferred.candidates).toBe(original.report.inferred.candidates);
    // A tag the URL carries is cleaned as it is parsed (stray spaces trimmed): where the column kept
    // them (" leo-summer-2025 ", a normalised match) the URL alone gives an exact one. Same campaign.
    const kind = (match: string): string => (match === 'normalized' ? 'exact' : match);
    const differing = original.resolutions.flatMap((resolution, index) => {
      const other = reshaped.resolutions[index];
      const same = other.campaignId === resolution.campaignId && kind(other.match) === kind(resolution.match);
      const sameConfidence = Math.abs(other.confidence - resolution.confidence) < 1e-9 || other.match !== resolution.match;
      return same && sameConfidence ? [] : [{ index, original: resolution, reshaped: other }];
    });
    expect(differing).toEqual([]);
  });

  it('reads the same from files (URLs kept as bytes, click ids seen in them) as from records (URLs as strings)', () => {
    // Click ids on some tagged and untagged URLs, some of them beyond ASCII (those take the text path).
    const touchpoints = tables.touchpoints.map((touch, index) => {
      if (touch.url === '' || index % 7 !== 0) return touch;
      const path = index % 21 === 0 ? 'ünï/' : '';
      const separator = touch.url.includes('?') ? '&' : '?';
      return { ...touch, url: `${touch.url.replace('://acme.io/', `://acme.io/${path}`)}${separator}gclid=Cj0KCQ${index}x&fbclid=IwAR${index}` };
    });
    // The CSV reader trims every cell (" devon10 " is read as devon10): the records are trimmed alike.
    const trimmed = touchpoints.map((touch) => Object.fromEntries(Object.entries(touch).map(([field, value]) => [field, typeof value === 'string' ? value.trim() : value])) as Touchpoint);
    const withClickIds = { ...tables, touchpoints: trimmed };
    expect(touchpoints.filter((touch) => touch.url.includes('ünï/gclid') || touch.url.includes('ünï/?')).length).toBeGreaterThan(10);
    const folder = mkdtempSync(join(tmpdir(), 'pa-bytes-'));
    writeSimulation(folder, { ...simulateDataset({ seed: 7, contacts: 1500 }), tables: withClickIds }, 7);
    const fromFiles = readDataset(datasetFiles(folder));
    expect(fromFiles.touchpointTable.text.url.utf8).toBeDefined();
    const fromRecords = resolveDataset(createDataset(withClickIds));
    const read = resolveDataset(fromFiles);
    expect(read.report).toEqual(fromRecords.report);
    expect(read.resolutions.map((resolution) => ({ ...resolution }))).toEqual(fromRecords.resolutions.map((resolution) => ({ ...resolution })));
  });

  it('gives every touch the same resolution whatever the order of the rows (touchpoints and campaigns)', () => {
    const original = resolveDataset(createDataset(tables));
    // A fixed shuffle (a multiplicative step through the rows): every touch moves.
    const count = tables.touchpoints.length;
    const step = 7919;
    expect(count % step).not.toBe(0);
    const shuffled = Array.from({ length: count }, (_value, index) => tables.touchpoints[(index * step) % count]);
    expect(new Set(shuffled.map((touch) => touch.touchpoint_id)).size).toBe(count);
    const reordered = resolveDataset(createDataset({ ...tables, campaigns: [...tables.campaigns].reverse(), touchpoints: shuffled }));
    const byId = new Map(reordered.resolutions.map((resolution, index) => [shuffled[index].touchpoint_id, resolution]));
    const differing = original.resolutions.flatMap((resolution, index) => {
      const other = byId.get(tables.touchpoints[index].touchpoint_id)!;
      const same = other.campaignId === resolution.campaignId && other.match === resolution.match && other.explanation === resolution.explanation;
      return same && Math.abs(other.confidence - resolution.confidence) < 1e-9 ? [] : [{ index, original: resolution, reordered: other }];
    });
    expect(differing).toEqual([]);
    expect(reordered.report.byMatch).toEqual(original.report.byMatch);
  });
});
