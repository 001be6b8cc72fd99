import { Signature } from '@hubspot/api-client';
import { MAX_SIGNATURE_AGE_MS, verifyHubspotSignatureV3 } from '../signature';
import { actionsOf, WebhookPayloadSchema } from '../webhookEvents';

const clientSecret = 'test-client-secret-0123456789';
const url = 'https://hooks.example.com/hubspot/webhooks?portal=62515';
const body = JSON.stringify([{ eventId: 1, subscriptionType: 'contact.privacyDeletion', objectId: 123, occurredAt: 1564113600000 }]);

describe('verifyHubspotSignatureV3', () => {
  const now = 1_764_000_000_000;
  const timestamp = String(now - 1000);
  // The signature the real client library computes (the independent source of truth for v3).
  const signature = Signature.getSignature('POST', 'v3', { clientSecret, requestBody: body, url, timestamp: Number(timestamp) });

  it('accepts the signature @hubspot/api-client computes', () => {
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body, signature, timestamp }, clientSecret, now)).toEqual({ valid: true });
  });

  it('rejects a changed body, URL, method or secret', () => {
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body: body.replace('123', '124'), signature, timestamp }, clientSecret, now).valid).toBe(
      false,
    );
    expect(verifyHubspotSignatureV3({ method: 'POST', url: `${url}&x=1`, body, signature, timestamp }, clientSecret, now).valid).toBe(false);
    expect(verifyHubspotSignatureV3({ method: 'PUT', url, body, signature, timestamp }, clientSecret, now).valid).toBe(false);
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body, signature, timestamp }, 'another-secret', now).valid).toBe(false);
  });

  it('rejects requests older than five minutes, and missing headers', () => {
    const old = String(now - MAX_SIGNATURE_AGE_MS - 1);
    const oldSignature = Signature.getSignature('POST', 'v3', { clientSecret, requestBody: body, url, timestamp: Number(old) });
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body, signature: oldSignature, timestamp: old }, clientSecret, now)).toEqual({
      valid: false,
      reason: 'timestamp outside the 5-minute window',
    });
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body, signature: undefined, timestamp }, clientSecret, now).valid).toBe(false);
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body, signature, timestamp: undefined }, clientSecret, now).valid).toBe(false);
    expect(verifyHubspotSignatureV3({ method: 'POST', url, body, signature: 'short', timestamp }, clientSecret, now).valid).toBe(false);
  });
});

describe('actionsOf', () => {
  it('maps deal stage changes and privacy deletions, once per eventId', () => {
    const events = WebhookPayloadSchema.parse([
      { eventId: 1, subscriptionType: 'deal.propertyChange', objectId: 55, propertyName: 'dealstage', propertyValue: 'closedwon' },
      { eventId: 1, subscriptionType: 'deal.propertyChange', objectId: 55, propertyName: 'dealstage', propertyValue: 'closedwon' },
      { eventId: 2, subscriptionType: 'deal.propertyChange', objectId: 56, propertyName: 'amount', propertyValue: '10' },
      { eventId: 3, subscriptionType: 'contact.privacyDeletion', objectId: 77 },
    ]);
    expect(actionsOf(events)).toEqual([
      { kind: 'recompute-deal', hubspotDealId: '55', eventId: '1' },
      { kind: 'erase-contact', hubspotContactId: '77', eventId: '3' },
    ]);
  });
});
