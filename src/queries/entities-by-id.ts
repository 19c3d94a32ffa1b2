import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';
import { nestedPagesClause, readNestedPages, type PrefetchedPage, type RelationSelection } from './relation-pages.js';

/**
 * Entities by id (unknown ids are left out) with the relation pages `nested` selects below them,
 * at every depth, in one statement: what `node(id:)` and `nodes(ids:)` read when their selection
 * has relation fields. Whole nodes, as the entity loader reads them, since they also prime it.
 */
export async function readEntitiesWithPages(runner: RequestRunner, ids: readonly string[], nested: RelationSelection[]): Promise<{ entities: EntityRecord[]; prefetched: PrefetchedPage[] }> {
  const params: Record<string, unknown> = { ids: [...new Set(ids)] };
  const cypher = `UNWIND $ids AS id MATCH (n:Entity {id: id})
    WITH collect({id: n.id, n: ${NODE_PROJECTION('n')}}) AS pageItems
    ${nestedPagesClause(nested, params)}
    RETURN [item IN pageItems | item.n] AS entities, nested1 AS nested`;
  const record = (await runner.read({ cypher, params })).records[0]!;
  return {
    entities: (record.get('entities') as Record<string, unknown>[]).map(toEntity),
    prefetched: readNestedPages(record.get('nested'), nested),
  };
}
