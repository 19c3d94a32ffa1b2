import neo4j from 'neo4j-driver';
import type { RequestRunner } from '../neo4j/request-runner.js';
import {
  entityValues,
  NODE_PROJECTION,
  readEntity,
  REL_PROJECTION,
  toEntity,
  toRelation,
  type EntityRecord,
  type EntityValues,
  type RelationRecord,
} from '../neo4j/records.js';
import { keysetConditions, keysetFlags, keysetParam, PageEdge, type PagePlan, type PageResult } from './pagination.js';

export interface StatisticFilterValue {
  subject?: string | null;
  measureContains?: string | null;
  periodContains?: string | null;
}

/**
 * The lists of this file are ordered by id, as `ORDER BY x.id LIMIT page + 1` after the keyset
 * condition: statistics walk the Statistic id index (the label's uniqueness constraint, see
 * src/neo4j/schema.ts) from the cursor and stop after the page. A fact list has no index to walk:
 * which relations a document is evidence for is a list property of each relation, which no Neo4j
 * index answers, so every relation is still visited; only the page's top is kept (Top, not a
 * collect and sort of every match).
 */
const ID_ORDER = (x: string, plan: PagePlan) => `ORDER BY ${x}.id ${plan.backwards ? 'DESC' : 'ASC'} LIMIT`;

/** One page read by id: the page's items (in the list's order), and whether more follow, without a count. */
interface IdWindow {
  total: number | null;
  more: boolean;
  items: { id: string }[];
}

function toPage<T>(plan: PagePlan, { total, more, items }: IdWindow, map: (item: Record<string, unknown>) => T): PageResult<T> {
  // A backwards page was read from its cursor towards the list's start: the list's order is the reverse.
  const inOrder = plan.backwards ? [...items].reverse() : items;
  return {
    edges: inOrder.map((item) => new PageEdge(map(item), { sort: item.id, id: item.id })),
    totalCount: total ?? 0,
    ...keysetFlags(plan, more),
  };
}

/**
 * Statistics by subject, measure (English or Chinese) and period label, ordered by id; counted
 * only when `totalCount` is selected. `n.id IS NOT NULL` changes no answer (every node has an id)
 * but lets the planner take the id index for the order.
 */
export async function listStatistics(
  runner: RequestRunner,
  f: StatisticFilterValue,
  page: PagePlan,
  totalCount: boolean,
): Promise<PageResult<EntityRecord>> {
  const filter = `($f.subject IS NULL OR n.subjectId = $f.subject)
      AND ($f.measureContains IS NULL OR toLower(n.measure) CONTAINS toLower($f.measureContains) OR n.measureZh CONTAINS $f.measureContains)
      AND ($f.periodContains IS NULL OR toLower(n.periodLabel) CONTAINS toLower($f.periodContains))`;
  const conditions = ['n.id IS NOT NULL', filter, ...keysetConditions('n.id', 'n.id', '$page', page, false)];
  const count = totalCount ? `CALL () { MATCH (n:Statistic) WHERE ${filter} RETURN count(n) AS total }\n    ` : '';
  const cypher = `${count}CALL () {
      MATCH (n:Statistic) WHERE ${conditions.join(' AND ')}
      WITH n ${ID_ORDER('n', page)} $page.window
      RETURN collect(n) AS window
    }
    RETURN ${count ? 'total' : 'null AS total'}, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: ${entityValues('x', 'null')}}] AS items`;
  const params = {
    f: { subject: f.subject ?? null, measureContains: f.measureContains ?? null, periodContains: f.periodContains ?? null },
    page: keysetParam(page),
  };
  const [row] = (await runner.read({ cypher, params })).records;
  return toPage(page, row!.toObject() as IdWindow, (item) => readEntity(item.v as EntityValues, null));
}

/** One page of what a source document is evidence for; counted only when `totalCount` is selected. */
export interface SourcePageRequest {
  sourceId: string;
  page: PagePlan;
  totalCount: boolean;
}

/**
 * Pages of the relations each source document is evidence for, ordered by relation id, all in one
 * statement (a loader batch). MEASURES links are left out: they repeat the statistics' own
 * evidence, listed by `statisticsOfSources`.
 */
export function factsOfSources(runner: RequestRunner, requests: readonly SourcePageRequest[]): Promise<PageResult<RelationRecord>[]> {
  return readSourcePages(runner, requests, {
    match: 'MATCH ()-[x]->() WHERE NOT x:MEASURES AND row.sourceId IN x.evidenceSources',
    item: REL_PROJECTION('x'),
    map: (item) => toRelation(item.v as Record<string, unknown>),
  });
}

/** Pages of the statistics each source document is evidence for, ordered by id, in one statement. */
export function statisticsOfSources(runner: RequestRunner, requests: readonly SourcePageRequest[]): Promise<PageResult<EntityRecord>[]> {
  return readSourcePages(runner, requests, {
    match: 'MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.sourceId IN x.evidenceSources',
    item: NODE_PROJECTION('x'),
    map: (item) => toEntity(item.v as Record<string, unknown>),
  });
}

/** What a source list reads: `match` binds its items `x` for `row.sourceId`; `item` projects one. */
interface SourceList<T> {
  match: string;
  item: string;
  map: (item: Record<string, unknown>) => T;
}

/**
 * A loader batch of source pages in one statement: one branch per distinct page shape (direction,
 * which cursors, whether counted), each row reading the branch of its own shape, so that the texts
 * are bounded by the shapes clients use while the values travel in `$rows`.
 */
async function readSourcePages<T>(
  runner: RequestRunner,
  requests: readonly SourcePageRequest[],
  list: SourceList<T>,
): Promise<PageResult<T>[]> {
  const shapeOf = (r: SourcePageRequest) => JSON.stringify([r.page.backwards, !!r.page.after, !!r.page.before, r.totalCount]);
  const shapes = [...new Map(requests.map((r) => [shapeOf(r), r])).values()].sort((a, b) => (shapeOf(a) < shapeOf(b) ? -1 : 1));
  const branches = shapes.map((r, at) => sourceBranch(at, r, list));
  const cypher = `UNWIND $rows AS row
    CALL (row) {
      ${branches.join('\n      UNION ALL\n      ')}
    }
    RETURN row.at AS at, total, more, items`;
  const rows = requests.map((r, at) => ({
    at,
    sourceId: r.sourceId,
    shape: shapes.findIndex((s) => shapeOf(s) === shapeOf(r)),
    page: keysetParam(r.page),
  }));
  // LIMIT takes no row variable: each shape reads its rows' biggest page and one, and each row keeps its own page.
  const windows = shapes.map((_, at) =>
    neo4j.int(Math.max(...requests.filter((r, i) => rows[i]!.shape === at).map((r) => r.page.limit)) + 1),
  );
  const pages = new Array<PageResult<T>>(requests.length);
  for (const record of (await runner.read({ cypher, params: { rows, windows } })).records) {
    const at = record.get('at') as number;
    pages[at] = toPage(requests[at]!.page, record.toObject() as IdWindow, list.map);
  }
  return pages;
}

/** The branch of a source-page batch for the rows of shape number `at`, its text shaped by `shape` (a request of that shape). */
function sourceBranch<T>(at: number, shape: SourcePageRequest, { match, item }: SourceList<T>): string {
  const keyset = keysetConditions('x.id', 'x.id', 'row.page', shape.page, false);
  const count = shape.totalCount ? `COUNT { ${match} }` : 'null';
  return `WITH row WHERE row.shape = ${at}
      CALL (row) {
        ${match}${keyset.map((c) => ` AND ${c}`).join('')}
        WITH x ${ID_ORDER('x', shape.page)} $windows[${at}]
        RETURN collect(x) AS window
      }
      RETURN ${count} AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: ${item}}] AS items`;
}
