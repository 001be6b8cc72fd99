'use strict';
// Writes DatasetTables as the four CSV files of the interchange (what `attribution push --data DIR` reads).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { campaignColumns, contactColumns, dealColumns, touchpointColumns, csvLine } = require('../../core/dist');

function cell(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

function writeTable(file, columns, rows, timeColumns) {
  const names = Object.keys(columns);
  const lines = [csvLine(names)];
  for (const row of rows) {
    lines.push(
      csvLine(
        names.map((name) => (timeColumns.includes(name) && typeof row[name] === 'number' ? new Date(row[name]).toISOString() : cell(row[name]))),
      ),
    );
  }
  writeFileSync(file, lines.join(''));
}

function writeDatasetCsv(directory, tables) {
  mkdirSync(directory, { recursive: true });
  writeTable(join(directory, 'campaigns.csv'), campaignColumns, tables.campaigns, ['start_at', 'end_at']);
  writeTable(join(directory, 'contacts.csv'), contactColumns, tables.contacts, ['created_at']);
  writeTable(join(directory, 'deals.csv'), dealColumns, tables.deals, ['created_at', 'closed_at']);
  writeTable(join(directory, 'touchpoints.csv'), touchpointColumns, tables.touchpoints, ['occurred_at']);
}

module.exports = { writeDatasetCsv };
