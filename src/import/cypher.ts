import { ENTITY_LABEL } from '../model/entity-kinds.js';
import type { CypherQuery } from '../neo4j/database.js';
import { RESOLVE_INDEX } from '../neo4j/schema.js';
import { typeOf } from '../ingest/rows.js';

/**
 * The statements of an import besides the bulk writer's CREATEs (src/ingest/cypher.ts): lookups
 * for validation and resolution (each one UNWIND over a batch, each row an index seek), the writes
 * that change existing nodes and relations while keeping their previous values, and the undo.
 * Relation types reach the text only through `typeOf` (the model's names).
 */
export const IMPORT_LABEL = 'Import';

/** Entities by id, with their properties: resolution by id, and the current values a change compares with. */
export function nodesById(ids: string[]): CypherQuery {
  return {
    cypher: `UNWIND $ids AS id MATCH (n:${ENTITY_LABEL} {id: id}) RETURN n.id AS id, properties(n) AS props`,
    params: { ids },
  };
}

/** Which of `ids` the database holds. */
export function existingIds(ids: string[]): CypherQuery {
  return { cypher: `UNWIND $ids AS id MATCH (n:${ENTITY_LABEL} {id: id}) RETURN n.id AS id`, params: { ids } };
}

/** Source texts for quote checks. */
export function sourceTexts(ids: string[]): CypherQuery {
  return { cypher: 'UNWIND $ids AS id MATCH (s:SourceDocument {id: id}) RETURN s.id AS id, s.text AS text', params: { ids } };
}

/** A Lucene phrase of one exact term: the keyword analyzer keeps the key whole. */
const phrase = (key: string) => `"${key.replace(/["\\]/g, '\\$&')}"`;
/** Keys OR-ed into one Lucene query: one index search per 500 keys instead of one each (Lucene allows 1024 clauses). */
export const KEYS_PER_QUERY = 500;

/**
 * The entities holding any of `keys` (kind-prefixed, so of the same kind), with their keys for the
 * caller to tell which of its keys each holds.
 */
export function candidatesByKey(keys: string[]): CypherQuery {
  const queries: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY)
    queries.push(
      keys
        .slice(i, i + KEYS_PER_QUERY)
        .map(phrase)
        .join(' OR '),
    );
  return {
    cypher: `UNWIND $queries AS q
      CALL db.index.fulltext.queryNodes($index, q) YIELD node
      RETURN node.id AS id, node.name AS name, node.resolveKeys AS keys`,
    params: { index: RESOLVE_INDEX, queries },
  };
}

/** Existing relations of one type by id, with their properties. */
export function relationsById(type: string, ids: string[]): CypherQuery {
  return {
    cypher: `UNWIND $ids AS id MATCH ()-[r:${typeOf(type)} {id: id}]->() RETURN r.id AS id, properties(r) AS props`,
    params: { ids },
  };
}

// What the import created keeps no undo (undo deletes it), whatever later rows of the import change; otherwise the
// row's undo, which covers every property the import's rows set, with the values from before the import (apply.ts).
const UNDO = 'CASE WHEN x.importId = $importId AND x.importUndo IS NULL THEN null ELSE row.undo END';

/** Changes existing entities: the new values, the import's id, and the previous values (JSON) to restore on undo. */
export function changeNodes(importId: string, rows: { id: string; set: Record<string, unknown>; undo: string }[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row MATCH (x:${ENTITY_LABEL} {id: row.id})
      SET x.importUndo = ${UNDO}, x += row.set, x.importId = $importId
      RETURN count(x) AS changed`,
    params: { importId, rows },
  };
}

export function changeRelations(
  importId: string,
  type: string,
  rows: { id: string; set: Record<string, unknown>; undo: string }[],
): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row MATCH ()-[x:${typeOf(type)} {id: row.id}]->()
      SET x.importUndo = ${UNDO}, x += row.set, x.importId = $importId
      RETURN count(x) AS changed`,
    params: { importId, rows },
  };
}

// --- The :Import marker: written before any data, committed after all of it.

export function startImport(marker: { id: string; file: string; pid: number; host: string }): CypherQuery {
  return {
    cypher: `CREATE (i:${IMPORT_LABEL} {id: $id, file: $file, pid: $pid, host: $host, status: 'writing', startedAt: datetime(), heartbeat: timestamp()})`,
    params: marker,
  };
}

export function heartbeat(id: string): CypherQuery {
  return { cypher: `MATCH (i:${IMPORT_LABEL} {id: $id}) SET i.heartbeat = timestamp()`, params: { id } };
}

export function commitImport(id: string, summary: string): CypherQuery {
  return {
    cypher: `MATCH (i:${IMPORT_LABEL} {id: $id}) SET i.status = 'committed', i.committedAt = datetime(), i.summary = $summary RETURN count(i) AS n`,
    params: { id, summary },
  };
}

export function markCleaned(id: string): CypherQuery {
  return { cypher: `MATCH (i:${IMPORT_LABEL} {id: $id}) SET i.cleaned = true`, params: { id } };
}

/** Imports that have not finished: being written (or died writing), being undone, or committed with undo data left. */
export function unfinishedImports(): CypherQuery {
  return {
    cypher: `MATCH (i:${IMPORT_LABEL}) WHERE i.status IN ['writing', 'rolling-back'] OR (i.status = 'committed' AND i.cleaned IS NULL)
      RETURN i.id AS id, i.file AS file, i.status AS status, i.pid AS pid, i.host AS host, timestamp() - i.heartbeat AS silentMs`,
  };
}

export function markRollingBack(id: string): CypherQuery {
  return { cypher: `MATCH (i:${IMPORT_LABEL} {id: $id}) SET i.status = 'rolling-back'`, params: { id } };
}

export function deleteMarker(id: string): CypherQuery {
  return { cypher: `MATCH (i:${IMPORT_LABEL} {id: $id}) DELETE i`, params: { id } };
}

// --- Undo. Created things carry the import's id and no importUndo; changed ones carry both.

/** Relations the import created between entities it did not create (the others go with their nodes). One scan, committed in slices. */
export function deleteCreatedRelations(id: string): CypherQuery {
  return {
    cypher: `MATCH ()-[r]->() WHERE r.importId = $id AND r.importUndo IS NULL
      CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS`,
    params: { id },
  };
}

export function deleteCreatedNodes(id: string): CypherQuery {
  return {
    cypher: `MATCH (n:${ENTITY_LABEL} {importId: $id}) WHERE n.importUndo IS NULL
      CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS`,
    params: { id },
  };
}

export function changedNodes(id: string, limit: number): CypherQuery {
  return {
    cypher: `MATCH (n:${ENTITY_LABEL} {importId: $id}) WHERE n.importUndo IS NOT NULL RETURN n.id AS key, n.importUndo AS undo LIMIT ${Math.trunc(limit)}`,
    params: { id },
  };
}

export function changedRelations(id: string, limit: number): CypherQuery {
  return {
    cypher: `MATCH ()-[r]->() WHERE r.importId = $id AND r.importUndo IS NOT NULL RETURN elementId(r) AS key, r.importUndo AS undo LIMIT ${Math.trunc(limit)}`,
    params: { id },
  };
}

/** Puts the previous values back (a null removes a property the import added) and drops the undo data. */
export function restoreNodes(rows: { key: string; props: Record<string, unknown> }[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row MATCH (n:${ENTITY_LABEL} {id: row.key}) SET n += row.props REMOVE n.importUndo`,
    params: { rows },
  };
}

export function restoreRelations(rows: { key: string; props: Record<string, unknown> }[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.key SET r += row.props REMOVE r.importUndo`,
    params: { rows },
  };
}

/** After the commit: the undo data is not needed any more. */
export function dropNodeUndo(id: string): CypherQuery {
  return {
    cypher: `MATCH (n:${ENTITY_LABEL} {importId: $id}) WHERE n.importUndo IS NOT NULL
      CALL { WITH n REMOVE n.importUndo } IN TRANSACTIONS OF 10000 ROWS`,
    params: { id },
  };
}

export function dropRelationUndo(id: string): CypherQuery {
  return {
    cypher: `MATCH ()-[r]->() WHERE r.importId = $id AND r.importUndo IS NOT NULL
      CALL { WITH r REMOVE r.importUndo } IN TRANSACTIONS OF 10000 ROWS`,
    params: { id },
  };
}

/** Named entities without resolution keys (written before resolution existed), one id range at a time: one forward pass over the id index. */
export function entitiesWithoutKeys(after: string, limit: number): CypherQuery {
  return {
    cypher: `MATCH (n:${ENTITY_LABEL}) WHERE n.id > $after AND n.resolveKeys IS NULL AND NOT n:Statistic AND NOT n:SourceDocument
      WITH n ORDER BY n.id LIMIT ${Math.trunc(limit)}
      RETURN n.id AS id, [l IN labels(n) WHERE l <> $entity][0] AS kind, n.name AS name, n.aliases AS aliases`,
    params: { after, entity: ENTITY_LABEL },
  };
}

export function setKeys(rows: { id: string; keys: string[] }[]): CypherQuery {
  return { cypher: `UNWIND $rows AS row MATCH (n:${ENTITY_LABEL} {id: row.id}) SET n.resolveKeys = row.keys`, params: { rows } };
}
