import { column } from './columnKinds';

/** `contacts.csv`: when each person became a contact or lead (the lead-creation milestone). */
export const contactColumns = {
  contact_id: column.id(),
  created_at: column.timestamp({ dateAlone: true }),
};
