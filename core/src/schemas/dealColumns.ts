import { column } from './columnKinds';

/** `deals.csv`: HubSpot deals or Salesforce opportunities with the contacts on them. */
export const dealColumns = {
  deal_id: column.id(),
  name: column.text(),
  amount: column.nonNegativeAmount(),
  currency: column.text({ intern: true }),
  stage: column.text({ intern: true }),
  created_at: column.timestamp({ dateAlone: true }),
  closed_at: column.optionalTimestamp(),
  is_won: column.boolean(),
  // Without it no deal has a journey: a header that leaves it out is an error, not all-empty.
  contact_ids: column.list({ requiredInHeader: true }),
};
