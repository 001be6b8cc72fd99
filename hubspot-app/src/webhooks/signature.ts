import { createHmac, timingSafeEqual } from 'node:crypto';

/** "reject if now − timestamp > 300000 ms" (api-client utils/signature.js MAX_ALLOWED_TIMESTAMP; contract §b.9). */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

export interface SignedRequest {
  readonly method: string;
  /** The full URL HubSpot called, protocol and query string included, in their original order. */
  readonly url: string;
  readonly body: string;
  /** X-HubSpot-Signature-v3. */
  readonly signature: string | undefined;
  /** X-HubSpot-Request-Timestamp (ms since epoch). */
  readonly timestamp: string | undefined;
}

export type SignatureVerdict = { valid: true } | { valid: false; reason: string };

/**
 * HubSpot request signature v3 (contract §b.9, api-client `Signature.getSignature('v3', …)`):
 * base64(HMAC-SHA256(clientSecret, method + url + body + timestamp)). Checked in constant time
 * (the client library compares with ===), and only within 5 minutes of the timestamp, so a captured
 * request cannot be replayed later. HubSpot's doc asks to decode some URL-encoded characters of the URI
 * before hashing; we hash the URL exactly as received and as re-decoded, and accept either.
 */
export function verifyHubspotSignatureV3(request: SignedRequest, clientSecret: string, now = Date.now()): SignatureVerdict {
  if (!request.signature) return { valid: false, reason: 'missing X-HubSpot-Signature-v3' };
  if (!request.timestamp || !/^\d+$/.test(request.timestamp)) return { valid: false, reason: 'missing or malformed X-HubSpot-Request-Timestamp' };
  const timestamp = Number(request.timestamp);
  if (Math.abs(now - timestamp) > MAX_SIGNATURE_AGE_MS) return { valid: false, reason: 'timestamp outside the 5-minute window' };
  const received = Buffer.from(request.signature, 'utf8');
  const candidates = new Set([request.url, safeDecode(request.url)]);
  let matched = false;
  for (const url of candidates) {
    const expected = Buffer.from(
      createHmac('sha256', clientSecret).update(`${request.method.toUpperCase()}${url}${request.body}${request.timestamp}`, 'utf8').digest('base64'),
      'utf8',
    );
    // timingSafeEqual needs equal lengths; a length mismatch is itself no secret (base64 of SHA-256 is always 44 chars).
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  return matched ? { valid: true } : { valid: false, reason: 'signature does not match' };
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}
