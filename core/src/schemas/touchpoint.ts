import { column, rowSchema, type RowOf } from './columns';

/**
 * `touchpoints.csv`: one interaction of one contact. A touchpoint shared by several contacts
 * (a meeting with two attendees) repeats its row once per contact with the same touchpoint_id.
 * Any utm_* may be empty and carried in `url` instead.
 */
export const touchpointColumns = {
  touchpoint_id: column.id(),
  contact_id: column.id(),
  occurred_at: column.timestamp(),
  type: column.id(),
  url: column.text(),
  referrer: column.text(),
  utm_source: column.text(),
  utm_medium: column.text(),
  utm_campaign: column.text(),
  utm_term: column.text(),
  utm_content: column.text(),
  promo_code: column.text(),
  search_query: column.text(),
};

export const TouchpointSchema = rowSchema(touchpointColumns);
export type Touchpoint = RowOf<typeof touchpointColumns>;
