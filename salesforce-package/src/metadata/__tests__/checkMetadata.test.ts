import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMetadata, formatMetadataIssues } from '../checkMetadata';

const PACKAGE_DEFAULT = join(__dirname, '..', '..', '..', 'force-app', 'main', 'default');

describe('checkMetadata', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'sf-metadata-'));
    cpSync(PACKAGE_DEFAULT, copy, { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  const edit = (relativePath: string, change: (text: string) => string) => {
    const path = join(copy, relativePath);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };
  const messages = () => formatMetadataIssues(checkMetadata(copy));

  it('passes on the package as committed', () => {
    expect(formatMetadataIssues(checkMetadata(PACKAGE_DEFAULT))).toBe('');
  });

  it('reports malformed XML with its line', () => {
    edit('objects/Creator__c/fields/Handle__c.field-meta.xml', (text) => text.replace('</label>', '</labl>'));
    expect(messages()).toMatch(/Handle__c\.field-meta\.xml:\d+: malformed XML/);
    expect(checkMetadata(copy).find((issue) => issue.message.startsWith('malformed'))?.line).toBe(5); // line 5 holds <label>…</labl>
  });

  it('requires a unique External ID on every custom object', () => {
    edit('objects/Campaign_Outcome__c/fields/External_Key__c.field-meta.xml', (text) =>
      text.replace('<externalId>true</externalId>', '<externalId>false</externalId>'),
    );
    expect(messages()).toContain('Campaign_Outcome__c needs an External ID field that is also unique');
  });

  it('rejects a Text field longer than 255 and an unknown type, naming the line', () => {
    edit('objects/Creator__c/fields/Handle__c.field-meta.xml', (text) => text.replace('<length>255</length>', '<length>300</length>'));
    edit('objects/Creator__c/fields/Channel__c.field-meta.xml', (text) => text.replace('<type>Text</type>', '<type>String</type>'));
    const output = messages();
    expect(output).toMatch(/Handle__c\.field-meta\.xml:6: a Text field needs <length> between 1 and 255/);
    expect(output).toMatch(/Channel__c\.field-meta\.xml:\d+: <type> must be one of/);
  });

  it('rejects a lookup to an object that does not exist, and a duplicate relationship name', () => {
    edit('objects/Attribution_Touchpoint__c/fields/Creator__c.field-meta.xml', (text) =>
      text.replace('<referenceTo>Creator__c</referenceTo>', '<referenceTo>Influencer__c</referenceTo>'),
    );
    edit('objects/Attribution_Touchpoint__c/fields/Lead__c.field-meta.xml', (text) =>
      text.replace('<referenceTo>Lead</referenceTo>', '<referenceTo>Contact</referenceTo>'),
    );
    const output = messages();
    expect(output).toContain('referenceTo Influencer__c is neither a standard object nor a custom object');
    expect(output).toContain('relationshipName Attribution_Touchpoints on Contact is already used by');
    expect(output).toContain('Attribution_Touchpoint__c needs a lookup to Lead');
  });

  it('requires the permission sets to cover every optional field and to name only existing fields', () => {
    edit('permissionsets/Attribution_Rep.permissionset-meta.xml', (text) =>
      text.replace('<field>Creator__c.Handle__c</field>', '<field>Creator__c.Nickname__c</field>'),
    );
    const output = messages();
    expect(output).toContain('fieldPermissions names Creator__c.Nickname__c, which is not a field of this package');
    expect(output).toContain('fieldPermissions is missing the package field Creator__c.Handle__c');
  });

  it('requires the influence model to be locked and present', () => {
    edit('campaignInfluenceModels/Pipeline_Attribution.campaignInfluenceModel-meta.xml', (text) =>
      text.replace('<isModelLocked>true', '<isModelLocked>false'),
    );
    expect(messages()).toContain('<isModelLocked> must be true');
    unlinkSync(join(copy, 'campaignInfluenceModels/Pipeline_Attribution.campaignInfluenceModel-meta.xml'));
    expect(messages()).toContain('a locked custom CampaignInfluenceModel is missing');
  });

  it('requires the Campaign attribution fields and the namespace on the root element', () => {
    unlinkSync(join(copy, 'objects/Campaign/fields/Landing_URL__c.field-meta.xml'));
    edit('objects/Campaign/fields/ROI__c.field-meta.xml', (text) => text.replace(' xmlns="http://soap.sforce.com/2006/04/metadata"', ''));
    const output = messages();
    expect(output).toContain('Campaign needs the field Landing_URL__c');
    expect(output).toMatch(/ROI__c\.field-meta\.xml:2: root element <CustomField> must declare xmlns/);
  });

  it('flags an unknown folder', () => {
    cpSync(join(copy, 'permissionsets'), join(copy, 'permsets'), { recursive: true });
    expect(messages()).toContain('unknown metadata folder permsets/');
  });
});
