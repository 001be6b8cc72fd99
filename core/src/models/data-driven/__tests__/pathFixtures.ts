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
