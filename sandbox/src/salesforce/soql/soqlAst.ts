/** The subset of SOQL the sandbox evaluates; anything else is rejected with MALFORMED_QUERY. */
export type SoqlLiteral =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; millis: number }
  | { kind: 'dateLiteral'; name: string; amount?: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN' | 'NOT IN';

export type SoqlCondition =
  | { kind: 'and' | 'or'; items: SoqlCondition[] }
  | { kind: 'not'; item: SoqlCondition }
  | { kind: 'compare'; path: string[]; operator: ComparisonOperator; value: SoqlLiteral | SoqlLiteral[] };

export type SelectItem = { kind: 'field'; path: string[] } | { kind: 'subquery'; query: SoqlQuery };

export interface OrderItem {
  path: string[];
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  /** FROM: the object, or for a subquery the child relationship name. */
  from: string;
  select: SelectItem[];
  count: boolean;
  where?: SoqlCondition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
