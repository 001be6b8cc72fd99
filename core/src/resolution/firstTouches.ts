import type { Dataset } from '../dataset/dataset';

/** A contact created more than this before its first tracked touch was already known: its visits are not new. */
const KNOWN_BEFORE_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Marks the touchpoints that are the first touch of a new contact: the earliest touch of at least
 * one of its contacts (ties broken by touchpoint order), provided that contact was not created
 * well before it (an imported or already known person is returning, not responding anew).
 */
export function markFirstTouches(dataset: Dataset): Uint8Array {
  const { contacts, contactOffsets, touchpointIndexes, touchpoints } = dataset;
  const first = new Uint8Array(touchpoints.length);
  for (let contact = 0; contact < contacts.length; contact++) {
    let best = -1;
    let bestTime = Infinity;
    for (let slot = contactOffsets[contact]; slot < contactOffsets[contact + 1]; slot++) {
      const index = touchpointIndexes[slot];
      const time = touchpoints[index].occurred_at;
      if (time < bestTime || (time === bestTime && index < best)) {
        best = index;
        bestTime = time;
      }
    }
    if (best >= 0 && contacts[contact].created_at >= bestTime - KNOWN_BEFORE_GRACE_MS) first[best] = 1;
  }
  return first;
}
