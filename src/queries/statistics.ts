import neo4j from 'neo4j-driver';
import { DEFAULT_CLAIM_STATUS, type ClaimStatus } from '../model/claims.js';
import { measureTextNeedle } from '../model/statistics.js';
import type { CypherQuery } from '../neo4j/database.js';
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

/** The root `statistics` filter, validated (src/graphql/statistics.resolver.ts). All given conditions must hold. */
export interface StatisticFilterValue {
  subject?: string | null;
  /** The English or Chinese measure, exactly. */
  measure?: string | null;
  measureContains?: string | null;
  periodContains?: string | null;
  /** Years the statistic's period must overlap: from `from` (inclusive) to `to` (inclusive); either may be open. */
  period?: { from?: number | null; to?: number | null } | null;
  unit?: string | null;
  /** Claim statuses (src/model/claims.ts); a statistic without `status` is `actual`. */
  status?: readonly ClaimStatus[] | null;
  /** A region's id: statistics whose subject is in its reach (see `driverOf`). */
  region?: string | null;
}

/**
 * How far a region's reach walks LOCATED_IN and PART_OF back from the region: the same bound as
 * the entity filter `region` (src/queries/entity-filter.ts), so that "in a region" means one thing.
 */
export const REACH_DEPTH = 5;

/**
 * The lists of this file are ordered by id, as `ORDER BY x.id LIMIT page + 1` after the keyset
 * condition: statistics walk the Statistic id index (the label's uniqueness constraint, see
 * src/neo4j/schema.ts) from the cursor and stop after the page. A fact list has no index to walk:
 * which relations a document is evidence for is a list property of each relation, which no Neo4j
 * index answers, so every relation is still visited; only the page's top is kept (Top, not a
 * collect and sort of every match).
 */
const ID_ORDER = (x: string, plan: PagePlan, by?: string) => {
  const direction = plan.backwards ? 'DESC' : 'ASC';
  return `ORDER BY ${by ? `${x}.${by} ${direction}, ` : ''}${x}.id ${direction} LIMIT`;
};

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
 * The root statistics list, ordered by id, counted (up to `countLimit`) only when asked.
 *
 * Every filter given appears in the text as one condition on `n` (values in `$f`); one of them
 * drives the read, chosen by `driverOf`: its index yields the candidates, already in id order where
 * the index is a composite (property, id) one, and the other conditions are checked on those
 * candidates only: those of the subject, of the region's reach, of one measure, status or unit, or
 * the measure's substring matches. A list with none of these walks the id index from the cursor,
 * for one page when its conditions (period, period label, ACTUAL) match often; they have no index.
 */
export async function listStatistics(
  runner: RequestRunner,
  f: StatisticFilterValue,
  page: PagePlan,
  countLimit: number | null,
): Promise<PageResult<EntityRecord> & { countCapped: boolean }> {
  const { cypher, params } = statisticsStatement(f, page, countLimit);
  const [row] = (await runner.read({ cypher, params })).records;
  const result = row!.toObject() as IdWindow;
  const capped = countLimit !== null && (result.total ?? 0) > countLimit;
  const window = { ...result, total: capped ? countLimit : result.total };
  return {
    ...toPage(page, window, (item) => readEntity(item.v as EntityValues, null)),
    countCapped: capped,
  };
}

/** The statement of `listStatistics` (exported for the generated-Cypher tests). */
export function statisticsStatement(f: StatisticFilterValue, page: PagePlan, countLimit: number | null): CypherQuery {
  const conditions = filterConditions(f);
  const driver = driverOf(f);
  const direction = page.backwards ? 'DESC' : 'ASC';
  const order = `ORDER BY n.id ${direction}`;
  const keyset = keysetConditions('n.id', 'n.id', '$page', page, false);
  const pageRead = driver({
    where: [...conditions, ...keyset].join(' AND '),
    limit: (by) => `WITH n ORDER BY ${by ? `n.${by} ${direction}, ` : ''}n.id ${direction} LIMIT $page.window`,
  });
  const count =
    countLimit === null
      ? ''
      : `CALL () {
      CALL () {
        ${driver({ where: conditions.join(' AND '), limit: () => '' })}
      }
      WITH n LIMIT $countLimit
      RETURN count(n) AS total
    }
    `;
  const cypher = `${count}CALL () {
      CALL () {
        ${pageRead}
      }
      WITH n ${order} LIMIT $page.window
      RETURN collect(n) AS window
    }
    RETURN ${count ? 'total' : 'null AS total'}, size(window) > $page.limit AS more, [x IN window[0..$page.limit] | {id: x.id, v: ${entityValues('x', 'null')}}] AS items`;
  const params: Record<string, unknown> = { f: filterParams(f), page: keysetParam(page) };
  if (countLimit !== null) params.countLimit = neo4j.int(countLimit + 1);
  return { cypher, params };
}

/** The filter's conditions on a statistic `n`, one per filter given (the region's reach is `driverOf`'s to read or to check). */
function filterConditions(f: StatisticFilterValue): string[] {
  const conditions = ['n.id IS NOT NULL'];
  if (f.subject != null) conditions.push('n.subjectId = $f.subject');
  if (f.measure != null) conditions.push('(n.measure = $f.measure OR n.measureZh = $f.measure)');
  if (f.measureContains != null) conditions.push('n.measureText CONTAINS $f.measureText');
  if (f.periodContains != null) conditions.push('toLower(n.periodLabel) CONTAINS $f.periodContains');
  // A period given by one end only is a point in time: "as of 2025" has only an end.
  if (f.period?.to != null) conditions.push('coalesce(n.periodStart, n.periodEnd) < $f.periodBefore');
  if (f.period?.from != null) conditions.push('coalesce(n.periodEnd, n.periodStart) >= $f.periodFrom');
  if (f.unit != null) conditions.push('n.unit = $f.unit');
  if (f.status != null) conditions.push(`coalesce(n.status, '${DEFAULT_CLAIM_STATUS}') IN $f.status`);
  return conditions;
}

function filterParams(f: StatisticFilterValue): Record<string, unknown> {
  const year = (y: number) => String(y).padStart(4, '0');
  return {
    subject: f.subject ?? null,
    measure: f.measure ?? null,
    measureText: f.measureContains != null ? measureTextNeedle(f.measureContains) : null,
    periodContains: f.periodContains?.toLowerCase() ?? null,
    // Periods are stored as YYYY, YYYY-MM or YYYY-MM-DD: every date of a year sorts at or after "YYYY" and before "YYYY+1".
    periodFrom: f.period?.from != null ? year(f.period.from) : null,
    periodBefore: f.period?.to != null ? year(f.period.to + 1) : null,
    unit: f.unit ?? null,
    status: f.status ?? null,
    region: f.region ?? null,
  };
}

/**
 * A driver's read of candidates `n` meeting `where`, each branch cut by `limit` to a page's window
 * in id order (nothing, for a count). `limit(by)` orders by the driving index's property first:
 * under its equality condition that is the id order, and Neo4j reads it from the (by, id) index
 * in order and stops after the window instead of sorting every candidate.
 */
type Driver = (read: { where: string; limit: (by?: string) => string }) => string;

/**
 * Which filter drives the read. A region's reach (`reachDriver`) comes first unless a subject is
 * given; then the first given of subject, measure, status (when `actual` is not asked: statistics
 * without a status, the default, are in no index), measure substring and unit; else the id index.
 * Subject, measure, status and unit indexes are composite with id, so their candidates come in id
 * order and a page stops after its window.
 */
function driverOf(f: StatisticFilterValue): Driver {
  const core = coreDriverOf(f);
  if (f.region == null) return core;
  const inReach: Driver = ({ where, limit }) => core({ where: `${where} AND ${REACH_CONDITION}`, limit });
  if (f.subject == null) return reachDriver(inReach);
  return (read) => `MATCH (region:Region {id: $f.region})
        CALL (region) {
          ${inReach(read)}
        }
        RETURN n`;
}

/** Whether the subject of statistic `n` is in the reach of `region` (the reach read from its far end, see `reachDriver`). */
const REACH_CONDITION = `EXISTS { MATCH (n)-[:MEASURES]->(s) WHERE EXISTS { (s)-[:LOCATED_IN|PART_OF]->{0,${REACH_DEPTH}}(region) } OR EXISTS { (s:Policy)-[:APPLIES_TO|COVERS]->(:Region|Place)-[:LOCATED_IN|PART_OF]->{0,${REACH_DEPTH}}(region) } }`;

/**
 * A region's reach, read from whichever end is cheaper, as relation pages choose for a hub (see
 * src/queries/relation-pages.ts). A region of degree d (its LOCATED_IN and PART_OF relations in,
 * which Neo4j keeps) reaches some multiple of d entities; walking them costs about that many reads
 * and yields their statistics. The other way, the next driver (the id index at the least) reads
 * statistics in id order and keeps those whose subject leads to the region, until the page is full:
 * with the reach holding about d/N of the N entities, that is about window × N/d statistics. So the
 * reach is walked while d² <= 4 × N × window (4: checking a statistic costs a few times what a
 * walked entity does). In the 100k generated set 宁波 (degree 10^4) is read from its statistics, a
 * district (degree 30) from the region.
 */
function reachDriver(otherwise: Driver): Driver {
  return ({ where, limit }) => {
    const page = limit('subjectId');
    return `MATCH (region:Region {id: $f.region})
        WITH region, COUNT { (region)<-[:LOCATED_IN|PART_OF]-() } AS degree
        CALL (region, degree) {
          WITH region WHERE degree * degree <= 4 * COUNT { (:Entity) } * $page.window
          MATCH (region)<-[:LOCATED_IN|PART_OF]-{0,${REACH_DEPTH}}(x:Entity)
          WITH DISTINCT x
          CALL (x) {
            RETURN x AS subject
            UNION
            WITH x WHERE x:Region OR x:Place
            MATCH (x)<-[:APPLIES_TO|COVERS]-(subject:Policy)
            RETURN subject
          }
          WITH DISTINCT subject
          CALL (subject) {
            MATCH (n:Statistic) USING INDEX n:Statistic(subjectId, id) WHERE n.subjectId = subject.id AND ${where}${page ? `\n            ${page}` : ''}
            RETURN n
          }
          RETURN n
          UNION
          WITH region WHERE degree * degree > 4 * COUNT { (:Entity) } * $page.window
          CALL (region) {
            ${otherwise({ where, limit })}
          }
          RETURN n
        }
        RETURN n`;
  };
}

/** The driver among subject, measure, status, measure substring and unit (see `driverOf`). */
function coreDriverOf(f: StatisticFilterValue): Driver {
  const match = (index: string, where: string, limit: string, indent = '\n        ') =>
    [`MATCH (n:Statistic) USING ${index} WHERE ${where}`, limit, 'RETURN n'].filter(Boolean).join(indent);
  const byIndex = (property: string) => `INDEX n:Statistic(${property}, id)`;
  if (f.subject != null) return ({ where, limit }) => match(byIndex('subjectId'), where, limit('subjectId'));
  if (f.measure != null)
    return ({ where, limit }) =>
      [
        match(byIndex('measure'), `n.measure = $f.measure AND ${where}`, limit('measure')),
        match(byIndex('measureZh'), `n.measureZh = $f.measure AND ${where}`, limit('measureZh')),
      ].join('\n        UNION\n        ');
  if (f.status != null && !f.status.includes(DEFAULT_CLAIM_STATUS))
    return ({ where, limit }) => `UNWIND $f.status AS status
        CALL (status) {
          ${match(byIndex('status'), `n.status = status AND ${where}`, limit('status'), '\n          ')}
        }
        RETURN n`;
  if (f.measureContains != null) return ({ where, limit }) => match('TEXT INDEX n:Statistic(measureText)', where, limit());
  if (f.unit != null) return ({ where, limit }) => match(byIndex('unit'), where, limit('unit'));
  return ({ where, limit }) => match('INDEX n:Statistic(id)', where, limit());
}

/**
 * One page of a list owned by one entity (what a source document is evidence for, the statistics
 * of a subject); counted only when `totalCount` is selected.
 */
export interface OwnedPageRequest {
  /** The id of the entity whose list it is. */
  owner: string;
  page: PagePlan;
  totalCount: boolean;
}

/**
 * Pages of the relations each source document is evidence for, ordered by relation id, all in one
 * statement (a loader batch). MEASURES links are left out: they repeat the statistics' own
 * evidence, listed by `statisticsOfSources`.
 */
export function factsOfSources(runner: RequestRunner, requests: readonly OwnedPageRequest[]): Promise<PageResult<RelationRecord>[]> {
  return readOwnedPages(runner, requests, {
    match: 'MATCH ()-[x]->() WHERE NOT x:MEASURES AND row.owner IN x.evidenceSources',
    item: REL_PROJECTION('x'),
    map: (item) => toRelation(item.v as Record<string, unknown>),
  });
}

/**
 * Pages of the statistics of each subject (`Entity.statistics`), ordered by id, in one statement:
 * the (subjectId, id) index yields a subject's statistics in id order from the cursor, so a page
 * reads its window however many statistics measure the subject, and the count is the subject's
 * MEASURES degree, which Neo4j keeps (no walk).
 */
export function statisticsOfSubjects(runner: RequestRunner, requests: readonly OwnedPageRequest[]): Promise<PageResult<EntityRecord>[]> {
  return readOwnedPages(runner, requests, {
    match: 'MATCH (x:Statistic) USING INDEX x:Statistic(subjectId, id) WHERE x.subjectId = row.owner AND x.id IS NOT NULL',
    // Only statistics have MEASURES relations: with no label at the far end of a bound node, Neo4j reads the degree it keeps.
    count: 'head(COLLECT { MATCH (s:Entity {id: row.owner}) RETURN COUNT { (s)<-[:MEASURES]-() } })',
    orderedBy: 'subjectId',
    item: NODE_PROJECTION('x'),
    map: (item) => toEntity(item.v as Record<string, unknown>),
  });
}

/** Pages of the statistics each source document is evidence for, ordered by id, in one statement. */
export function statisticsOfSources(runner: RequestRunner, requests: readonly OwnedPageRequest[]): Promise<PageResult<EntityRecord>[]> {
  return readOwnedPages(runner, requests, {
    match: 'MATCH (x:Statistic) WHERE x.id IS NOT NULL AND row.owner IN x.evidenceSources',
    item: NODE_PROJECTION('x'),
    map: (item) => toEntity(item.v as Record<string, unknown>),
  });
}

/**
 * What an owned list reads: `match` binds its items `x` for `row.owner`; `item` projects one;
 * `count` counts them when cheaper than visiting the matches (default: `COUNT { match }`).
 */
interface OwnedList<T> {
  match: string;
  count?: string;
  /** The property `match` binds by equality in a (property, id) index: ordering by it first reads that index in order. */
  orderedBy?: string;
  item: string;
  map: (item: Record<string, unknown>) => T;
}

/**
 * A loader batch of source pages in one statement: one branch per distinct page shape (direction,
 * which cursors, whether counted), each row reading the branch of its own shape, so that the texts
 * are bounded by the shapes clients use while the values travel in `$rows`.
 */
async function readOwnedPages<T>(
  runner: RequestRunner,
  requests: readonly OwnedPageRequest[],
  list: OwnedList<T>,
): Promise<PageResult<T>[]> {
  const shapeOf = (r: OwnedPageRequest) => JSON.stringify([r.page.backwards, !!r.page.after, !!r.page.before, r.totalCount]);
  const shapes = [...new Map(requests.map((r) => [shapeOf(r), r])).values()].sort((a, b) => (shapeOf(a) < shapeOf(b) ? -1 : 1));
  const branches = shapes.map((r, at) => ownedBranch(at, r, list));
  const cypher = `UNWIND $rows AS row
    CALL (row) {
      ${branches.join('\n      UNION ALL\n      ')}
    }
    RETURN row.at AS at, total, more, items`;
  const rows = requests.map((r, at) => ({
    at,
    owner: r.owner,
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
function ownedBranch<T>(at: number, shape: OwnedPageRequest, { match, item, count: counted, orderedBy }: OwnedList<T>): string {
  const keyset = keysetConditions('x.id', 'x.id', 'row.page', shape.page, false);
  const count = shape.totalCount ? (counted ?? `COUNT { ${match} }`) : 'null';
  return `WITH row WHERE row.shape = ${at}
      CALL (row) {
        ${match}${keyset.map((c) => ` AND ${c}`).join('')}
        WITH x ${ID_ORDER('x', shape.page, orderedBy)} $windows[${at}]
        RETURN collect(x) AS window
      }
      RETURN ${count} AS total, size(window) > row.page.limit AS more, [x IN window[0..row.page.limit] | {id: x.id, v: ${item}}] AS items`;
}
