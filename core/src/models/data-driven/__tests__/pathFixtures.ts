import { createRandom } from '../../../simulation/random';
import { PathTableBuilder, type PathTable } from '../pathTable';

/** A path row as ChannelAttribution writes it: [path "A > B", conversions, value, nulls]. */
export type PathRow = readonly [string, number, number, number];

export function pathTable(rows: readonly PathRow[], stateNames: readonly string[] = []): PathTable {
  const builder = new PathTableBuilder();
  for (const name of stateNames) builder.stateId(name);
  for (const [path, conversions, value, nulls] of rows) {
    builder.addPath(
      path.split('>').map((name) => builder.stateId(name.trim())),
      conversions,
      value,
      nulls,
    );
  }
  return builder.build();
}

/** A table's content as plain arrays, for comparing two tables with toEqual. */
export function plainPathTable(table: PathTable): Record<string, unknown> {
  return {
    stateNames: table.stateNames,
    pathOffsets: Array.from(table.pathOffsets),
    pathStates: Array.from(table.pathStates),
    conversions: Array.from(table.conversions),
    values: Array.from(table.values),
    nulls: Array.from(table.nulls),
  };
}

/** Credits by state name, for assertions that do not depend on state ids. */
export function byName(stateNames: readonly string[], credits: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(stateNames.map((name, id) => [name, credits[id]]));
}

/** Seeded random rows over `states` (lengths 1..maxLength), for brute-force comparisons. */
export function randomRows(random: () => number, count: number, states: readonly string[], maxLength: number): PathRow[] {
  const rows: PathRow[] = [];
  for (let row = 0; row < count; row++) {
    const length = 1 + Math.floor(random() * maxLength);
    const path = Array.from({ length }, () => states[Math.floor(random() * states.length)]).join(' > ');
    const conversions = Math.floor(random() * 4);
    rows.push([path, conversions, conversions * Math.floor(1 + random() * 100), Math.floor(random() * 4)]);
  }
  return rows;
}

/**
 * Journeys drawn from a known logistic model: each of `effects`' states touched with probability
 * 1/2, log-odds −2 + the effect of each state touched + the synergy of each listed pair ("a+b")
 * touched together. Value 100 per conversion.
 */
export function logisticJourneys(effects: Record<string, number>, journeys: number, seed: number, synergy: Record<string, number> = {}): PathRow[] {
  const random = createRandom(seed);
  const names = Object.keys(effects);
  const rows: PathRow[] = [];
  for (let journey = 0; journey < journeys; journey++) {
    const touched = names.filter(() => random() < 0.5);
    if (touched.length === 0) continue;
    let logOdds = -2 + touched.reduce((sum, name) => sum + effects[name], 0);
    for (const [pair, effect] of Object.entries(synergy)) if (pair.split('+').every((name) => touched.includes(name))) logOdds += effect;
    const converted = random() < 1 / (1 + Math.exp(-logOdds)) ? 1 : 0;
    rows.push([touched.join(' > '), converted, converted * 100, 1 - converted]);
  }
  return rows;
}
