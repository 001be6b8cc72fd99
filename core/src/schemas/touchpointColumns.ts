import { column } from './columnKinds';

/**
 * `touchpoints.csv`: one interaction of one contact. A touchpoint shared by several contacts
 * (a meeting with two attendees) repeats its row once per contact with the same touchpoint_id.
 * Any utm_* may be empty and carried in `url` instead.
 */
export const touchpointColumns = {
  touchpoint_id: column.id(),
  contact_id: column.id(),
  occurred_at: column.timestamp(),
  type: column.id({ intern: true }),
  url: column.text(),
  referrer: column.text({ intern: true }),
  utm_source: column.text({ intern: true }),
  utm_medium: column.text({ intern: true }),
  utm_campaign: column.text({ intern: true }),
  utm_term: column.text({ intern: true }),
  utm_content: column.text({ intern: true }),
  promo_code: column.text(),
  search_query: column.text(),
};
