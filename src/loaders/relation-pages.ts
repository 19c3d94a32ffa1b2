import DataLoader from 'dataloader';
import type { RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, REL_PROJECTION, toEntity, toRelation, type EntityRecord, type RelationRecord } from '../neo4j/records.js';
import { entityFilterParam, guardedEntityFilter, type EntityFilterValue } from '../queries/entity-filter.js';
import { encodeCursor, pageClause, pageParam, type PagePlan } from '../queries/pagination.js';
import type { Direction, RelationOrder } from '../model/ordering.js';

/** One page of relations around one entity: what a relation field asks for. */
export interface RelationPageRequest {
  parentId: string;
  types: RelationType[];
  direction: Direction;
  filter: EntityFilterValue | null;
  order: RelationOrder;
  page: PagePlan;
}

export interface RelationEdgeRecord {
  cursor: string;
  node: EntityRecord;
  relation: RelationRecord;
  outgoing: boolean;
}

export interface RelationPage {
  edges: RelationEdgeRecord[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Sort expressions per order, from this table only. Missing numbers sort last. */
const ORDERS: Record<RelationOrder, { expression: string; descending: boolean }> = {
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
    { cacheKeyFn: (r) => JSON.stringify(r) },
  );
}

async function loadPages(runner: RequestRunner, order: RelationOrder, requests: RelationPageRequest[]): Promise<RelationPage[]> {
  const { expression, descending } = ORDERS[order];
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
    const items = record.get('pageItems') as { s: string | number; id: string; r: Record<string, unknown>; n: Record<string, unknown>; outgoing: boolean }[];
    pages[record.get('key') as number] = {
      edges: items.map((item) => ({ cursor: encodeCursor({ sort: item.s, id: item.id }), node: toEntity(item.n), relation: toRelation(item.r), outgoing: item.outgoing })),
      totalCount: record.get('total') as number,
      hasNextPage: record.get('hasNextPage') as boolean,
      hasPreviousPage: record.get('hasPreviousPage') as boolean,
    };
  }
  return pages;
}
