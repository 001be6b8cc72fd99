import { rowSchema, type RowOf } from './columns';
import { contactColumns } from './contactColumns';

export { contactColumns } from './contactColumns';

export const ContactSchema = rowSchema(contactColumns);
export type Contact = RowOf<typeof contactColumns>;
