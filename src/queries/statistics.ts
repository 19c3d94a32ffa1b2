import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityValues, NODE_PROJECTION, readEntity, REL_PROJECTION, toEntity, toRelation, type EntityRecord, type EntityValues, type RelationRecord } from '../neo4j/records.js';
import { pageClause, pageParam, pageRows, readPageRows, readPageValues, type PagePlan, type PageResult, type PageValues } from './pagination.js';

export interface StatisticFilterValue {
  subject?: string | null;
  measureContains?: string | null;
  periodContains?: string | null;
}

/** Statistics by subject, measure (English or Chinese) and period label, ordered by id. */
export async function listStatistics(runner: RequestRunner, f: StatisticFilterValue, page: PagePlan): Promise<PageResult<EntityRecord>> {
  const cypher = `MATCH (n:Statistic)
    WHERE ($f.subject IS NULL OR n.subjectId = $f.subject)
      AND ($f.measureContains IS NULL OR toLower(n.measure) CONTAINS toLower($f.measureContains) OR n.measureZh CONTAINS $f.measureContains)
      AND ($f.periodContains IS NULL OR toLower(n.periodLabel) CONTAINS toLower($f.periodContains))
    WITH n ORDER BY n.id
    WITH collect({s: n.id, id: n.id, n: n}) AS sorted
    ${pageClause('sorted', '$page', false, [], page)}
    ${pageRows((x) => `{s: ${x}.s, id: ${x}.id, v: ${entityValues(`${x}.n`, 'null')}}`)}
    RETURN total, hasNextPage, hasPreviousPage, item`;
  const params = { f: { subject: f.subject ?? null, measureContains: f.measureContains ?? null, periodContains: f.periodContains ?? null }, page: pageParam(page) };
  return readPageRows(await runner.read({ cypher, params }), (item) => readEntity(item.v as EntityValues, null));
}

/** One page of what a source document is evidence for. */
export interface SourcePageRequest {
  sourceId: string;
  page: PagePlan;
}

/**
 * Pages of the relations each source document is evidence for, ordered by relation id, all in one
 * statement (a loader batch). MEASURES links are left out: they repeat the statistics' own
 * evidence, listed by `statisticsOfSources`.
 */
export function factsOfSources(runner: RequestRunner, requests: readonly SourcePageRequest[]): Promise<PageResult<RelationRecord>[]> {
  const sorted = `MATCH ()-[r]->() WHERE row.sourceId IN r.evidenceSources AND NOT r:MEASURES
      WITH r ORDER BY r.id
      RETURN collect({s: r.id, id: r.id, r: ${REL_PROJECTION('r')}}) AS sorted`;
  return readSourcePages(runner, sorted, requests, (item) => toRelation(item.r as Record<string, unknown>));
}

/** Pages of the statistics each source document is evidence for, ordered by id, in one statement. */
export function statisticsOfSources(runner: RequestRunner, requests: readonly SourcePageRequest[]): Promise<PageResult<EntityRecord>[]> {
  const sorted = `MATCH (n:Statistic) WHERE row.sourceId IN n.evidenceSources
      WITH n ORDER BY n.id
      RETURN collect({s: n.id, id: n.id, n: ${NODE_PROJECTION('n')}}) AS sorted`;
  return readSourcePages(runner, sorted, requests, (item) => toEntity(item.n as Record<string, unknown>));
}

/** Runs subquery `sorted` (a list `sorted` of {s, id, ...} for `row.sourceId`) once per request and pages each. */
async function readSourcePages<T>(runner: RequestRunner, sorted: string, requests: readonly SourcePageRequest[], map: (item: Record<string, unknown>) => T): Promise<PageResult<T>[]> {
  const cypher = `UNWIND $rows AS row
    CALL (row) {
      ${sorted}
    }
    ${pageClause('sorted', 'row.page', false, ['row'])}
    RETURN row.at AS at, total, pageItems, hasNextPage, hasPreviousPage`;
  const rows = requests.map((r, at) => ({ at, sourceId: r.sourceId, page: pageParam(r.page) }));
  const result = await runner.read({ cypher, params: { rows } });
  const pages = new Array<PageResult<T>>(requests.length);
  for (const record of result.records) pages[record.get('at') as number] = readPageValues(record.toObject() as PageValues, map);
  return pages;
}
