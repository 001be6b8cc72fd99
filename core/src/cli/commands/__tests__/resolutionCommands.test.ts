/**
 * `attribution simulate | resolve | score | utm` end to end through the real bin (requires
 * `tsc -b` first; `npm test` does it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvTable } from '../../../csv/readCsvTable';
import { column } from '../../../schemas/columnKinds';
import { writeNoZodPreload } from '../../../../test/fixtures';

const BIN = join(__dirname, '..', '..', '..', '..', 'bin', 'attribution.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `resolve`'s summary (stderr) on a data set simulated with seed 3 and these shape options; both must succeed. */
function resolveSummaryOf(...shapeOptions: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'pa-shape-'));
  expect(run('simulate', '--out', folder, '--seed', '3', ...shapeOptions).status).toBe(0);
  const result = run('resolve', '--data', folder, '--out', join(folder, 'resolved.csv'));
  expect(result.status).toBe(0);
  return result.stderr;
}

describe('simulate → resolve → score', () => {
  const folder = mkdtempSync(join(tmpdir(), 'pa-resolution-'));

  test('a simulated data set resolves and scores near its truth', () => {
    const simulated = run('simulate', '--out', folder, '--seed', '3', '--contacts', '1500');
    expect(simulated.status).toBe(0);
    expect(simulated.stdout).toMatch(/Bayes-optimal accuracy \d+\.\d+%/);
    const resolvedFile = join(folder, 'resolved.csv');
    const resolved = run('resolve', '--data', folder, '--out', resolvedFile);
    expect(resolved.status).toBe(0);
    expect(resolved.stderr).toMatch(/^resolved \d+ touchpoints: exact \d+/);
    const pooling = /pooling of response rates .*: platform ([\d.]+), creator ([\d.]+), campaign ([\d.]+)/.exec(resolved.stderr);
    expect(pooling).not.toBeNull();
    for (const shape of pooling!.slice(1).map(Number)) expect(shape >= 0.5 && shape <= 1000).toBe(true);
    expect(readFileSync(resolvedFile, 'utf8').split('\n')[0]).toBe('touchpoint_id,campaign_id,influencer_id,channel,match,confidence,explanation');
    const scored = run('score', '--truth', join(folder, 'truth.csv'), '--resolved', resolvedFile, '--format', 'json');
    expect(scored.status).toBe(0);
    const score = JSON.parse(scored.stdout);
    expect(score.byClass.carried.accuracy).toBeGreaterThan(0.99);
    expect(score.byClass.organic.attributedShare).toBeLessThan(0.01);
    expect(score.calibrationError).toBeLessThan(0.05);
    // simulation.json beside the truth: the gap to the Bayes limit and the metric's noise floor.
    const simulation = JSON.parse(readFileSync(join(folder, 'simulation.json'), 'utf8'));
    expect(score.bayesLimit).toEqual(simulation.bayesLimit);
    expect(score.gapToBayesPoints).toBeCloseTo(100 * (simulation.bayesLimit.accuracy - score.byClass.ambiguous.accuracy), 10);
    const table = run('score', '--truth', join(folder, 'truth.csv'), '--resolved', resolvedFile).stdout;
    expect(table).toMatch(/Ambiguous touches against the Bayes limit \(simulation\.json\): [\d.]+% against [\d.]+%, gap -?[\d.]+ points; the true posteriors' ECE on them [\d.]+/);
  });

  test('score names a simulation.json it cannot read, and scores without one', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'pa-score-'));
    const truthFile = join(elsewhere, 'truth.csv');
    writeFileSync(truthFile, readFileSync(join(folder, 'truth.csv')));
    const resolvedFile = join(folder, 'resolved.csv');
    const plain = run('score', '--truth', truthFile, '--resolved', resolvedFile, '--format', 'json');
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).bayesLimit).toBeUndefined();
    writeFileSync(join(elsewhere, 'simulation.json'), '{"bayesLimit": {"ambiguousTouches": 10, "accuracy": 1.7, "expectedAccuracy": 0.5, "campaignShare": 0.2}}');
    const wrong = run('score', '--truth', truthFile, '--resolved', resolvedFile);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/simulation\.json, field "bayesLimit\.accuracy": /);
    writeFileSync(join(elsewhere, 'simulation.json'), '{"bayesLimit": ');
    expect(run('score', '--truth', truthFile, '--resolved', resolvedFile).stderr).toMatch(/simulation\.json: not valid JSON/);
  });

  test('resolve --format json writes an array of rows, the same rows as the csv', () => {
    const result = run('resolve', '--data', folder, '--format', 'json', '--quiet');
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout);
    expect(rows[0]).toEqual(expect.objectContaining({ touchpoint_id: expect.any(String), match: expect.any(String), confidence: expect.any(Number) }));
    // The csv writer reuses each shared resolution's text; read back, it must say what the json says.
    const csvFile = join(folder, 'resolved-again.csv');
    expect(run('resolve', '--data', folder, '--out', csvFile, '--quiet').status).toBe(0);
    const text = { id: column.id(), text: column.text(), number: column.nonNegativeAmount() };
    const csvRows = readCsvTable(csvFile, {
      touchpoint_id: text.id,
      campaign_id: text.text,
      influencer_id: text.text,
      channel: text.text,
      match: text.text,
      confidence: text.number,
      explanation: text.text,
    }).rows;
    expect(csvRows.length).toBe(rows.length);
    expect(rows.some((row: { explanation: string }) => row.explanation.includes('"'))).toBe(true);
    csvRows.forEach((row, index) => expect({ ...row }).toEqual(rows[index]));
  });

  test('utm report and utm build read the same data', () => {
    const report = run('utm', 'report', '--data', folder);
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/^By campaign\n/);
    expect(report.stdout).toMatch(/\nGovernance violations\n/);
    const campaignId = readFileSync(join(folder, 'campaigns.csv'), 'utf8').split('\n')[1].split(',')[0];
    const built = run('utm', 'build', '--data', folder, '--campaign', campaignId);
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/^https:\/\/acme\.io\/[a-z]*\?utm_source=[a-z]+&utm_medium=influencer&utm_campaign=[a-z0-9-]+&utm_content=[a-z0-9._-]+\n$/);
    expect(run('utm', 'build', '--data', folder, '--campaign', 'nope').stderr).toMatch(/field "--campaign": unknown campaign "nope"/);
  });

  test('score names a file that does not cover the truth', () => {
    const partial = join(folder, 'partial.csv');
    writeFileSync(partial, 'touchpoint_id,campaign_id,match,confidence\ntp-1,,none,1\n');
    const result = run('score', '--truth', join(folder, 'truth.csv'), '--resolved', partial);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/partial\.csv: touchpoint "tp-2" of the truth is not in the resolved file/);
  });
});

describe('simulate world shapes', () => {
  test('shape options change the world; bad values exit 2 naming the option', () => {
    const plain = mkdtempSync(join(tmpdir(), 'pa-shape-'));
    const shaped = mkdtempSync(join(tmpdir(), 'pa-shape-'));
    expect(run('simulate', '--out', plain, '--seed', '4', '--contacts', '800').status).toBe(0);
    expect(run('simulate', '--out', shaped, '--seed', '4', '--contacts', '800', '--creators', '4-6', '--delay-shape', 'exponential', '--organic-scale', '3').status).toBe(0);
    const creators = (folder: string): number => new Set(readFileSync(join(folder, 'campaigns.csv'), 'utf8').split('\n').slice(1).map((line) => line.split(',')[3]).filter((id) => id)).size;
    expect(creators(shaped)).toBeGreaterThanOrEqual(4);
    expect(creators(shaped)).toBeLessThanOrEqual(6);
    expect(creators(plain)).toBeGreaterThanOrEqual(12);
    const returning = mkdtempSync(join(tmpdir(), 'pa-shape-'));
    expect(run('simulate', '--out', returning, '--seed', '4', '--contacts', '800', '--coming-back', '0.5,0.2').status).toBe(0);
    const touchCount = (folder: string): number => readFileSync(join(folder, 'touchpoints.csv'), 'utf8').trim().split('\n').length;
    expect(touchCount(returning)).toBeGreaterThan(touchCount(plain));
    for (const [option, value] of [['--creators', '0-3'], ['--creators', '5-4'], ['--delay-scale', '-1'], ['--delay-shape', 'gamma'], ['--organic-scale', 'x'], ['--organic-weekdays', '1,2,3'], ['--organic-weekdays', '0,0,0,0,0,0,0'], ['--organic-weekdays', '1,1,1,1,1,1,-1'], ['--organic-trend', '0'], ['--organic-trend', 'x'], ['--coming-back', '0.3'], ['--coming-back', '0.3,1.5'], ['--coming-back', 'a,b']]) {
      const result = run('simulate', '--out', plain, option, value);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(option);
    }
  });
});

describe('searches recorded without their query', () => {
  test('simulate --query-not-provided hides queries; resolve fits those searches as their own kind', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-noquery-'));
    expect(run('simulate', '--out', folder, '--seed', '5', '--contacts', '2000', '--query-not-provided', '0.9').status).toBe(0);
    const resolvedFile = join(folder, 'resolved.csv');
    const resolved = run('resolve', '--data', folder, '--out', resolvedFile);
    expect(resolved.status).toBe(0);
    expect(resolved.stderr).toMatch(/search without its query \d+\.\d+\/day/);
    expect(readFileSync(resolvedFile, 'utf8')).toMatch(/first visit by search without its query while campaign/);
    const score = JSON.parse(run('score', '--truth', join(folder, 'truth.csv'), '--resolved', resolvedFile, '--format', 'json').stdout);
    expect(score.byClass.organic.attributedShare).toBeLessThan(0.01);
    expect(score.calibrationError).toBeLessThan(0.05);
    for (const share of ['-0.1', '1.5', 'most']) {
      const result = run('simulate', '--out', folder, '--query-not-provided', share);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('--query-not-provided');
    }
  });
});

describe('an export with only the required columns', () => {
  test('reads the absent optional columns as empty and says which', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-minimal-'));
    writeFileSync(join(folder, 'campaigns.csv'), 'campaign_id,name,utm_campaign\ncmp-maya,Maya spring,maya-spring-2025\n');
    writeFileSync(join(folder, 'contacts.csv'), 'contact_id,created_at\nc1,2025-03-01T10:00:00Z\n');
    writeFileSync(join(folder, 'touchpoints.csv'), 'touchpoint_id,contact_id,occurred_at,type,url\nt1,c1,2025-03-01T09:58:00Z,page_view,https://acme.io/?utm_campaign=maya-spring-2025\n');
    writeFileSync(join(folder, 'deals.csv'), 'deal_id,amount,created_at,contact_ids\nd1,5000,2025-03-10T00:00:00Z,c1\n');
    const resolved = run('resolve', '--data', folder, '--format', 'json');
    expect(resolved.status).toBe(0);
    expect(JSON.parse(resolved.stdout)[0]).toMatchObject({ touchpoint_id: 't1', campaign_id: 'cmp-maya', match: 'exact' });
    expect(resolved.stderr).toContain(`attribution: note: ${join(folder, 'touchpoints.csv')} has no columns referrer, utm_source, utm_medium, utm_campaign, utm_term, utm_content, promo_code, search_query: read as empty`);
    expect(resolved.stderr).toContain(`attribution: note: ${join(folder, 'deals.csv')} has no columns name, currency, stage, closed_at, is_won: read as empty`);
    expect(resolved.stderr).not.toContain('contacts.csv');
    const compared = run('compare', '--data', folder, '--models', 'linear', '--format', 'csv', '--as-of', '2025-04-01');
    expect(compared.status).toBe(0);
    expect(compared.stdout).toMatch(/Maya spring.*5000/);
  });
});

describe('touchpoint ids the CSV output must quote', () => {
  test('ids with commas or quotes come out quoted, the rest as they are, in CSV and JSON alike', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-ids-'));
    writeFileSync(join(folder, 'campaigns.csv'), 'campaign_id,name,utm_campaign\ncmp-maya,Maya spring,maya-spring-2025\n');
    writeFileSync(join(folder, 'contacts.csv'), 'contact_id,created_at\nc1,2025-03-01T10:00:00Z\n');
    const ids = ['t1', 'tp,2', 'say "hi"', 'ünïcode-4'];
    const rows = ids.map((id, index) => `"${id.replace(/"/g, '""')}",c1,2025-03-01T09:5${index}:00Z,page_view,https://acme.io/?utm_campaign=maya-spring-2025`);
    writeFileSync(join(folder, 'touchpoints.csv'), `touchpoint_id,contact_id,occurred_at,type,url\n${rows.join('\n')}\n`);
    writeFileSync(join(folder, 'deals.csv'), 'deal_id,amount,created_at,contact_ids\nd1,5000,2025-03-10T00:00:00Z,c1\n');
    const asCsv = run('resolve', '--data', folder, '--quiet');
    expect(asCsv.status).toBe(0);
    const table = readCsvTable('resolved.csv', { touchpoint_id: column.text(), match: column.text() }, { chunks: [Buffer.from(asCsv.stdout)] });
    expect(table.rows.map((row) => row.touchpoint_id)).toEqual(ids);
    expect(table.rows.every((row) => row.match === 'exact')).toBe(true);
    expect(asCsv.stdout.split('\n').slice(1, 5).map((line) => line.slice(0, line.indexOf(',cmp-maya')))).toEqual(['t1', '"tp,2"', '"say ""hi"""', 'ünïcode-4']);
    const asJson = run('resolve', '--data', folder, '--quiet', '--format', 'json');
    expect(JSON.parse(asJson.stdout).map((row: { touchpoint_id: string }) => row.touchpoint_id)).toEqual(ids);
  });
});

describe('a weekly organic baseline', () => {
  test('organic weekends in the simulation show in the resolve summary as low weekday factors', () => {
    const match = /by weekday Sun-Sat ([\d.]+) (?:[\d.]+ ){5}([\d.]+)/.exec(resolveSummaryOf('--organic-weekdays', '0.3,1,1,1,1,1,0.3'));
    expect(match).not.toBeNull();
    // Weekends at 0.3 of a working day: normalised to mean 1 that is 0.3 / (5.6 / 7) = 0.375.
    expect(Number(match![1])).toBeLessThan(0.6);
    expect(Number(match![2])).toBeLessThan(0.6);
  });
});

describe('an organic baseline with a course over the year', () => {
  test('organic traffic tripling in the simulation shows in the resolve summary as a rising course', () => {
    const match = /over the period \(start, quarters, end\) ([\d.]+) (?:[\d.]+ ){3}([\d.]+)/.exec(resolveSummaryOf('--organic-trend', '3'));
    expect(match).not.toBeNull();
    // True course: 0.55 at the start, 1.65 at the end (3^(u − ½) over its mean).
    expect(Number(match![1])).toBeLessThan(0.75);
    expect(Number(match![2])).toBeGreaterThan(1.35);
    // Campaigns without dates: the export's start_at and end_at are empty.
    const undated = mkdtempSync(join(tmpdir(), 'pa-undated-'));
    expect(run('simulate', '--out', undated, '--seed', '3', '--contacts', '300', '--undated-campaigns').status).toBe(0);
    const [header, ...campaignLines] = readFileSync(join(undated, 'campaigns.csv'), 'utf8').trim().split('\n');
    const columns = header.split(',');
    expect(campaignLines.length).toBeGreaterThan(10);
    for (const line of campaignLines) {
      const cells = line.split(',');
      expect(cells).toHaveLength(columns.length);
      expect([cells[columns.indexOf('start_at')], cells[columns.indexOf('end_at')]]).toEqual(['', '']);
    }
    // Without a trend the summary names no course.
    const flatFolder = mkdtempSync(join(tmpdir(), 'pa-flat-'));
    expect(run('simulate', '--out', flatFolder, '--seed', '3').status).toBe(0);
    const flat = run('resolve', '--data', flatFolder, '--out', join(flatFolder, 'resolved.csv'));
    expect(flat.status).toBe(0);
    expect(flat.stderr).not.toContain('over the period');
  });
});

describe('resolve --channel-rules', () => {
  const SMALL = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'small');
  const channelOf = (csv: string, touchpointId: string): string => csv.split('\n').find((line) => line.startsWith(`${touchpointId},`))!.split(',')[3];

  test('classifies touches by the rules given; loads the rules reader (zod) only then; a bad rules file exits 2 naming the field', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-channel-rules-'));
    const rules = join(folder, 'rules.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ channel: 'partner', when: { source: 'partner-digest' } }] }));
    const plain = run('resolve', '--data', SMALL, '--quiet');
    expect(plain.status).toBe(0);
    expect(channelOf(plain.stdout, 't3')).toBe('email');
    const ruled = run('resolve', '--data', SMALL, '--quiet', '--channel-rules', rules);
    expect(ruled.status).toBe(0);
    expect(channelOf(ruled.stdout, 't3')).toBe('partner');
    // A preload that fails the run if any module requires zod: resolve without rules never does.
    const guard = writeNoZodPreload(folder);
    const guarded = (...args: string[]) => spawnSync(process.execPath, ['-r', guard, BIN, 'resolve', '--data', SMALL, '--quiet', ...args], { encoding: 'utf8' });
    expect(guarded().status).toBe(0);
    expect(guarded('--channel-rules', rules).status).toBe(9);
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rules: [{ channel: 'partner', when: { sauce: 'x' } }] }));
    const rejected = run('resolve', '--data', SMALL, '--quiet', '--channel-rules', bad);
    expect(rejected.status).toBe(2);
    expect(rejected.stderr).toContain(bad);
    expect(rejected.stderr).toContain('rules.0.when');
    expect(rejected.stdout).toBe('');
  });
});

describe('attribution utm', () => {
  test('validate exits 0 on clean URLs and 1 with one message per violation', () => {
    expect(run('utm', 'validate', 'https://acme.io/?utm_source=instagram&utm_medium=influencer&utm_campaign=maya-spring').status).toBe(0);
    const result = run('utm', 'validate', 'https://acme.io/?utm_source=Instagram&utm_medium=influencer&utm_campaign=maya spring');
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/: utm_source "Instagram" is not lower case$/),
      expect.stringMatching(/: utm_campaign "maya spring" contains forbidden character " "$/),
    ]);
  });

  test('validate rejects a bad rules file with exit 2 naming the field', () => {
    const rules = join(mkdtempSync(join(tmpdir(), 'pa-utm-')), 'rules.json');
    writeFileSync(rules, JSON.stringify({ maxLength: 'long' }));
    const result = run('utm', 'validate', '--rules', rules, 'https://acme.io/');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/rules\.json, field "maxLength"/);
  });
});
