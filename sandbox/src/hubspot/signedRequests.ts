import { createHmac } from 'node:crypto';

export interface SignatureInput {
  clientSecret: string;
  method: string;
  /** The full URL the receiver sees, protocol and query string included. */
  url: string;
  body: string;
  /** Milliseconds since the epoch; default now. */
  timestamp?: number;
}

/**
 * HubSpot's v3 request signature (contract §b.9, `@hubspot/api-client` utils/signature.js):
 * base64(HMAC-SHA256(clientSecret, method + url + body + timestamp)), sent as
 * `X-HubSpot-Signature-v3` with `X-HubSpot-Request-Timestamp`.
 */
export function hubspotSignatureV3Headers(input: SignatureInput): Record<string, string> {
  const timestamp = String(input.timestamp ?? Date.now());
  const signature = createHmac('sha256', input.clientSecret).update(`${input.method}${input.url}${input.body}${timestamp}`).digest('base64');
  return { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': timestamp };
}

export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  appId: number;
  propertyName?: string;
  propertyValue?: string;
  changeFlag?: string;
}

/**
 * POSTs webhook events to a backend the way HubSpot delivers them: a JSON array, signed v3
 * (tests of our webhook receiver use this instead of hand-made headers).
 */
export function postSignedHubSpotWebhook(url: string, clientSecret: string, events: WebhookEvent[], timestamp?: number): Promise<Response> {
  const body = JSON.stringify(events);
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...hubspotSignatureV3Headers({ clientSecret, method: 'POST', url, body, timestamp }) }, body });
}
