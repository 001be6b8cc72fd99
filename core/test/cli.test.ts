/**
 * The `attribution` CLI end to end: the real bin on fixture files. Requires `tsc -b` first
 * (`npm test` does it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNoZodPreload } from './fixtures';

const BIN = join(__dirname, '..', 'bin', 'attribution.js');
const SMALL = join(__dirname, 'fixtures', 'small');
const FILES = ['campaigns.csv', 'contacts.csv', 'touchpoints.csv', 'deals.csv'];

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A copy of the small fixture where `file` has `content` instead. */
function variant(file: string, content: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'pa-cli-'));
  for (const name of FILES) copyFileSync(join(SMALL, name), join(folder, name));
  writeFileSync(join(folder, file), content);
  return folder;
}

function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, index) => [names[index], value])));
}

describe('the program', () => {
  test('--version prints the core package version; --help lists every core command', () => {
    const version = run('--version');
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const command of ['credit', 'compare', 'models', 'paths', 'resolve', 'simulate', 'score', 'utm']) expect(help.stdout).toMatch(new RegExp(`\\n\\s+${command}\\b`));
  });

  test('compare and credit load no zod (about 70 ms of start-up); the guard catches a command that does', () => {
    // A preload that fails the run if any module requires zod.
    const folder = mkdtempSync(join(tmpdir(), 'pa-cli-'));
    const guard = writeNoZodPreload(folder);
    for (const args of [
      // An as-of time near the fixture's data: with the default (now) the note on its open deal would be on stderr.
      ['compare', '--data', SMALL, '--models', 'all', '--format', 'csv', '--as-of', '2024-03-01'],
      ['credit', '--data', SMALL, '--model', 'w-shaped', '--format', 'csv', '--as-of', '2024-03-01'],
    ]) {
      const result = spawnSync(process.execPath, ['-r', guard, BIN, ...args], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
    const withRules = spawnSync(process.execPath, ['-r', guard, BIN, 'utm', 'validate', 'https://example.com/?utm_source=x'], { encoding: 'utf8' });
    expect(withRules.stderr).toBe('zod loaded\n');
  });

  test('an unknown command is a usage error that lists the commands', () => {
    const result = run('comparre', '--data', SMALL);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'comparre'/);
  });
});

describe('attribution credit', () => {
  /*
   * d1 (won 2024-01-20, 12,000): contacts c1, c2 → touches t1 (Jan 1, maya-launch via URL),
   * t2 (Jan 4, q1-webinar), t3 (Jan 6, untagged), t4 (Jan 12, meeting). Linear: 3,000 each.
   * d2 (open, as of 2024-03-01): c3 → t5 (Feb 2). d3 (lost): c2 → t3.
   */
  test('linear credits, with campaigns resolved from columns and URLs', () => {
    const result = run('credit', '--data', SMALL, '--model', 'linear', '--as-of', '2024-03-01T00:00:00Z');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const rows = parseCsv(result.stdout);
    expect(Object.keys(rows[0])).toEqual(['deal_id', 'touchpoint_id', 'campaign_id', 'influencer_id', 'channel', 'model', 'share', 'credit']);
    const d1 = rows.filter((row) => row.deal_id === 'd1');
    expect(d1.map((row) => row.touchpoint_id)).toEqual(['t1', 't2', 't3', 't4']);
    expect(d1.map((row) => row.campaign_id)).toEqual(['cmp-maya', 'cmp-web', '', '']);
    expect(d1[0].influencer_id).toBe('inf-maya');
    expect(d1.map((row) => Number(row.credit))).toEqual([3000, 3000, 3000, 3000]);
    expect(rows.filter((row) => row.deal_id === 'd2').map((row) => [row.touchpoint_id, row.share])).toEqual([['t5', '1']]);
  });

  test('u-shaped: FT t1 .4, LC t2 .4 (last touch at or before c1 was created on Jan 5), t3 and t4 .1 each', () => {
    const result = run('credit', '--data', SMALL, '--model', 'u-shaped', '--as-of', '2024-03-01T00:00:00Z', '--format', 'json');
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{ deal_id: string; touchpoint_id: string; credit: number }>;
    expect(rows.filter((row) => row.deal_id === 'd1').map((row) => row.credit)).toEqual([4800, 4800, 1200, 1200]);
  });

  test('--campaigns, --contacts, --touchpoints and --deals override single files of --data', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-override-'));
    const deals = join(folder, 'only-d2.csv');
    writeFileSync(deals, 'deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\nd2,Beta LLC,3000,USD,qualified,2024-02-03T00:00:00Z,,false,c3\n');
    const result = run('credit', '--data', SMALL, '--deals', deals, '--model', 'linear', '--as-of', '2024-03-01');
    expect(result.status).toBe(0);
    expect(parseCsv(result.stdout).map((row) => [row.deal_id, row.touchpoint_id])).toEqual([['d2', 't5']]);
    // all four files given one by one, without --data
    const all = run(
      'credit', '--campaigns', join(SMALL, 'campaigns.csv'), '--contacts', join(SMALL, 'contacts.csv'),
      '--touchpoints', join(SMALL, 'touchpoints.csv'), '--deals', deals, '--model', 'first-touch', '--as-of', '2024-03-01',
    );
    expect(all.status).toBe(0);
    expect(parseCsv(all.stdout)).toHaveLength(1);
  });

  test('--out writes the file atomically', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-out-'));
    const out = join(folder, 'credit.csv');
    expect(run('credit', '--data', SMALL, '--model', 'first-touch', '--out', out).status).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('deal_id,touchpoint_id,campaign_id,influencer_id,channel,model,share,credit');
    expect(readdirSync(folder)).toEqual(['credit.csv']);
  });
});

describe('the order of the rows', () => {
  const DEMO = join(__dirname, '..', '..', 'examples', 'demo');

  test('changes no credit of any data-driven model (the demo with contacts, deals and touchpoints in reverse order)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-reversed-'));
    copyFileSync(join(DEMO, 'campaigns.csv'), join(folder, 'campaigns.csv'));
    for (const name of ['contacts.csv', 'deals.csv', 'touchpoints.csv']) {
      const [header, ...rows] = readFileSync(join(DEMO, name), 'utf8').trim().split('\n');
      writeFileSync(join(folder, name), [header, ...rows.reverse()].join('\n') + '\n');
    }
    // Markov's removal effects are solved to 1e-12: its shares may differ in their last printed digit.
    for (const model of ['shapley', 'incremental']) {
      const credits = (data: string): string[] => {
        const result = run('credit', '--data', data, '--model', model, '--as-of', '2026-11-01');
        expect(result.status).toBe(0);
        return result.stdout.trim().split('\n').slice(1).sort();
      };
      const original = credits(DEMO);
      expect(original.length).toBeGreaterThan(500);
      expect(credits(folder)).toEqual(original);
    }
  });
});

describe('attribution compare', () => {
  test('every model side by side; each model column sums to the pipeline total', () => {
    const result = run('compare', '--data', SMALL, '--as-of', '2024-03-01T00:00:00Z', '--format', 'json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.models.slice(0, 10)).toEqual(['first-touch', 'last-touch', 'linear', 'position-based', 'u-shaped', 'w-shaped', 'full-path', 'j-shaped', 'inverse-j', 'time-decay']);
    // pipeline = open d2 (3,000) + won d1 (12,000); lost d3 is neither
    expect(report.totals).toEqual([{ currency: 'USD', pipeline: 15000, revenue: 12000, deals: 2 }]);
    for (const model of report.models) {
      const pipeline = report.rows.reduce((sum: number, row: { pipeline: Record<string, number> }) => sum + row.pipeline[model], 0);
      expect(pipeline).toBeCloseTo(15000, 6);
    }
    const maya = report.rows.find((row: { key: string }) => row.key === 'cmp-maya');
    // first touch: d1 → t1 (maya) 12,000; d2 → t5 (maya) 3,000
    expect(maya.pipeline['first-touch']).toBe(15000);
    expect(maya.revenue['first-touch']).toBe(12000);
  });

  test('every rounded column adds up to its currency total, in csv and in the table', () => {
    // The demo data: two currencies, dozens of rows, models that split deals into fractions.
    const demo = join(__dirname, '..', '..', 'examples', 'demo');
    const options = ['--data', demo, '--as-of', '2025-12-31', '--models', 'linear,time-decay,w-shaped'];
    const report = JSON.parse(run('compare', ...options, '--format', 'json').stdout);
    const totals = new Map<string, { pipeline: number; revenue: number }>(report.totals.map((total: { currency: string; pipeline: number; revenue: number }) => [total.currency, total]));
    expect(totals.size).toBe(2);
    const rows = parseCsv(run('compare', ...options, '--format', 'csv').stdout);
    for (const [currency, total] of totals) {
      for (const model of ['linear', 'time-decay', 'w-shaped']) {
        for (const measure of ['pipeline', 'revenue'] as const) {
          const cents = rows.filter((row) => row.currency === currency).reduce((sum, row) => sum + Math.round(Number(row[`${model}_${measure}`]) * 100), 0);
          expect(cents).toBe(Math.round(total[measure] * 100));
        }
      }
    }
    // The table: whole units, each model's column equal to its TOTAL line.
    const table = run('compare', ...options).stdout;
    const pipelineBlock = table.split('Credited revenue')[0].split('\n').filter((line) => / (USD|EUR) /.test(line));
    const units = (line: string): number[] => line.split(/ (?:USD|EUR) /)[1].trim().split(/\s+/).map((cell) => Number(cell.replace(/,/g, '')));
    for (const currency of totals.keys()) {
      const lines = pipelineBlock.filter((line) => line.includes(` ${currency} `));
      const [totalLine] = lines.filter((line) => line.startsWith('TOTAL'));
      const sums = lines.filter((line) => !line.startsWith('TOTAL')).map(units).reduce((sum, cells) => sum.map((value, index) => value + cells[index]));
      expect(sums).toEqual(units(totalLine));
    }
  });

  test('cost, credited opportunities, cost per opportunity and ROI per model', () => {
    const result = run('compare', '--data', SMALL, '--as-of', '2024-03-01', '--models', 'linear', '--format', 'json');
    expect(result.status).toBe(0);
    const rows = JSON.parse(result.stdout).rows as Array<{ key: string; cost: number | null; opportunities: Record<string, number>; costPerOpportunity: Record<string, number | null>; roi: Record<string, number | null> }>;
    // Maya: linear shares .25 of d1 (won, 12,000) and 1 of d2 (open): 1.25 opportunities; revenue 3,000 against cost 5,000
    const maya = rows.find((row) => row.key === 'cmp-maya')!;
    expect(maya.cost).toBe(5000);
    expect(maya.opportunities.linear).toBe(1.25);
    expect(maya.costPerOpportunity.linear).toBe(4000);
    expect(maya.roi.linear).toBe(-0.4);
    // Webinar: .25 of d1, revenue 3,000 against cost 1,500.50
    const webinar = rows.find((row) => row.key === 'cmp-web')!;
    expect(webinar.costPerOpportunity.linear).toBe(6002);
    expect(webinar.roi.linear).toBeCloseTo((3000 - 1500.5) / 1500.5, 4);
    expect(rows.find((row) => row.key.startsWith('(no campaign)'))!.roi.linear).toBeNull();
  });

  test('says when open deals lose every touch to an as-of time far past the data, and not otherwise', () => {
    // d2, the one open deal, has its touches in January-February 2024.
    const far = run('compare', '--data', SMALL, '--as-of', '2026-03-01', '--models', 'linear', '--format', 'csv');
    expect(far.status).toBe(0);
    expect(far.stderr).toContain('attribution: note: 1 open deal has touches only before the lookback window (365 days before the as-of time 2026-03-01T00:00:00.000Z)');
    expect(parseCsv(far.stdout).find((row) => row.campaign === '(no touchpoints)')?.linear_pipeline).toBe('3000');
    const near = run('compare', '--data', SMALL, '--as-of', '2024-03-01', '--models', 'linear', '--format', 'csv');
    expect(near.stderr).toBe('');
  });

  test('--by channel and csv output', () => {
    const result = run('compare', '--data', SMALL, '--by', 'channel', '--models', 'linear,last-touch', '--format', 'csv', '--as-of', '2024-03-01');
    expect(result.status).toBe(0);
    const rows = parseCsv(result.stdout);
    expect(Object.keys(rows[0])).toEqual([
      'channel', 'name', 'currency', 'cost',
      'linear_pipeline', 'linear_revenue', 'linear_opportunities', 'linear_cost_per_opportunity', 'linear_roi',
      'last-touch_pipeline', 'last-touch_revenue', 'last-touch_opportunities', 'last-touch_cost_per_opportunity', 'last-touch_roi',
    ]);
    const influencer = rows.find((row) => row.channel === 'influencer')!;
    expect(Number(influencer.linear_pipeline)).toBe(6000); // t1 3,000 of d1 + t5 3,000 of d2
  });

  test('the custom model runs with --rules', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-rules-'));
    const rules = join(folder, 'rules.json');
    writeFileSync(rules, JSON.stringify({ slots: { lastTouch: 1 } }));
    const result = run('compare', '--data', SMALL, '--models', 'custom', '--rules', rules, '--format', 'json', '--as-of', '2024-03-01');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).models).toEqual(['custom']);
  });

  test('the table format shows both blocks and totals', () => {
    const result = run('compare', '--data', SMALL, '--as-of', '2024-03-01');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Credited pipeline/);
    expect(result.stdout).toMatch(/Credited revenue/);
    expect(result.stdout).toMatch(/TOTAL\s+USD\s+15,000/);
  });
});

describe('bad input exits 2 with a message naming file, line and column, and writes nothing', () => {
  const header = 'touchpoint_id,contact_id,occurred_at,type,url,referrer,utm_source,utm_medium,utm_campaign,utm_term,utm_content,promo_code,search_query\n';
  test.each([
    ['a missing required column', 'touchpoints.csv', 'touchpoint_id,contact_id,url\nt1,c1,x\n', /touchpoints\.csv, line 1: missing columns "occurred_at", "type" in the header row/],
    ['a bad timestamp', 'touchpoints.csv', header + 't1,c1,2024-01-01T00:00:00Z,page_view,,,,,,,,,\nt2,c1,01/02/2024,page_view,,,,,,,,,\n', /touchpoints\.csv, line 3, column "occurred_at": expected an ISO 8601 timestamp/],
    ['a negative amount', 'deals.csv', 'deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\nd1,x,-5,USD,open,2024-01-10T00:00:00Z,,false,c1\n', /deals\.csv, line 2, column "amount": expected a non-negative number/],
    ['a non-numeric amount', 'deals.csv', 'deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\nd1,x,lots,USD,open,2024-01-10T00:00:00Z,,false,c1\n', /deals\.csv, line 2, column "amount".*"lots"/],
    ['an unknown contact', 'touchpoints.csv', header + 't1,c9,2024-01-01T00:00:00Z,page_view,,,,,,,,,\n', /touchpoints\.csv, line 2, column "contact_id": unknown contact_id "c9"/],
    ['an unknown contact on a deal', 'deals.csv', 'deal_id,name,amount,currency,stage,created_at,closed_at,is_won,contact_ids\nd1,x,5,USD,open,2024-01-10T00:00:00Z,,false,c1;nobody\n', /deals\.csv, line 2, column "contact_ids": unknown contact "nobody"/],
    ['a duplicate touchpoint_id', 'touchpoints.csv', header + 't1,c1,2024-01-01T00:00:00Z,page_view,,,,,,,,,\nt1,c1,2024-01-01T00:00:00Z,page_view,,,,,,,,,\n', /touchpoints\.csv, line 3, column "touchpoint_id": duplicate touchpoint_id "t1" \(already on line 2/],
    ['an empty file', 'contacts.csv', '', /contacts\.csv: the file is empty/],
    ['a short row', 'contacts.csv', 'contact_id,created_at\nc1\n', /contacts\.csv, line 2: expected 2 fields/],
    ['an unclosed quote', 'contacts.csv', 'contact_id,created_at\n"c1,2024-01-01T00:00:00Z\n', /contacts\.csv, line 2, column 1: a quoted field is never closed/],
  ])('%s', (_label, file, content, message) => {
    const folder = variant(file, content);
    const out = join(folder, 'out.csv');
    writeFileSync(out, 'previous contents\n');
    const result = run('credit', '--data', folder, '--model', 'linear', '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe('previous contents\n');
    expect(readdirSync(folder).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  test('CRLF line endings with a BOM and quoted newlines read correctly', () => {
    const folder = variant(
      'touchpoints.csv',
      '\uFEFF' +
        header.replace('\n', '\r\n') +
        't1,c1,2024-01-01T00:00:00Z,page_view,"https://acme.test/?utm_campaign=maya-launch",,,,,,,,"multi\r\nline query"\r\n' +
        't2,c1,2024-01-04T00:00:00Z,form_submit,,,,,q1-webinar,,,,\r\n',
    );
    const result = run('credit', '--data', folder, '--model', 'first-touch', '--as-of', '2024-03-01');
    expect(result.status).toBe(0);
    const d1 = parseCsv(result.stdout).filter((row) => row.deal_id === 'd1');
    expect(d1[0]).toMatchObject({ touchpoint_id: 't1', campaign_id: 'cmp-maya', share: '1' });
  });

  test.each([
    [['credit', '--data', SMALL, '--model', 'nope'], /field "--model": unknown model "nope"/],
    [['credit', '--data', SMALL, '--model', 'linear', '--as-of', 'tomorrow'], /field "--as-of"/],
    [['credit', '--data', SMALL, '--model', 'time-decay', '--half-life-days', '0'], /field "--half-life-days": expected a positive number/],
    [['compare', '--data', SMALL, '--by', 'planet'], /field "--by": expected one of campaign, influencer, channel/],
    [['credit', '--model', 'linear'], /--data/],
    [['credit', '--data', '/nonexistent-folder', '--model', 'linear'], /campaigns\.csv: cannot open the file \(ENOENT\)/],
  ])('bad parameters: %j', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('an unknown option is a usage error (exit 2)', () => {
    const result = run('credit', '--data', SMALL, '--model', 'linear', '--colour');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--colour'/);
  });

  test('a rules file with a bad field', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pa-rules-'));
    writeFileSync(join(folder, 'rules.json'), JSON.stringify({ slots: { firstTouch: 'high' } }));
    const result = run('compare', '--data', SMALL, '--models', 'custom', '--rules', join(folder, 'rules.json'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/rules\.json, field "slots\.firstTouch"/);
    expect(existsSync(join(folder, 'out'))).toBe(false);
  });
});
