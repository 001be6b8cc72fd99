import { rowSchema, type RowOf } from './columns';
import { touchpointColumns } from './touchpointColumns';

export { touchpointColumns } from './touchpointColumns';

export const TouchpointSchema = rowSchema(touchpointColumns);
export type Touchpoint = RowOf<typeof touchpointColumns>;

/** A touchpoint record with every optional text field empty: for code that builds touchpoints (simulation, tests, CRM reads). */
export function newTouchpoint(fields: Partial<Touchpoint> & Pick<Touchpoint, 'touchpoint_id' | 'contact_id' | 'occurred_at'>): Touchpoint {
  return {
    type: 'page_view',
    url: '',
    referrer: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    promo_code: '',
    search_query: '',
    ...fields,
  };
}
