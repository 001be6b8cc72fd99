import { join } from 'node:path';
import { Connection } from 'jsforce';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { parseSoql } from '../soql/parseSoql';

const FIXTURES = join(__dirname, 'fixtures');

describe('parseSoql', () => {
  it('reads field lists, relationship paths, subqueries, conditions, order, limit and offset', () => {
    const query = parseSoql(
      "SELECT Id, Account.Name, (SELECT ContactId FROM OpportunityContactRoles WHERE IsPrimary = true) FROM Opportunity WHERE (Amount > 10 AND (NOT (StageName IN ('a','b')))) OR Name LIKE 'x\\'s%' ORDER BY CloseDate DESC NULLS LAST, Name LIMIT 5 OFFSET 2",
    );
    expect(query.from).toBe('Opportunity');
    expect(query.select[1]).toEqual({ kind: 'field', path: ['Account', 'Name'] });
    expect(query.select[2]).toMatchObject({ kind: 'subquery', query: { from: 'OpportunityContactRoles' } });
    expect(query.where).toMatchObject({ kind: 'or', items: [{ kind: 'and' }, { kind: 'compare', operator: 'LIKE', value: { kind: 'string', value: "x's%" } }] });
    expect(query.orderBy).toEqual([{ path: ['CloseDate'], descending: true, nullsLast: true }, { path: ['Name'], descending: false, nullsLast: false }]);
    expect([query.limit, query.offset]).toEqual([5, 2]);
  });

  it.each([
    ['>=', 'Amount >= 10'],
    ['<=', 'Amount <= 10'],
    ['!=', 'Amount != 10'],
    ['!=', 'Amount <> 10'],
    ['>', 'Amount > 10'],
    ['<', 'Amount < 10'],
  ])('reads the comparison operator %s (%s), which the Apex lexer splits into two symbols', (operator, condition) => {
    expect(parseSoql(`SELECT Id FROM Opportunity WHERE ${condition}`).where).toMatchObject({ kind: 'compare', operator });
  });

  it('reads date literals and COUNT()', () => {
    const query = parseSoql('SELECT COUNT() FROM Opportunity WHERE CloseDate = LAST_N_DAYS:90 AND CreatedDate > 2024-01-01T00:00:00Z');
    expect(query.count).toBe(true);
    expect(query.where).toMatchObject({ items: [{ value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', amount: 90 } }, { value: { kind: 'datetime', millis: Date.UTC(2024, 0, 1) } }] });
  });

  it.each([
    ['SELECT Id FROM Contact WHERE Name = :name', 'bind variables'],
    ['SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName', 'aggregates'],
    ['SELECT Id FROM Contact WHERE Id IN (SELECT ContactId FROM OpportunityContactRole)', 'semi-joins'],
    ['SELECT Id FROM Contact LIMIT 5 garbage here', 'trailing text'],
    ['SELECT FROM Contact', 'syntax errors'],
    ['SELECT Id FROM Contact WHERE CreatedDate = LAST_FISCAL_QUARTER', 'unemulated date literals'],
    ['SELECT Id, Name n FROM Contact', 'aliases'],
    ["SELECT Id FROM Contact WHERE LastName = 'a' AND NOT Email = null", 'NOT after AND without parentheses (the grammar wants "AND (NOT …)")'],
  ])('rejects %s (%s) with MALFORMED_QUERY', (soql) => {
    expect(() => parseSoql(soql)).toThrow(expect.objectContaining({ code: 'MALFORMED_QUERY' }));
  });
});

/** SOQL query/queryAll/queryMore through jsforce (contract §d.2, §j.3). */
describe('Salesforce emulator: SOQL', () => {
  let sandbox: SandboxHandle;
  let connection: Connection;

  beforeAll(async () => {
    sandbox = await startSandbox({ salesforceMetadataDir: FIXTURES, salesforceQueryPageSize: 200 });
    connection = new Connection({ instanceUrl: sandbox.salesforce.instanceUrl, accessToken: sandbox.salesforce.accessToken, version: '62.0' });
    const account = await connection.sobject('Account').create({ Name: 'Acme' });
    const contacts = await connection.sobject('Contact').create([
      { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com', AccountId: account.id },
      { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', AccountId: account.id },
      { FirstName: 'Alan', LastName: 'Turing', Email: null },
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const opportunities = await connection.sobject('Opportunity').create([
      { Name: 'Won', StageName: 'Closed Won', Amount: 5000, CloseDate: today, AccountId: account.id },
      { Name: 'Open', StageName: 'Prospecting', Amount: 1200, CloseDate: '2020-01-15' },
      { Name: 'Lost', StageName: 'Closed Lost', Amount: null, CloseDate: '2020-02-01' },
    ]);
    await connection.sobject('OpportunityContactRole').create([
      { OpportunityId: opportunities[0].id, ContactId: contacts[0].id, IsPrimary: true },
      { OpportunityId: opportunities[0].id, ContactId: contacts[1].id, IsPrimary: false },
    ]);
  });
  afterAll(() => sandbox.stop());

  it('selects relationship fields and child subqueries with attributes', async () => {
    type Role = { Contact: { Email: string }; IsPrimary: boolean };
    type Row = { Id: string; attributes: unknown; Account: unknown; OpportunityContactRoles: { totalSize: number; records: Role[] } | null };
    const result = await connection.query<Row>("SELECT Id, Name, Account.Name, (SELECT Contact.Email, IsPrimary FROM OpportunityContactRoles ORDER BY IsPrimary DESC) FROM Opportunity WHERE Name = 'Won'");
    expect(result.totalSize).toBe(1);
    const record = result.records[0];
    expect(record.attributes).toEqual({ type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${record.Id}` });
    expect(record.Account).toMatchObject({ attributes: { type: 'Account' }, Name: 'Acme' });
    expect(record.OpportunityContactRoles).toMatchObject({ totalSize: 2, done: true });
    expect(record.OpportunityContactRoles?.records.map((role) => [role.Contact.Email, role.IsPrimary])).toEqual([['ada@example.com', true], ['grace@example.com', false]]);
    const noRoles = await connection.query<Row>("SELECT Id, (SELECT Id FROM OpportunityContactRoles) FROM Opportunity WHERE Name = 'Open'");
    expect(noRoles.records[0].OpportunityContactRoles).toBeNull();
  });

  it('filters with AND/OR/NOT/IN/LIKE/null/comparisons/date literals and orders with nulls placement', async () => {
    const names = async (soql: string) => (await connection.query<{ Name: string }>(soql)).records.map((record) => record.Name);
    expect(await names("SELECT Name FROM Opportunity WHERE Amount > 1000 AND (NOT StageName IN ('Closed Lost')) ORDER BY Amount")).toEqual(['Open', 'Won']);
    expect(await names("SELECT Name FROM Opportunity WHERE Amount = null OR Name LIKE 'w%' ORDER BY Name")).toEqual(['Lost', 'Won']);
    expect(await names('SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:30')).toEqual(['Won']);
    expect(await names('SELECT Name FROM Opportunity WHERE CloseDate < 2020-02-01')).toEqual(['Open']);
    expect(await names('SELECT Name FROM Opportunity WHERE IsWon = false ORDER BY Amount DESC NULLS LAST')).toEqual(['Open', 'Lost']);
    expect(await names('SELECT Name FROM Opportunity ORDER BY Amount ASC')).toEqual(['Lost', 'Open', 'Won']);
    expect(await names('SELECT Name FROM Contact WHERE Email != null ORDER BY LastName LIMIT 1 OFFSET 1')).toEqual(['Ada Lovelace']);
    expect((await connection.query("SELECT COUNT() FROM Contact WHERE Account.Name = 'Acme'")).totalSize).toBe(2);
  });

  it('rejects unsupported or invalid SOQL with MALFORMED_QUERY / INVALID_FIELD instead of answering wrongly', async () => {
    await expect(connection.query('SELECT StageName, SUM(Amount) FROM Opportunity GROUP BY StageName')).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    await expect(connection.query('SELECT Nope FROM Opportunity')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    await expect(connection.query("SELECT Id FROM Opportunity WHERE Amount = '5'")).rejects.toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    await expect(connection.query('SELECT Id FROM Nothing__c')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
  });

  it('pages with nextRecordsUrl and queryMore, and queryAll sees deleted records', async () => {
    const records = Array.from({ length: 450 }, (_, index) => ({ Name: `Creator ${index}`, Handle__c: `h${index}` }));
    for (let start = 0; start < records.length; start += 200) await connection.sobject('Creator__c').create(records.slice(start, start + 200));
    const first = await connection.query('SELECT Id, Handle__c FROM Creator__c');
    expect(first).toMatchObject({ totalSize: 450, done: false });
    expect(first.records).toHaveLength(200);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v62\.0\/query\/01g[A-Za-z0-9]+-200$/);
    const second = await connection.queryMore(first.nextRecordsUrl as string);
    expect(second.records).toHaveLength(200);
    const third = await connection.queryMore(second.nextRecordsUrl as string);
    expect(third).toMatchObject({ done: true });
    expect(third.nextRecordsUrl).toBeUndefined();
    expect(new Set([...first.records, ...second.records, ...third.records].map((record) => record.Id)).size).toBe(450);
    const all = await connection.query('SELECT Id FROM Creator__c', { autoFetch: true, maxFetch: 1000 });
    expect(all.records).toHaveLength(450);

    await connection.sobject('Creator__c').destroy(first.records[0].Id as string);
    expect((await connection.query('SELECT COUNT() FROM Creator__c')).totalSize).toBe(449);
    const withDeleted = await connection.query('SELECT Id, IsDeleted FROM Creator__c WHERE IsDeleted = true', { scanAll: true });
    expect(withDeleted.records.map((record) => record.Id)).toEqual([first.records[0].Id]);
  });

  it('answers external-id and Id equality from the indexes exactly as a full scan would', async () => {
    const byHandle = await connection.query<{ Handle__c: string }>("SELECT Handle__c FROM Creator__c WHERE Handle__c IN ('H7', 'h8', 'missing') AND Name != 'Creator 8'");
    expect(byHandle.records.map((record) => record.Handle__c)).toEqual(['h7']);
    const deleted = await connection.query<{ Id: string }>("SELECT Id FROM Creator__c WHERE Handle__c = 'h0'", { scanAll: true });
    expect(deleted.records).toHaveLength(1);
    const live = await connection.query("SELECT Id FROM Creator__c WHERE Handle__c = 'h0'");
    expect(live.records).toHaveLength(0);
    const byId = await connection.query<{ Id: string }>(`SELECT Id FROM Creator__c WHERE Id = '${deleted.records[0].Id.slice(0, 15)}'`, { scanAll: true });
    expect(byId.records.map((record) => record.Id)).toEqual([deleted.records[0].Id]);
  });
});
