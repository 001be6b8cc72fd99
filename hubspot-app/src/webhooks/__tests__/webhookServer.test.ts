import type { AddressInfo } from 'node:net';
import { Signature } from '@hubspot/api-client';
import { createWebhookServer } from '../webhookServer';
import type { WebhookAction } from '../webhookEvents';

const clientSecret = 'webhook-test-secret';

describe('createWebhookServer', () => {
  const handled: WebhookAction[] = [];
  const server = createWebhookServer({ clientSecret, publicUrl: 'https://hooks.example.com', handle: async (action) => void handled.push(action) });
  let port = 0;
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => ((port = (server.address() as AddressInfo).port), resolve()))));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${port}/hubspot/webhooks?v=1`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (body: string, timestamp = Date.now()) => ({
    'x-hubspot-signature-v3': Signature.getSignature('POST', 'v3', {
      clientSecret,
      requestBody: body,
      url: 'https://hooks.example.com/hubspot/webhooks?v=1',
      timestamp,
    }),
    'x-hubspot-request-timestamp': String(timestamp),
  });

  it('acts on a correctly signed delivery, once per event id', async () => {
    const body = JSON.stringify([
      { eventId: 7, subscriptionType: 'contact.privacyDeletion', objectId: 901 },
      { eventId: 7, subscriptionType: 'contact.privacyDeletion', objectId: 901 },
    ]);
    const response = await post(body, signed(body));
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handled).toEqual([{ kind: 'erase-contact', hubspotContactId: '901', eventId: '7' }]);
  });

  it('rejects a forged or stale delivery with 401 and a malformed one with 400', async () => {
    const body = JSON.stringify([{ eventId: 8, subscriptionType: 'contact.privacyDeletion', objectId: 902 }]);
    expect((await post(body, { ...signed(body), 'x-hubspot-signature-v3': signed('[]')['x-hubspot-signature-v3'] })).status).toBe(401);
    expect((await post(body, signed(body, Date.now() - 6 * 60_000))).status).toBe(401);
    expect((await post('{"not":"an array"}', signed('{"not":"an array"}'))).status).toBe(400);
    expect(handled.map((action) => action.eventId)).not.toContain('8');
  });
});
