/**
 * Prior confidence of the non-tag evidence kinds (see docs/utm-and-resolution.md): how often that
 * evidence names the right campaign. A landing page unique to a campaign is rarely reached
 * another way; a creator's profile or link-in-bio page names the creator but not always which
 * of their campaigns; a promo code is typed on purpose.
 */
export const EVIDENCE_CONFIDENCE = {
  landingPage: 0.97,
  referrer: 0.97,
  referrerAmongSeveral: 0.85,
  handleInTag: 0.9,
  promoCode: 0.98,
  promoCodeOneEdit: 0.93,
  promoCodeAmongSeveral: 0.85,
  /** A branded search whose query names a term only one creator's campaigns list ("maya acme"). */
  creatorSearch: 0.9,
  /** A touch with no campaign evidence at all that is not an inferred candidate. */
  noEvidence: 0.99,
} as const;
