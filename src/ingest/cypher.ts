import { ENTITY_LABEL } from '../model/entity-kinds.js';
import type { CypherQuery } from '../neo4j/database.js';
import { labelOf, typeOf, type EntityRow, type RelationRow } from './rows.js';

/**
 * The statements of the bulk-write path: one text per label or relation type, so Neo4j plans each
 * once and the batch is a plain parameter list. Labels and types are spliced into the text only
 * through `labelOf`/`typeOf`, which accept nothing but the model's own names.
 *
 * `create` is for data the database does not hold yet (a fresh generated set, with a checkpoint
 * keeping re-runs from writing a batch twice): no lookup before each write. `merge` is
 * idempotent by id, for imports into a database that may hold some of the rows already.
 */
export type WriteMode = 'create' | 'merge';

export function entityStatement(kind: string, mode: WriteMode): string {
  const label = labelOf(kind);
  return mode === 'create'
    ? `UNWIND $rows AS row CREATE (n:${ENTITY_LABEL}:${label}) SET n = row`
    : `UNWIND $rows AS row MERGE (n:${ENTITY_LABEL} {id: row.id}) SET n = row, n:${label}`;
}

// The ends are found through the unique constraint on :Entity(id), one index seek each.
export function relationStatement(type: string, mode: WriteMode): string {
  const relType = typeOf(type);
  const ends = `UNWIND $rows AS row MATCH (a:${ENTITY_LABEL} {id: row.from}) MATCH (b:${ENTITY_LABEL} {id: row.to})`;
  return mode === 'create'
    ? `${ends} CREATE (a)-[r:${relType}]->(b) SET r = row.props`
    : `${ends} MERGE (a)-[r:${relType} {id: row.props.id}]->(b) SET r = row.props`;
}

export function entityBatchQuery(kind: string, rows: readonly EntityRow[], mode: WriteMode): CypherQuery {
  return { cypher: entityStatement(kind, mode), params: { rows: rows.map((r) => r.props) } };
}

export function relationBatchQuery(type: string, rows: readonly RelationRow[], mode: WriteMode): CypherQuery {
  return { cypher: relationStatement(type, mode), params: { rows: rows.map((r) => ({ from: r.from, to: r.to, props: r.props })) } };
}

/** Whether a batch's first row is in the database: a batch is one transaction, so all or none of it is. */
export function probeQuery(batch: { kind: 'entities' | 'relations'; key: string; firstId: string }): CypherQuery {
  if (batch.kind === 'entities')
    return { cypher: `MATCH (n:${ENTITY_LABEL} {id: $id}) RETURN count(n) > 0 AS present`, params: { id: batch.firstId } };
  return { cypher: `MATCH ()-[r:${typeOf(batch.key)} {id: $id}]->() RETURN count(r) > 0 AS present`, params: { id: batch.firstId } };
}
