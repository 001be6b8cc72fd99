import type { Command } from 'commander';
import { compareModels, type Comparison } from '../../attribution/compareModels';
import { prepareModels } from '../../attribution/runModels';
import { selectModels } from '../../models/registry';
import { formatIsoTimestamp } from '../../time/isoTimestamp';
import { addDataOptions, addModelOptions, loadDataset, modelSettings, noteAsOf, oneOf, resolveTouchpoints, type DataOptions, type ModelOptions } from '../dataOptions';
import { csvLine, formatMoney, renderTable, roundTo, writeOutput } from '../output';
import { roundKeepingTotal } from '../roundKeepingTotal';
import { trace } from '../../util/trace';

interface CompareOptions extends DataOptions, ModelOptions {
  models: string;
  by?: string;
  format?: string;
  out?: string;
}

/** `attribution compare`: every model's credited pipeline and revenue side by side. */
export function registerCompareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description("every model's credited pipeline and revenue side by side, by campaign, creator or channel")
    .option('--models <list>', 'all, or a comma-separated list of models', 'all')
    .option('--by <dimension>', 'campaign, influencer or channel', 'campaign')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--out <file>', 'write here (atomically) instead of stdout');
  addModelOptions(addDataOptions(command)).action((options: CompareOptions) => {
    const by = oneOf(options.by, ['campaign', 'influencer', 'channel'] as const, '--by', 'campaign');
    const format = oneOf(options.format, ['table', 'csv', 'json'] as const, '--format', 'table');
    const settings = { ...modelSettings(options), by };
    const models = selectModels(options.models, settings.customRules !== undefined);
    trace('compare: read');
    const dataset = loadDataset(options);
    noteAsOf(dataset, settings);
    trace('compare: resolve');
    const resolutions = resolveTouchpoints(dataset);
    trace('compare: prepare models');
    const prepared = prepareModels(dataset, resolutions, models, settings);
    trace('compare: credit');
    const comparison = compareModels(dataset, resolutions, prepared, by);
    trace('compare: write');
    writeOutput(options.out, (write) => write(renderComparison(comparison, format, settings.asOf)));
    trace('compare: done');
  });
}

/**
 * Each model's pipeline and revenue column, per currency, rounded to `decimals` so that the rounded
 * rows add up to the rounded total (roundKeepingTotal), as every model's column does before rounding.
 */
function moneyColumnsKeepingTotals(
  comparison: Comparison,
  decimals: number,
): { pipeline: Record<string, number>; revenue: Record<string, number> }[] {
  const { models, rows } = comparison;
  const columns = rows.map(() => ({ pipeline: {} as Record<string, number>, revenue: {} as Record<string, number> }));
  for (const currency of new Set(rows.map((row) => row.currency))) {
    const indexes = rows.flatMap((row, index) => (row.currency === currency ? [index] : []));
    for (const name of models) {
      for (const measure of ['pipeline', 'revenue'] as const) {
        const rounded = roundKeepingTotal(indexes.map((index) => rows[index][measure][name]), decimals);
        indexes.forEach((index, position) => (columns[index][measure][name] = rounded[position]));
      }
    }
  }
  return columns;
}

export function renderComparison(comparison: Comparison, format: 'table' | 'csv' | 'json', asOf: number): string {
  const { models, rows, by } = comparison;
  if (format === 'json') {
    const money = moneyColumnsKeepingTotals(comparison, 2);
    const perModel = <Value>(values: Record<string, Value>, round: (value: Value) => Value): Record<string, Value> =>
      Object.fromEntries(models.map((name) => [name, round(values[name])]));
    const cents = (value: number): number => roundTo(value, 2);
    const ratio = (value: number | null): number | null => (value === null ? null : roundTo(value, 4));
    const rounded = rows.map((row, index) => ({
      ...row,
      pipeline: money[index].pipeline,
      revenue: money[index].revenue,
      opportunities: perModel(row.opportunities, (value) => roundTo(value, 4)),
      costPerOpportunity: perModel(row.costPerOpportunity, (value) => (value === null ? null : cents(value))),
      roi: perModel(row.roi, ratio),
    }));
    return JSON.stringify({ asOf: formatIsoTimestamp(asOf), by, models, totals: comparison.totals, rows: rounded }, null, 2) + '\n';
  }
  if (format === 'csv') {
    const header = [
      by,
      'name',
      'currency',
      'cost',
      ...models.flatMap((name) => [`${name}_pipeline`, `${name}_revenue`, `${name}_opportunities`, `${name}_cost_per_opportunity`, `${name}_roi`]),
    ];
    const optional = (value: number | null, decimals: number): number | string => (value === null ? '' : roundTo(value, decimals));
    const money = moneyColumnsKeepingTotals(comparison, 2);
    return (
      csvLine(header) +
      rows
        .map((row, index) =>
          csvLine([
            row.key,
            row.name,
            row.currency,
            optional(row.cost, 2),
            ...models.flatMap((name) => [
              money[index].pipeline[name],
              money[index].revenue[name],
              roundTo(row.opportunities[name], 4),
              optional(row.costPerOpportunity[name], 2),
              optional(row.roi[name], 4),
            ]),
          ]),
        )
        .join('')
    );
  }
  const numeric = new Set(models.map((_name, index) => index + 2));
  // Whole currency units in the table, each column still adding up to its TOTAL line.
  const wholeUnits = moneyColumnsKeepingTotals(comparison, 0);
  const block = (title: string, measure: 'pipeline' | 'revenue', totalOf: (t: Comparison['totals'][number]) => number): string => {
    const tableRows = rows.map((row, index) => [row.name, row.currency, ...models.map((name) => formatMoney(wholeUnits[index][measure][name]))]);
    for (const total of comparison.totals) {
      tableRows.push(['TOTAL', total.currency, ...models.map(() => formatMoney(totalOf(total)))]);
    }
    return `${title} by ${by} (as of ${formatIsoTimestamp(asOf)})\n` + renderTable([by, 'currency', ...models], tableRows, numeric);
  };
  const costed = rows.filter((row) => row.cost !== null);
  const percent = (value: number | null): string => (value === null ? '-' : `${Math.round(value * 100)}%`);
  const roiBlock =
    costed.length === 0
      ? ''
      : `\nReturn on cost ((credited revenue - cost) / cost) by ${by}\n` +
        renderTable(
          [by, 'currency', 'cost', ...models],
          costed.map((row) => [row.name, row.currency, formatMoney(row.cost ?? 0), ...models.map((name) => percent(row.roi[name]))]),
          new Set(models.map((_name, index) => index + 3).concat([2])),
        );
  return (
    block('Credited pipeline (open + won deals)', 'pipeline', (total) => total.pipeline) +
    '\n' +
    block('Credited revenue (won deals)', 'revenue', (total) => total.revenue) +
    roiBlock
  );
}
