import type { RequestRunner } from '../neo4j/request-runner.js';
import { NODE_PROJECTION, REL_PROJECTION, toEntity, toRelation, type EntityRecord, type RelationRecord } from '../neo4j/records.js';
import { pageClause, pageParam, readPage, type PagePlan, type PageResult } from './pagination.js';

export interface StatisticFilterValue {
  subject?: string | null;
  measureContains?: string | null;
  periodContains?: string | null;
  source?: string | null;
}

/** Statistics by subject, measure (English or Chinese) and period label, ordered by id. */
export async function listStatistics(runner: RequestRunner, f: StatisticFilterValue, page: PagePlan): Promise<PageResult<EntityRecord>> {
  const cypher = `MATCH (n:Statistic)
    WHERE ($f.subject IS NULL OR n.subjectId = $f.subject)
      AND ($f.measureContains IS NULL OR toLower(n.measure) CONTAINS toLower($f.measureContains) OR n.measureZh CONTAINS $f.measureContains)
      AND ($f.periodContains IS NULL OR toLower(n.periodLabel) CONTAINS toLower($f.periodContains))
      AND ($f.source IS NULL OR $f.source IN n.evidenceSources)
    WITH n ORDER BY n.id
    WITH collect({s: n.id, id: n.id, n: ${NODE_PROJECTION('n')}}) AS sorted
    ${pageClause('sorted', '$page', false, [], page)}
    RETURN total, pageItems, hasNextPage, hasPreviousPage`;
  const params = { f: { subject: f.subject ?? null, measureContains: f.measureContains ?? null, periodContains: f.periodContains ?? null, source: f.source ?? null }, page: pageParam(page) };
  return readPage(await runner.read({ cypher, params }), (item) => toEntity(item.n as Record<string, unknown>));
}

/**
 * The relations a source document is evidence for, ordered by relation id. MEASURES links are left
 * out: they repeat the statistics' own evidence, listed by `citedStatistics`.
 */
export async function factsOfSource(runner: RequestRunner, sourceId: string, page: PagePlan): Promise<PageResult<RelationRecord>> {
  const cypher = `MATCH ()-[r]->() WHERE $sourceId IN r.evidenceSources AND NOT r:MEASURES
    WITH r ORDER BY r.id
    WITH collect({s: r.id, id: r.id, r: ${REL_PROJECTION('r')}}) AS sorted
    ${pageClause('sorted', '$page', false, [], page)}
    RETURN total, pageItems, hasNextPage, hasPreviousPage`;
  return readPage(await runner.read({ cypher, params: { sourceId, page: pageParam(page) } }), (item) => toRelation(item.r as Record<string, unknown>));
}
