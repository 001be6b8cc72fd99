import { pathCount, type PathTable } from '../models/data-driven/pathTable';

export type PathRuleModel = 'first-touch' | 'last-touch' | 'linear';

/**
 * Heuristic credits on a path table (ChannelAttribution's heuristic_models): each path's
 * conversions and value go to its first state, its last state, or equally to every touch.
 */
export function pathTableCredits(table: PathTable, model: PathRuleModel): { conversions: Float64Array; values: Float64Array } {
  const stateCount = table.stateNames.length;
  const conversions = new Float64Array(stateCount);
  const values = new Float64Array(stateCount);
  for (let path = 0; path < pathCount(table); path++) {
    const start = table.pathOffsets[path];
    const end = table.pathOffsets[path + 1];
    if (end === start) continue;
    const converted = table.conversions[path];
    const value = table.values[path];
    if (model === 'linear') {
      const touches = end - start;
      for (let slot = start; slot < end; slot++) {
        conversions[table.pathStates[slot]] += converted / touches;
        values[table.pathStates[slot]] += value / touches;
      }
    } else {
      const state = table.pathStates[model === 'first-touch' ? start : end - 1];
      conversions[state] += converted;
      values[state] += value;
    }
  }
  return { conversions, values };
}
