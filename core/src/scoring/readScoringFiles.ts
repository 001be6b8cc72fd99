import { readCsvTable } from '../csv/readCsvTable';
import { InputError } from '../dataset/inputError';
import { column } from '../schemas/columns';
import type { ResolvedRecord, TruthRecord } from './scoreResolution';

const truthColumns = { touchpoint_id: column.id(), campaign_id: column.text({ requiredInHeader: true }), class: column.text({ requiredInHeader: false }) };
const resolvedColumns = { touchpoint_id: column.id(), campaign_id: column.text({ requiredInHeader: true }), match: column.text({ requiredInHeader: false }), confidence: column.nonNegativeAmount() };

/** truth.csv: touchpoint_id,campaign_id[,class]. */
export function readTruthFile(file: string): TruthRecord[] {
  const table = readCsvTable(file, truthColumns);
  return table.rows.map((row) => ({ touchpointId: row.touchpoint_id, campaignId: row.campaign_id, truthClass: (row.class ?? '').toLowerCase() }));
}

/** The CSV `attribution resolve` writes (touchpoint_id,campaign_id,...,match,confidence,...). */
export function readResolvedFile(file: string): ResolvedRecord[] {
  const table = readCsvTable(file, resolvedColumns);
  return table.rows.map((row, index) => {
    if (row.confidence > 1) throw new InputError(`confidence must be between 0 and 1, found ${row.confidence}`, { file, line: table.lines[index], column: 'confidence' });
    return { touchpointId: row.touchpoint_id, campaignId: row.campaign_id, match: row.match ?? '', confidence: row.confidence };
  });
}
