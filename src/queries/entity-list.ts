import { ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, toEntity, type EntityRecord } from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { encodeCursor, pageClause, pageParam, type PagePlan } from './pagination.js';

export interface EntityPage {
  edges: { cursor: string; node: EntityRecord }[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

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
  const record = result.records[0]!;
  const items = record.get('pageItems') as { s: string; id: string; n: Record<string, unknown> }[];
  return {
    edges: items.map((i) => ({ cursor: encodeCursor({ sort: i.s, id: i.id }), node: toEntity(i.n) })),
    totalCount: record.get('total') as number,
    hasNextPage: record.get('hasNextPage') as boolean,
    hasPreviousPage: record.get('hasPreviousPage') as boolean,
  };
}
