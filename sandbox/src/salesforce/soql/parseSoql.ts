import {
  ApexParserFactory, ComparisonOperatorContext, DateFormulaContext, FieldExpressionContext, FieldNameContext, FieldOrderContext, FieldOrderListContext,
  FromNameListContext, LimitClauseContext, OffsetClauseContext, OrderByClauseContext, QueryContext, SelectEntryContext, SelectListContext, SignedIntegerContext,
  SignedNumberContext, SoqlFunctionContext, SubFieldEntryContext, SubFieldListContext, SubQueryContext, ThrowingErrorListener, ValueContext, ValueListContext,
  WhereClauseContext, WhereConditionalExpressionContext, WhereFieldExpressionContext, WhereLogicalExpressionContext,
} from '@apexdevtools/apex-parser';
import { malformedQuery } from '../errors';
import type { ComparisonOperator, OrderItem, SelectItem, SoqlCondition, SoqlLiteral, SoqlQuery } from './soqlAst';

interface Node {
  children?: Node[] | null;
  getText(): string;
}

const kids = (node: Node): Node[] => node.children ?? [];
const isTerminal = (node: Node): boolean => !node.children;
const text = (node: Node): string => node.getText();

function unsupported(what: string): never {
  throw malformedQuery(`The sandbox does not support ${what} in SOQL; it answers only what it can evaluate exactly.`);
}

const SUPPORTED_DATE_LITERALS = new Set([
  'TODAY', 'YESTERDAY', 'TOMORROW', 'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK', 'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH',
  'LAST_90_DAYS', 'NEXT_90_DAYS', 'THIS_YEAR', 'LAST_YEAR', 'NEXT_YEAR', 'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_MONTHS', 'NEXT_N_MONTHS',
]);

function fieldPath(node: Node): string[] {
  return text(node).split('.');
}

/** SOQL string literal: single quotes with backslash escapes. */
function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(.)/g, (_match, character: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[character] ?? character);
}

function parseValue(node: Node): SoqlLiteral | SoqlLiteral[] {
  const children = kids(node);
  if (children.length !== 1) unsupported(`the value "${text(node)}"`);
  const child = children[0];
  if (child instanceof ValueListContext) {
    return kids(child).filter((item) => item instanceof ValueContext).map((item) => {
      const value = parseValue(item);
      if (Array.isArray(value)) unsupported('nested value lists');
      return value;
    });
  }
  if (child instanceof SignedNumberContext) return { kind: 'number', value: Number(text(child)) };
  if (child instanceof DateFormulaContext) {
    const parts = kids(child);
    const name = text(parts[0]).toUpperCase();
    if (!SUPPORTED_DATE_LITERALS.has(name)) unsupported(`the date literal ${name}`);
    const amountNode = parts.find((part) => part instanceof SignedIntegerContext);
    const needsAmount = name.includes('_N_') || name === 'N_DAYS_AGO';
    if (needsAmount !== (amountNode !== undefined)) throw malformedQuery(`Invalid date literal: ${text(child)}`);
    return { kind: 'dateLiteral', name, amount: amountNode ? Number(text(amountNode)) : undefined };
  }
  if (!isTerminal(child)) unsupported(`the value "${text(child)}" (subqueries, bind variables and currency literals are not emulated)`);
  const raw = text(child);
  const upper = raw.toUpperCase();
  if (upper === 'NULL') return { kind: 'null' };
  if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE' };
  if (raw.startsWith("'")) return { kind: 'string', value: unquote(raw) };
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return { kind: 'date', value: raw };
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const millis = Date.parse(raw.replace(/([+-]\d{2}):?(\d{2})$/, '$1:$2'));
    if (!Number.isFinite(millis)) throw malformedQuery(`Invalid datetime literal: ${raw}`);
    return { kind: 'datetime', millis };
  }
  if (/^-?\d+(\.\d+)?$/.test(raw)) return { kind: 'number', value: Number(raw) };
  return unsupported(`the value "${raw}"`);
}

function parseOperator(node: Node): ComparisonOperator {
  const words = kids(node).map((child) => text(child).toUpperCase()).join(' ');
  // The Apex grammar lexes `>=`, `<=` and `!=` as two symbol tokens (so that generics such as
  // List<List<X>> parse); SOQL means one operator, so symbols are joined back together.
  const compact = /^[<>!= ]+$/.test(words) ? words.replace(/ /g, '') : words;
  const operator = compact === '<>' ? '!=' : compact;
  if (!['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'IN', 'NOT IN'].includes(operator)) unsupported(`the operator "${words}"`);
  return operator as ComparisonOperator;
}

function parseCondition(node: Node): SoqlCondition {
  if (node instanceof WhereLogicalExpressionContext) {
    const children = kids(node);
    if (text(children[0]).toUpperCase() === 'NOT' && isTerminal(children[0])) return { kind: 'not', item: parseCondition(children[1]) };
    const items = children.filter((child) => child instanceof WhereConditionalExpressionContext).map(parseCondition);
    if (items.length === 1) return items[0];
    const joiners = new Set(children.filter(isTerminal).map((child) => text(child).toUpperCase()));
    if (joiners.size !== 1) throw malformedQuery('unexpected token: mixing AND and OR requires parentheses');
    return { kind: joiners.has('AND') ? 'and' : 'or', items };
  }
  if (node instanceof WhereConditionalExpressionContext) {
    const children = kids(node);
    if (children.length === 3 && text(children[0]) === '(') return parseCondition(children[1]);
    if (children.length === 1 && children[0] instanceof WhereFieldExpressionContext) return parseCondition(children[0]);
    return unsupported(`the condition "${text(node)}"`);
  }
  if (node instanceof WhereFieldExpressionContext) {
    const expression = kids(node)[0];
    if (!(expression instanceof FieldExpressionContext)) return unsupported(`the condition "${text(node)}"`);
    const [fieldNode, operatorNode, valueNode] = kids(expression);
    if (!(fieldNode instanceof FieldNameContext)) return unsupported(`functions in WHERE ("${text(expression)}")`);
    if (!(operatorNode instanceof ComparisonOperatorContext) || !(valueNode instanceof ValueContext)) return unsupported(`the condition "${text(expression)}"`);
    const operator = parseOperator(operatorNode);
    const value = parseValue(valueNode);
    if ((operator === 'IN' || operator === 'NOT IN') !== Array.isArray(value)) throw malformedQuery(`unexpected token: ${text(valueNode)} (IN needs a parenthesised list)`);
    return { kind: 'compare', path: fieldPath(fieldNode), operator, value };
  }
  return unsupported(`the condition "${text(node)}"`);
}

function parseOrderBy(node: Node): OrderItem[] {
  const list = kids(node).find((child) => child instanceof FieldOrderListContext);
  if (!list) return [];
  return kids(list).filter((child) => child instanceof FieldOrderContext).map((order) => {
    const [first, ...rest] = kids(order);
    if (!(first instanceof FieldNameContext)) unsupported(`ORDER BY "${text(order)}"`);
    const words = rest.map((child) => text(child).toUpperCase());
    const descending = words.includes('DESC');
    // Salesforce: nulls first for ascending order and last for descending, unless NULLS FIRST/LAST says otherwise.
    const nullsLast = words.includes('NULLS') ? words.includes('LAST') : descending;
    return { path: fieldPath(first), descending, nullsLast };
  });
}

function parseInteger(node: Node, clause: string): number {
  const children = kids(node);
  const raw = children.length > 1 ? text(children[1]) : '';
  if (!/^\d+$/.test(raw)) unsupported(`${clause} ${raw} (bind variables are not emulated)`);
  return Number(raw);
}

function parseSelectEntry(entry: Node, allowSubquery: boolean, count: { value: boolean }): SelectItem | undefined {
  const children = kids(entry);
  const first = children[0];
  if (first instanceof FieldNameContext) {
    if (children.length > 1) unsupported('field aliases');
    return { kind: 'field', path: fieldPath(first) };
  }
  if (first instanceof SoqlFunctionContext) {
    if (text(first).toUpperCase() === 'COUNT()' && children.length === 1) {
      count.value = true;
      return undefined;
    }
    return unsupported(`the function ${text(first)} (only COUNT() is emulated)`);
  }
  if (allowSubquery && text(first) === '(' && children[1] instanceof SubQueryContext) {
    if (children.length > 3) unsupported('subquery aliases');
    return { kind: 'subquery', query: parseQueryBody(children[1], false) };
  }
  return unsupported(`the select item "${text(entry)}"`);
}

const KNOWN_CLAUSES = [FromNameListContext, WhereClauseContext, OrderByClauseContext, LimitClauseContext, OffsetClauseContext, SelectListContext, SubFieldListContext];

function parseQueryBody(node: Node, topLevel: boolean): SoqlQuery {
  const children = kids(node);
  const count = { value: false };
  const select: SelectItem[] = [];
  let from: string | undefined;
  let where: SoqlCondition | undefined;
  let orderBy: OrderItem[] = [];
  let limit: number | undefined;
  let offset: number | undefined;
  for (const child of children) {
    if (isTerminal(child)) {
      const keyword = text(child).toUpperCase();
      if (keyword === 'SELECT' || keyword === 'FROM' || keyword === '' || keyword === '<EOF>') continue;
      unsupported(`"${text(child)}"`);
    }
    if (!KNOWN_CLAUSES.some((type) => child instanceof type)) unsupported(`the clause "${text(child)}" (GROUP BY, WITH, USING SCOPE, FOR, ALL ROWS and TYPEOF are not emulated)`);
    if (child instanceof SelectListContext || child instanceof SubFieldListContext) {
      for (const entry of kids(child)) {
        if (!(entry instanceof SelectEntryContext || entry instanceof SubFieldEntryContext)) continue;
        const item = parseSelectEntry(entry, topLevel, count);
        if (item) select.push(item);
      }
    } else if (child instanceof FromNameListContext) {
      const names = kids(child);
      if (names.length !== 1 || !(names[0] instanceof FieldNameContext)) unsupported('several objects or aliases in FROM');
      from = text(names[0]);
    } else if (child instanceof WhereClauseContext) {
      where = parseCondition(kids(child)[1]);
    } else if (child instanceof OrderByClauseContext) {
      orderBy = parseOrderBy(child);
    } else if (child instanceof LimitClauseContext) {
      limit = parseInteger(child, 'LIMIT');
    } else if (child instanceof OffsetClauseContext) {
      offset = parseInteger(child, 'OFFSET');
    }
  }
  if (!from) throw malformedQuery('unexpected token: missing FROM');
  if (count.value && select.length > 0) throw malformedQuery('COUNT() must be the only element in the SELECT list');
  if (!count.value && select.length === 0) throw malformedQuery('unexpected token: FROM (no fields selected)');
  if (offset !== undefined && offset > 2000) throw malformedQuery(`Maximum SOQL offset allowed is 2000`);
  return { from, select, count: count.value, where, orderBy, limit, offset };
}

/** Parses one SOQL statement with @apexdevtools/apex-parser (contract §d.5). */
export function parseSoql(soql: string): SoqlQuery {
  const trimmed = soql.trim();
  if (!trimmed) throw malformedQuery('empty query');
  let context: QueryContext;
  try {
    const { parser } = ApexParserFactory.createLexerAndParser(trimmed, ThrowingErrorListener.INSTANCE);
    context = parser.query();
  } catch (error) {
    const syntax = error as { line?: number; column?: number; message?: string };
    const where = syntax.line !== undefined ? ` at line ${syntax.line}, column ${syntax.column}` : '';
    throw malformedQuery(`unexpected token${where}: ${syntax.message || 'syntax error'}`);
  }
  // The grammar's `query` rule does not require EOF: refuse trailing text it silently left unparsed.
  const stop = context.stop;
  if (!stop || stop.stop < trimmed.length - 1) {
    throw malformedQuery(`unexpected token: '${trimmed.slice((stop?.stop ?? -1) + 1).trim().split(/\s+/)[0]}'`);
  }
  return parseQueryBody(context as unknown as Node, true);
}
