import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';
import { followMerged } from '../model/tombstone.js';
import { itemPagesClauseFor, readItemPages, type PageList, type PrefetchedPage, type RelationSelection } from './relation-pages.js';

/**
 * Entities by the ids asked for (unknown ids are left out) with the relation pages `nested` selects below them,
 * at every depth, in one statement: what `node(id:)` and `nodes(ids:)` read when their selection
 * has relation fields. Whole nodes, as the entity loader reads them, since they also prime it.
 */
export async function readEntitiesWithPages(
  runner: RequestRunner,
  ids: readonly string[],
  nested: RelationSelection[],
): Promise<{ entities: Map<string, EntityRecord>; prefetched: PrefetchedPage[] }> {
  const params: Record<string, unknown> = { ids: [...new Set(ids)] };
  // One row per entity (see itemPagesClauseFor); an id merged away reads the kept entity (model/tombstone.ts).
  const cypher = `UNWIND $ids AS asked ${followMerged('asked', 'id')} MATCH (node:Entity {id: id})
    ${itemPagesClauseFor('node', nested, params)}
    RETURN asked, ${NODE_PROJECTION('node')} AS entity, pages1 AS pages`;
  const entities = new Map<string, EntityRecord>();
  const prefetched: PrefetchedPage[] = [];
  for (const record of (await runner.read({ cypher, params })).records) {
    const entity = toEntity(record.get('entity') as Record<string, unknown>);
    entities.set(record.get('asked') as string, entity);
    readItemPages(entity.id, record.get('pages') as PageList[], nested, prefetched);
  }
  return { entities, prefetched };
}
