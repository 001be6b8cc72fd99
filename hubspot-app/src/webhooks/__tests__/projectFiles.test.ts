import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionsOf } from '../webhookEvents';

const PROJECT = join(__dirname, '..', '..', '..', 'project');
const read = (path: string) => JSON.parse(readFileSync(join(PROJECT, path), 'utf8'));
// Contract §a.2: uids use letters, digits, periods, hyphens and underscores; marketplace apps need OAuth.
const UID = /^[A-Za-z0-9._-]+$/;

describe('HubSpot developer project files', () => {
  it('declares a 2026.03 project with a marketplace OAuth app', () => {
    expect(read('hsproject.json')).toEqual({ name: 'Pipeline Attribution', srcDir: 'src', platformVersion: '2026.03' });
    const app = read('src/app/app-hsmeta.json');
    expect(app.type).toBe('app');
    expect(app.uid).toMatch(UID);
    expect(app.config.distribution).toBe('marketplace');
    expect(app.config.auth.type).toBe('oauth');
    expect(app.config.auth.requiredScopes).toEqual(
      expect.arrayContaining(['crm.schemas.custom.write', 'crm.objects.custom.write', 'crm.objects.deals.read']),
    );
  });

  it('subscribes to exactly the events the webhook handler acts on', () => {
    const webhooks = read('src/app/webhooks/webhooks-hsmeta.json');
    expect(webhooks.uid).toMatch(UID);
    const dealStage = webhooks.config.subscriptions.crmObjects[0];
    const privacy = webhooks.config.subscriptions.hubEvents[0];
    const events = [
      { eventId: 1, subscriptionType: dealStage.subscriptionType, objectTypeId: '0-3', propertyName: dealStage.propertyName, objectId: 10 },
      { eventId: 2, subscriptionType: privacy.subscriptionType, objectId: 20 },
    ];
    expect(actionsOf(events).map((action) => action.kind)).toEqual(['recompute-deal', 'erase-contact']);
  });
});
