import { z } from 'zod';

/** One webhook event (doc: developers.hubspot.com/docs/faq/v1-request-validation; contract §b.9). */
export const WebhookEventSchema = z.object({
  eventId: z.union([z.number(), z.string()]),
  subscriptionId: z.union([z.number(), z.string()]).optional(),
  portalId: z.union([z.number(), z.string()]).optional(),
  occurredAt: z.number().optional(),
  subscriptionType: z.string(),
  attemptNumber: z.number().optional(),
  objectId: z.union([z.number(), z.string()]),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().optional(),
});
export const WebhookPayloadSchema = z.array(WebhookEventSchema).max(1000);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

export type WebhookAction =
  { kind: 'recompute-deal'; hubspotDealId: string; eventId: string } | { kind: 'erase-contact'; hubspotContactId: string; eventId: string };

/**
 * What each event asks of us: a deal's stage changed → recompute that deal (real-time sync); a contact
 * privacy deletion (GDPR) → erase that contact. Duplicate deliveries (HubSpot retries, same eventId) are
 * dropped here, and are harmless anyway: both actions are idempotent.
 */
export function actionsOf(events: readonly WebhookEvent[]): WebhookAction[] {
  const actions: WebhookAction[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    const eventId = String(event.eventId);
    if (seen.has(eventId)) continue;
    seen.add(eventId);
    const type = event.subscriptionType;
    const isDealStage =
      (type === 'deal.propertyChange' && event.propertyName === 'dealstage') ||
      (type === 'object.propertyChange' && event.objectTypeId === '0-3' && event.propertyName === 'dealstage');
    if (isDealStage) actions.push({ kind: 'recompute-deal', hubspotDealId: String(event.objectId), eventId });
    else if (type === 'contact.privacyDeletion' || type === 'contact.deletion' || (type === 'object.deletion' && event.objectTypeId === '0-1')) {
      actions.push({ kind: 'erase-contact', hubspotContactId: String(event.objectId), eventId });
    }
  }
  return actions;
}
