import { ENTITY_KIND_NAMES, ENTITY_LABEL } from '../model/entity-kinds.js';
import { RELATION_TYPE_NAMES } from '../model/relation-types.js';
import type { Database } from './database.js';
import { TOMBSTONE_LABEL } from '../model/tombstone.js';
import { HISTORY_SCHEMA } from '../write/history.js';

/** Name of the full-text index over names, aliases and descriptions. */
export const SEARCH_INDEX = 'entity_search';
/** Name of the full-text index (keyword analyzer) over entities' resolution keys. */
export const RESOLVE_INDEX = 'entity_resolve';

/**
 * The Neo4j schema, derived from the model tables: a unique id per label, a range index on name per
 * label (root lists page through it), an index on relation ids,
 * and a full-text index with the `cjk` analyzer (it splits Chinese into bigrams, so 招宝 matches
 * 宁波招宝磁业股份有限公司; the standard analyzer would keep the whole run of Chinese as one token).
 * Every statement is idempotent (IF NOT EXISTS), so it is applied at every start.
 */
export function schemaStatements(): string[] {
  const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return [
    `CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) REQUIRE n.id IS UNIQUE`,
    ...ENTITY_KIND_NAMES.map((k) => `CREATE CONSTRAINT ${snake(k)}_id IF NOT EXISTS FOR (n:${k}) REQUIRE n.id IS UNIQUE`),
    ...RELATION_TYPE_NAMES.map((t) => `CREATE INDEX ${t.toLowerCase()}_id IF NOT EXISTS FOR ()-[r:${t}]-() ON (r.id)`),
    // Root lists read a page as an ordered walk of these from the cursor (see listStatement).
    `CREATE INDEX entity_name IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.name)`,
    ...ENTITY_KIND_NAMES.map((k) => `CREATE INDEX ${snake(k)}_name IF NOT EXISTS FOR (n:${k}) ON (n.name)`),
    `CREATE INDEX entity_seeded IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.seeded)`,
    // Search's substring matches (a single Chinese character, part of a bigram) read these, not every node.
    `CREATE TEXT INDEX entity_name_text IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.name)`,
    `CREATE TEXT INDEX entity_alias_text IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.aliasText)`,
    // Imports: the entities an import wrote (undone by import id after a failure), its :Import
    // marker, and entity resolution's exact lookup of normalised names (src/ingest/resolution-keys.ts):
    // the keyword analyzer makes each key of the list one exact term.
    `CREATE INDEX entity_import_id IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON (n.importId)`,
    `CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:Import) REQUIRE i.id IS UNIQUE`,
    `CREATE FULLTEXT INDEX ${RESOLVE_INDEX} IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON EACH [n.resolveKeys] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'keyword', \`fulltext.eventually_consistent\`: false } }`,
    // The statistics filter (src/queries/statistics.ts): each driving filter's candidates, in id order
    // where the index pairs the property with the id, so a page stops after its window.
    ...['subjectId', 'measure', 'measureZh', 'unit', 'status'].map(
      (p) => `CREATE INDEX statistic_by_${snake(p)} IF NOT EXISTS FOR (n:Statistic) ON (n.${p}, n.id)`,
    ),
    `CREATE TEXT INDEX statistic_measure_text IF NOT EXISTS FOR (n:Statistic) ON (n.measureText)`,
    // Written through the API: ids merged away or deleted (model/tombstone.ts), and history (write/history.ts).
    `CREATE CONSTRAINT tombstone_id IF NOT EXISTS FOR (t:${TOMBSTONE_LABEL}) REQUIRE t.id IS UNIQUE`,
    `CREATE INDEX tombstone_into IF NOT EXISTS FOR (t:${TOMBSTONE_LABEL}) ON (t.into)`,
    ...HISTORY_SCHEMA,
    `CREATE FULLTEXT INDEX ${SEARCH_INDEX} IF NOT EXISTS FOR (n:${ENTITY_LABEL}) ON EACH [n.name, n.nameEn, n.aliasText, n.description] OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false } }`,
  ];
}

/** The statements as the file committed at schema/neo4j-schema.cypher (a test keeps them equal). */
export function schemaFileText(): string {
  return `// Generated from src/model by src/neo4j/schema.ts; applied idempotently at every start.\n${schemaStatements()
    .map((s) => `${s};`)
    .join('\n')}\n`;
}

/** Index builds on a large graph take minutes, far past the per-query timeout. */
const SCHEMA_TIMEOUT_MS = 600_000;

export async function applySchema(db: Database): Promise<void> {
  // Schema commands cannot share a transaction with each other, so one per statement.
  for (const cypher of schemaStatements()) await db.write({ cypher }, SCHEMA_TIMEOUT_MS);
  await db.write({ cypher: `CALL db.awaitIndexes(${SCHEMA_TIMEOUT_MS / 1000 - 10})` }, SCHEMA_TIMEOUT_MS);
}
