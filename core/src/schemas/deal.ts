import { rowSchema, type RowOf } from './columns';
import { dealColumns } from './dealColumns';

export { dealColumns } from './dealColumns';

export const DealSchema = rowSchema(dealColumns);
export type Deal = RowOf<typeof dealColumns>;
