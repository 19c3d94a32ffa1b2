import { ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityValues, readEntity, type EntityRecord, type EntityValues, type PropertyList } from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { itemPagesClauseFor, readItemPages, type PageList, type PrefetchedPage, type RelationSelection } from './relation-pages.js';
import { pageClause, pageParam, pageRows, readPageRows, type PagePlan, type PageResult } from './pagination.js';

export type EntityPage = PageResult<EntityRecord>;

/** What a root list reads besides its entities' ids: which properties, and which relation pages below. */
export interface ListReading {
  properties: PropertyList;
  nested: RelationSelection[];
}

/**
 * One page of the entities of a kind (or of all kinds) matching a filter, ordered by name then id;
 * reading only `properties` of each, and the relation pages `nested` selects below them in the same
 * statement. Only the page's entities are projected: the others are only counted.
 */
export async function listEntities(
  runner: RequestRunner,
  kind: EntityKind | undefined,
  filter: EntityFilterValue | null,
  descending: boolean,
  page: PagePlan,
  reading: ListReading = { properties: null, nested: [] },
): Promise<EntityPage & { prefetched: PrefetchedPage[] }> {
  const label = kind ?? ENTITY_LABEL;
  const dir = descending ? 'DESC' : 'ASC';
  const params: Record<string, unknown> = { filter: entityFilterParam(filter), page: pageParam(page), entityKeys: reading.properties };
  const below = reading.nested.length > 0 ? itemPagesClauseFor('node', reading.nested, params) : '';
  const cypher = `MATCH (n:${label}) WHERE ${entityFilterCondition('n', 'filter', filter)}
    WITH n ORDER BY n.name ${dir}, n.id ${dir}
    WITH collect({s: n.name, id: n.id, n: n}) AS sorted
    ${pageClause('sorted', '$page', descending, [], page)}
    ${pageRows((x) => `{s: ${x}.s, id: ${x}.id, v: ${entityValues(`${x}.n`, '$entityKeys')}}`, below ? (x) => `${x}.n` : undefined)}
    ${below}
    RETURN total, hasNextPage, hasPreviousPage, item, ${below ? 'pages1' : '[]'} AS pages`;
  const prefetched: PrefetchedPage[] = [];
  // Each entity of the page, and the pages read ahead below it (in its row) into `prefetched`.
  const toListEntity = (item: Record<string, unknown>, row: Record<string, unknown>) => {
    const entity = readEntity(item.v as EntityValues, reading.properties);
    readItemPages(entity.id, row.pages as PageList[], reading.nested, prefetched);
    return entity;
  };
  return { ...readPageRows(await runner.read({ cypher, params }), toListEntity), prefetched };
}
