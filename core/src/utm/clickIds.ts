/**
 * Ad-platform click identifiers appended to landing URLs. Each names the platform that sent the
 * click; a few are only added to paid clicks (gclid, msclkid, li_fat_id, ttclid, twclid...),
 * while fbclid and igshid are also added to organic outbound links, so they prove the platform,
 * not that the click was paid.
 * Sources: Google Ads auto-tagging (gclid, gbraid, wbraid, dclid), Microsoft Advertising
 * auto-tagging (msclkid), Meta (fbclid), Instagram share ids (igshid, igsh), LinkedIn Insight
 * (li_fat_id), TikTok (ttclid), X/Twitter (twclid), Pinterest (epik), Snapchat (ScCid),
 * Reddit (rdt_cid), Yandex (yclid), HubSpot email (_hsenc, _hsmi), Mailchimp (mc_cid, mc_eid).
 */
export const CLICK_ID_PLATFORMS: Readonly<Record<string, { platform: string; paidOnly: boolean }>> = {
  gclid: { platform: 'google', paidOnly: true },
  gbraid: { platform: 'google', paidOnly: true },
  wbraid: { platform: 'google', paidOnly: true },
  dclid: { platform: 'google', paidOnly: true },
  msclkid: { platform: 'bing', paidOnly: true },
  fbclid: { platform: 'facebook', paidOnly: false },
  igshid: { platform: 'instagram', paidOnly: false },
  igsh: { platform: 'instagram', paidOnly: false },
  li_fat_id: { platform: 'linkedin', paidOnly: true },
  ttclid: { platform: 'tiktok', paidOnly: true },
  twclid: { platform: 'twitter', paidOnly: true },
  epik: { platform: 'pinterest', paidOnly: true },
  sccid: { platform: 'snapchat', paidOnly: true },
  rdt_cid: { platform: 'reddit', paidOnly: true },
  yclid: { platform: 'yandex', paidOnly: true },
  _hsenc: { platform: 'hubspot-email', paidOnly: false },
  _hsmi: { platform: 'hubspot-email', paidOnly: false },
  mc_cid: { platform: 'mailchimp', paidOnly: false },
  mc_eid: { platform: 'mailchimp', paidOnly: false },
};

/** Query keys that carry a promo or discount code on a landing URL. */
export const PROMO_CODE_KEYS: ReadonlySet<string> = new Set(['promo', 'promo_code', 'promocode', 'code', 'coupon', 'coupon_code', 'discount', 'discount_code', 'voucher']);
