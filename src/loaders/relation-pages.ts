import DataLoader from 'dataloader';
import type { RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, REL_PROJECTION, toEntity, toRelation, type EntityRecord, type RelationRecord } from '../neo4j/records.js';
import { entityFilterParam, guardedEntityFilter, type EntityFilterValue } from '../queries/entity-filter.js';
import { pageClause, pageParam, readPageRecord, type PagePlan, type PageResult } from '../queries/pagination.js';
import type { Direction, RelationOrder } from '../model/ordering.js';
import type { Projection } from '../queries/nested-relations.js';

/** What a relation field asks for, whichever entity it is on. */
export interface RelationPageShape {
  types: RelationType[];
  direction: Direction;
  filter: EntityFilterValue | null;
  order: RelationOrder;
  page: PagePlan;
}

/** One page of relations around one entity. */
export interface RelationPageRequest extends RelationPageShape {
  parentId: string;
}

/** A relation seen from the parent: the entity at the other end and which way the relation runs. */
export interface RelationItem {
  entity: EntityRecord;
  relation: RelationRecord;
  outgoing: boolean;
}

/** A page; `projection` says which properties it holds when not all (pages read ahead, see nested-relations.ts). */
export type RelationPage = PageResult<RelationItem> & { projection?: Projection };

/** Sort expressions per order, from this table only. Missing numbers sort last. */
export const RELATION_ORDERS: Record<RelationOrder, { expression: string; descending: boolean }> = {
  NAME_ASC: { expression: 'n.name', descending: false },
  NAME_DESC: { expression: 'n.name', descending: true },
  AMOUNT_DESC: { expression: 'coalesce(r.amount, -1.0)', descending: true },
  COUNT_DESC: { expression: 'coalesce(r.count, -1)', descending: true },
  YEAR_DESC: { expression: 'coalesce(r.year, -1)', descending: true },
};

/**
 * Batches every relation field of one query level into ONE Cypher query (one per distinct
 * order): each request is a row of `UNWIND $rows`, its types, direction, filter and page travel
 * as row values, so different fields and different parents share the same statement.
 */
export function relationPageLoader(runner: RequestRunner): DataLoader<RelationPageRequest, RelationPage, string> {
  return new DataLoader(
    async (requests) => {
      const byOrder = new Map<RelationOrder, number[]>();
      requests.forEach((r, i) => byOrder.set(r.order, [...(byOrder.get(r.order) ?? []), i]));
      const results = new Array<RelationPage>(requests.length);
      await Promise.all(
        [...byOrder].map(async ([order, indexes]) => {
          const pages = await loadPages(runner, order, indexes.map((i) => requests[i]!));
          indexes.forEach((requestIndex, j) => (results[requestIndex] = pages[j]!));
        }),
      );
      return results;
    },
    { cacheKeyFn: relationPageKey },
  );
}

/**
 * The loader key: the same request gives the same key however it was built (by a field resolver
 * from type-graphql's argument objects, or by the look-ahead from plain ones), because the
 * look-ahead primes pages under these keys.
 */
export function relationPageKey(r: RelationPageRequest): string {
  const { limit, backwards, after, before } = r.page;
  return JSON.stringify([r.parentId, r.types, r.direction, entityFilterParam(r.filter), r.order, limit, backwards, after && [after.sort, after.id], before && [before.sort, before.id]]);
}

/** A relation page item, as the Cypher of this module and of nested prefetches projects it. */
export function toRelationItem(item: Record<string, unknown>): RelationItem {
  return {
    entity: toEntity(item.n as Record<string, unknown>),
    relation: toRelation(item.r as Record<string, unknown>),
    outgoing: item.outgoing as boolean,
  };
}

async function loadPages(runner: RequestRunner, order: RelationOrder, requests: RelationPageRequest[]): Promise<RelationPage[]> {
  const { expression, descending } = RELATION_ORDERS[order];
  const dir = descending ? 'DESC' : 'ASC';
  const rows = requests.map((r, key) => ({ key, parentId: r.parentId, types: r.types, direction: r.direction, filter: entityFilterParam(r.filter), page: pageParam(r.page) }));
  const cypher = `UNWIND $rows AS row
    OPTIONAL MATCH (p:Entity {id: row.parentId})
    CALL (p, row) {
      MATCH (p)-[r]-(n:Entity)
      WHERE type(r) IN row.types
        AND (row.direction = 'BOTH' OR (startNode(r) = p) = (row.direction = 'OUT'))
        AND ${guardedEntityFilter('n', 'row.filter')}
      WITH p, r, n, ${expression} AS s
      ORDER BY s ${dir}, r.id ${dir}
      RETURN collect({s: s, id: r.id, r: ${REL_PROJECTION('r')}, n: ${NODE_PROJECTION('n')}, outgoing: startNode(r) = p}) AS sorted
    }
    ${pageClause('sorted', 'row.page', descending, ['row'])}
    RETURN row.key AS key, total, pageItems, hasNextPage, hasPreviousPage`;
  const result = await runner.read({ cypher, params: { rows } });
  const pages: RelationPage[] = requests.map(() => ({ edges: [], totalCount: 0, hasNextPage: false, hasPreviousPage: false }));
  for (const record of result.records) {
    pages[record.get('key') as number] = readPageRecord(record, toRelationItem);
  }
  return pages;
}
