import { ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { pageClause, pageParam, readPage, type PagePlan, type PageResult } from './pagination.js';

export type EntityPage = PageResult<EntityRecord>;

/** One page of the entities of a kind (or of all kinds) matching a filter, ordered by name then id. */
export async function listEntities(runner: RequestRunner, kind: EntityKind | undefined, filter: EntityFilterValue | null, descending: boolean, page: PagePlan): Promise<EntityPage> {
  const label = kind ?? ENTITY_LABEL;
  const dir = descending ? 'DESC' : 'ASC';
  const cypher = `MATCH (n:${label}) WHERE ${entityFilterCondition('n', 'filter', filter)}
    WITH n ORDER BY n.name ${dir}, n.id ${dir}
    WITH collect({s: n.name, id: n.id, n: ${NODE_PROJECTION('n')}}) AS sorted
    ${pageClause('sorted', '$page', descending)}
    RETURN total, pageItems, hasNextPage, hasPreviousPage`;
  const result = await runner.read({ cypher, params: { filter: entityFilterParam(filter), page: pageParam(page) } });
  return readPage(result, (item) => toEntity(item.n as Record<string, unknown>));
}
