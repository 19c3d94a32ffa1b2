/**
 * Properties stored on a `:Statistic` node besides what the source states, derived from it for
 * the statistics filter's indexes (src/neo4j/schema.ts). Both writers (the seed loader and the
 * generator) store them through this one function, so a filter finds what either wrote.
 *
 * `measureText`: the English and the Chinese measure, lower-cased, one per line. The filter
 * `measureContains` is case-insensitive, and Neo4j indexes no expression such as `toLower(n.measure)`:
 * a TEXT index on this property answers the substring in one seek instead of a scan of every statistic.
 */
export function statisticIndexProperties(measure: string, measureZh: string): { measureText: string } {
  return { measureText: `${measure}\n${measureZh}`.toLowerCase() };
}

/** The `measureText` form of a `measureContains` argument (the same lower-casing as the stored side). */
export const measureTextNeedle = (text: string): string => text.toLowerCase();
