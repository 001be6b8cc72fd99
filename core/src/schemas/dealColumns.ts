import { column } from './columnKinds';

/** `deals.csv`: HubSpot deals or Salesforce opportunities with the contacts on them. */
export const dealColumns = {
  deal_id: column.id(),
  name: column.text(),
  amount: column.nonNegativeAmount(),
  currency: column.text({ intern: true }),
  stage: column.text({ intern: true }),
  created_at: column.timestamp(),
  closed_at: column.optionalTimestamp(),
  is_won: column.boolean(),
  contact_ids: column.list(),
};
