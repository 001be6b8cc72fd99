import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Signature } from '@hubspot/api-client';
import { hubspotSignatureV3Headers, postSignedHubSpotWebhook } from '../signedRequests';

describe('HubSpot v3 signatures', () => {
  it('produces signatures the real client validates', () => {
    const timestamp = Date.now();
    const input = { clientSecret: 'secret', method: 'POST', url: 'https://backend.example/webhooks?x=1', body: '[{"eventId":1}]', timestamp };
    const headers = hubspotSignatureV3Headers(input);
    expect(headers['X-HubSpot-Request-Timestamp']).toBe(String(timestamp));
    expect(Signature.isValid({ signature: headers['X-HubSpot-Signature-v3'], clientSecret: 'secret', requestBody: input.body, signatureVersion: 'v3', url: input.url, method: 'POST', timestamp })).toBe(true);
    expect(Signature.isValid({ signature: headers['X-HubSpot-Signature-v3'], clientSecret: 'other', requestBody: input.body, signatureVersion: 'v3', url: input.url, method: 'POST', timestamp })).toBe(false);
  });

  it('posts webhook events as a signed JSON array', async () => {
    let received: { headers: Record<string, string | string[] | undefined>; body: string } | undefined;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received = { headers: request.headers, body };
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
    try {
      const event = { eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 4, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 5, changeSource: 'CRM', appId: 6 };
      expect((await postSignedHubSpotWebhook(url, 'secret', [event])).status).toBe(204);
      expect(JSON.parse(received?.body ?? '')).toEqual([event]);
      const signature = String(received?.headers['x-hubspot-signature-v3']);
      const timestamp = Number(received?.headers['x-hubspot-request-timestamp']);
      expect(Signature.isValid({ signature, clientSecret: 'secret', requestBody: received?.body ?? '', signatureVersion: 'v3', url, method: 'POST', timestamp })).toBe(true);
    } finally {
      server.close();
    }
  });
});
