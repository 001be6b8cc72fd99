import { InputError } from '../../dataset/inputError';
import { parseGovernanceRules, validateTrackingUrl } from '../governance';

const rules = parseGovernanceRules({ allowedSources: ['instagram'], allowedMediums: ['influencer'], maxLength: 20 });

describe('validateTrackingUrl', () => {
  it('passes a clean URL', () => {
    expect(validateTrackingUrl('https://acme.io/?utm_source=instagram&utm_medium=influencer&utm_campaign=maya-spring', rules)).toEqual([]);
  });

  it('reports each violation as one message', () => {
    const violations = validateTrackingUrl(
      'https://acme.io/?utm_source=Snapchat&utm_medium=influencer&utm_campaign=maya spring 2025 extended&utm_content=jane@doe.com&utm_term=%2B1%20415%20555%200199',
      rules,
    );
    expect(violations).toEqual(
      expect.arrayContaining([
        'utm_source "Snapchat" is not lower case',
        'utm_source "Snapchat" is not an allowed source (allowed: instagram)',
        'utm_campaign is 25 characters long (maximum 20)',
        'utm_campaign "maya spring 2025 extended" contains forbidden character " "',
        'utm_content contains an email address (no personal data in tracking parameters)',
        'utm_term contains a phone number (no personal data in tracking parameters)',
      ]),
    );
  });

  it('requires the required parameters and flags repeats', () => {
    expect(validateTrackingUrl('https://acme.io/?utm_source=instagram&utm_source=instagram', rules)).toEqual(
      expect.arrayContaining(['utm_source is repeated', 'missing required parameter utm_medium', 'missing required parameter utm_campaign']),
    );
  });

  it('does not take dates or campaign numbers for phone numbers', () => {
    expect(validateTrackingUrl('https://acme.io/?utm_source=instagram&utm_medium=influencer&utm_campaign=q2-2025', rules)).toEqual([]);
  });

  it('rejects bad rules with the field named', () => {
    expect(() => parseGovernanceRules({ maxLength: -1 }, 'rules.json')).toThrow(InputError);
    expect(() => parseGovernanceRules({ maxLength: -1 }, 'rules.json')).toThrow(/rules.json, field "maxLength"/);
    expect(() => parseGovernanceRules({ unknown: true }, 'rules.json')).toThrow(/rules.json/);
  });
});
