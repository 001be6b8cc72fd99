import type { Dataset } from '../dataset/dataset';

/** A contact created more than this before its first tracked touch was already known: its visits are not new. */
const KNOWN_BEFORE_GRACE_MS = 24 * 60 * 60 * 1000;
/**
 * If most contacts look "known before" their first touch, created_at does not record when a
 * person was first seen in this export (a bulk import date, a CRM migration), so it is ignored.
 */
const MAX_KNOWN_BEFORE_SHARE = 0.5;

/**
 * Marks the touchpoints that are the first touch of a new contact: the earliest touch of at least
 * one of its contacts (ties broken by touchpoint order), provided that contact was not created
 * well before it (an imported or already known person is returning, not responding anew).
 * `firstOfContact`: newContactFirstTouches' answer, when the caller already has it.
 */
export function markFirstTouches(dataset: Dataset, firstOfContact: Int32Array = newContactFirstTouches(dataset)): Uint8Array {
  const first = new Uint8Array(dataset.touchpointTable.count);
  for (let contact = 0; contact < firstOfContact.length; contact++) if (firstOfContact[contact] >= 0) first[firstOfContact[contact]] = 1;
  return first;
}

/**
 * Per contact, the touchpoint that is its first touch as a new contact (as markFirstTouches), or
 * -1 when it has no touch or was known before it.
 */
export function newContactFirstTouches(dataset: Dataset): Int32Array {
  const { contactOffsets, touchpointIndexes } = dataset;
  const { count: contactCount, createdAt } = dataset.contactTable;
  const occurredAt = dataset.touchpointTable.occurredAt;
  const firstOfContact = new Int32Array(contactCount).fill(-1);
  let withTouches = 0;
  let knownBefore = 0;
  for (let contact = 0; contact < contactCount; contact++) {
    let best = -1;
    let bestTime = Infinity;
    for (let slot = contactOffsets[contact]; slot < contactOffsets[contact + 1]; slot++) {
      const index = touchpointIndexes[slot];
      const time = occurredAt[index];
      if (time < bestTime || (time === bestTime && index < best)) {
        best = index;
        bestTime = time;
      }
    }
    firstOfContact[contact] = best;
    if (best < 0) continue;
    withTouches++;
    if (createdAt[contact] < bestTime - KNOWN_BEFORE_GRACE_MS) knownBefore++;
  }
  const trustCreatedAt = knownBefore <= MAX_KNOWN_BEFORE_SHARE * withTouches;
  if (trustCreatedAt) {
    for (let contact = 0; contact < contactCount; contact++) {
      const best = firstOfContact[contact];
      if (best >= 0 && createdAt[contact] < occurredAt[best] - KNOWN_BEFORE_GRACE_MS) firstOfContact[contact] = -1;
    }
  }
  return firstOfContact;
}
