import { conflictError, userInputError } from '../errors/codes.js';
import type { Database, WriteTransaction } from '../neo4j/database.js';
import { commit, type WriteRequest } from './commit.js';
import { CHANGE_LABEL, toChange, type ChangeRecord } from './history.js';
import { canonical, readNodes, readRelation } from './state.js';

/**
 * Undoes a change: the graph goes back from its `after` to its `before`, as a new change (with
 * `revertOf`) in the history. Any change can be reverted — a revert too — as long as what it wrote
 * is still as it left it: an entity or relation changed since, an entity it created that has
 * relations now, or an id it removed that exists again, and the revert is refused (CONFLICT,
 * naming it), since undoing would also undo the later work.
 */
export function revertChange(db: Database, request: WriteRequest, changeId: string) {
  return commit(
    db,
    request,
    'revert',
    async (tx) => {
      const change = await readChange(tx, changeId);
      const drift = await driftSince(tx, change);
      if (drift)
        throw conflictError(`Change ${changeId} cannot be reverted: ${drift} since; revert the later changes first (see its history)`);
      return { before: change.after, after: change.before, result: change.id };
    },
    changeId,
  );
}

async function readChange(tx: WriteTransaction, id: string): Promise<ChangeRecord> {
  const result = await tx.run({ cypher: `MATCH (c:${CHANGE_LABEL} {id: $id}) RETURN properties(c) AS change`, params: { id } });
  const record = result.records[0];
  if (!record) throw userInputError('change', `no change ${id}`);
  return toChange(record.get('change') as Record<string, unknown>);
}

/** What differs now from the change's `after` (its first difference, in words), or undefined. */
async function driftSince(tx: WriteTransaction, change: ChangeRecord): Promise<string | undefined> {
  const { before, after } = change;
  const now = await readNodes(
    tx,
    [...after.nodes, ...before.nodes].map((n) => n.id),
  );
  for (const node of after.nodes) {
    const current = now.find((n) => n.id === node.id && n.label === node.label);
    if (!current || canonical(current.props) !== canonical(node.props)) return `${node.id} has changed`;
  }
  for (const node of before.nodes)
    if (!after.nodes.some((n) => n.id === node.id) && now.some((n) => n.id === node.id)) return `${node.id} exists again`;
  for (const relation of after.relations) {
    const current = await readRelation(tx, relation.id);
    if (!current || canonical(current.props) !== canonical(relation.props)) return `the relation ${relation.id} has changed`;
  }
  for (const relation of before.relations)
    if (!after.relations.some((r) => r.id === relation.id) && (await readRelation(tx, relation.id)))
      return `the relation ${relation.id} exists again`;
  return undefined;
}
