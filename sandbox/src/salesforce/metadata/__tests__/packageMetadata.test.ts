import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toEighteenCharacterId } from '../../ids';
import { readPackageMetadata } from '../packageMetadata';

const FIXTURES = join(__dirname, '..', '..', '__tests__', 'fixtures');

describe('readPackageMetadata', () => {
  it('reads custom objects and fields with their types and constraints', () => {
    const metadata = readPackageMetadata(FIXTURES);
    const creator = metadata.customObjects.find((object) => object.name === 'Creator__c');
    const handle = creator?.fieldsByLowerName.get('handle__c');
    expect(handle).toMatchObject({ type: 'string', length: 40, required: true, externalId: true, unique: true, nillable: false });
    expect(creator?.fieldsByLowerName.get('followers__c')).toMatchObject({ type: 'double', precision: 9, scale: 0 });
    expect(creator?.fieldsByLowerName.get('platform__c')).toMatchObject({ restrictedPicklist: true, defaultValue: 'Instagram' });
    expect(creator?.fieldsByLowerName.get('campaign__c')).toMatchObject({ referenceTo: ['Campaign'], relationshipName: 'Campaign__r', childRelationshipName: 'Creators__r' });
    expect(metadata.extraFields.get('Campaign')?.map((field) => field.name)).toEqual(['UTM_Campaign__c']);
  });

  it('names the file of a malformed or unsupported field', () => {
    const directory = mkdtempSync(join(tmpdir(), 'pa-metadata-'));
    try {
      mkdirSync(join(directory, 'objects', 'Bad__c', 'fields'), { recursive: true });
      writeFileSync(join(directory, 'objects', 'Bad__c', 'Bad__c.object-meta.xml'), '<CustomObject><label>Bad</label></CustomObject>');
      const fieldFile = join(directory, 'objects', 'Bad__c', 'fields', 'Geo__c.field-meta.xml');
      writeFileSync(fieldFile, '<CustomField><fullName>Geo__c</fullName><type>Location</type></CustomField>');
      expect(() => readPackageMetadata(directory)).toThrow(`${fieldFile}: unsupported field type "Location"`);
      writeFileSync(fieldFile, '<CustomField><fullName>Geo__c</fullName><type>Text</type>');
      expect(() => readPackageMetadata(directory)).toThrow(fieldFile);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('toEighteenCharacterId', () => {
  it('appends the case-encoding suffix (Salesforce docs example 001A0000006Vm9r → 001A0000006Vm9rIAC)', () => {
    expect(toEighteenCharacterId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(toEighteenCharacterId('000000000000000')).toBe('000000000000000AAA');
  });
});
