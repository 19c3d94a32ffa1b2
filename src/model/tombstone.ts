/**
 * A tombstone marks an id the API removed: an entity merged into another (`into` names the kept
 * one, so `node(id:)` of the old id still answers) or a seeded entity or relation deleted. The
 * seed loader does not create a tombstoned id again, so a re-seed cannot undo what an editor did.
 * Tombstones are not entities: no `:Entity` label, so no read of the graph meets them.
 */
export const TOMBSTONE_LABEL = 'Tombstone';

/**
 * Cypher that reads `asked` (an id a client gave) as `id`: the kept entity's id when `asked` was
 * merged away, else `asked` itself. An index lookup in the same statement, so an old id costs no
 * second query.
 */
export const followMerged = (asked: string, id: string) =>
  `OPTIONAL MATCH (merged:${TOMBSTONE_LABEL} {id: ${asked}}) WITH ${asked}, coalesce(merged.into, ${asked}) AS ${id}`;
