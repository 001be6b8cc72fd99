import { ApexParserFactory } from '@apexdevtools/apex-parser';
import { soqlDateTime, soqlIdentifier, soqlList, soqlString } from '../soql';

describe('soqlString', () => {
  it('escapes quotes, backslashes and control characters per the SOQL escape sequences', () => {
    expect(soqlString("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlString('a\\b')).toBe("'a\\\\b'");
    expect(soqlString('line\nbreak\t"q"')).toBe('\'line\\nbreak\\t\\"q\\"\'');
  });

  it('keeps an injection attempt inside one literal (checked with the Apex parser)', () => {
    const hostile = "x' OR Name != '";
    const conditionsOf = (query: string) =>
      ApexParserFactory.createParser(query).query().whereClause()?.whereLogicalExpression().whereConditionalExpression_list().length;
    // Concatenated raw, the value would add a second condition; escaped, the WHERE keeps one comparison.
    expect(conditionsOf(`SELECT Id FROM Contact WHERE Attribution_Key__c = '${hostile}'`)).toBe(2);
    expect(conditionsOf(`SELECT Id FROM Contact WHERE Attribution_Key__c = ${soqlString(hostile)}`)).toBe(1);
  });
});

describe('soqlList, soqlDateTime, soqlIdentifier', () => {
  it('builds IN lists, refuses empty ones', () => {
    expect(soqlList(['a', "b'c"])).toBe("('a','b\\'c')");
    expect(() => soqlList([])).toThrow('at least one value');
  });
  it('formats dateTime literals in UTC without milliseconds', () => {
    expect(soqlDateTime(Date.UTC(2024, 2, 1, 9, 30, 0, 123))).toBe('2024-03-01T09:30:00Z');
  });
  it('accepts field paths and rejects anything else', () => {
    expect(soqlIdentifier('Creator__r.External_Key__c')).toBe('Creator__r.External_Key__c');
    expect(() => soqlIdentifier('Name; DELETE')).toThrow('not a SOQL identifier');
  });
});
