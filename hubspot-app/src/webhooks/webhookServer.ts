import { createServer, type IncomingMessage, type Server } from 'node:http';
import { verifyHubspotSignatureV3 } from './signature';
import { actionsOf, WebhookPayloadSchema, type WebhookAction } from './webhookEvents';

export interface WebhookServerOptions {
  readonly clientSecret: string;
  /** The public URL HubSpot calls (scheme, host and path as configured in the app); the signature covers it. */
  readonly publicUrl: string;
  readonly handle: (action: WebhookAction) => Promise<void>;
  readonly log?: (line: string) => void;
  readonly maxBodyBytes?: number;
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The webhook endpoint: verifies the v3 signature and timestamp window first (401 otherwise), validates
 * the events with zod (400), answers 200 at once — HubSpot retries slow or failed deliveries — and then
 * runs the actions one at a time in arrival order. Actions are idempotent, so HubSpot's retries and
 * duplicate deliveries change nothing.
 */
export function createWebhookServer(options: WebhookServerOptions): Server {
  const log = options.log ?? (() => undefined);
  let queue = Promise.resolve();
  const publicUrl = new URL(options.publicUrl);
  return createServer(async (request, response) => {
    const reply = (status: number, message: string) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ status: status < 400 ? 'ok' : 'error', message }));
    };
    if (request.method !== 'POST') return reply(405, 'POST only');
    let body: string;
    try {
      body = await readBody(request, options.maxBodyBytes ?? 1_000_000);
    } catch {
      return reply(413, 'body too large');
    }
    const url = `${publicUrl.origin}${request.url ?? '/'}`;
    const verdict = verifyHubspotSignatureV3(
      {
        method: request.method,
        url,
        body,
        signature: request.headers['x-hubspot-signature-v3'] as string | undefined,
        timestamp: request.headers['x-hubspot-request-timestamp'] as string | undefined,
      },
      options.clientSecret,
    );
    if (!verdict.valid) {
      log(`webhook rejected: ${verdict.reason}`);
      return reply(401, verdict.reason);
    }
    let events;
    try {
      events = WebhookPayloadSchema.parse(JSON.parse(body));
    } catch (error) {
      return reply(400, `expected a JSON array of webhook events: ${(error as Error).message.slice(0, 200)}`);
    }
    const actions = actionsOf(events);
    reply(200, `${actions.length} actions queued`);
    for (const action of actions) {
      queue = queue
        .then(() => options.handle(action))
        .catch((error) => log(`webhook action ${action.kind} (event ${action.eventId}) failed: ${(error as Error).message}`));
    }
  });
}
