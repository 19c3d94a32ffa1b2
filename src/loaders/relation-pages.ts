import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityFilterParam } from '../queries/entity-filter.js';
import { pagePlanKey } from '../queries/pagination.js';
import { readRelationPages, type RelationPage, type RelationPageRequest } from '../queries/relation-pages.js';

/**
 * Batches every relation field of one query level (any fields, parents and orders) into ONE
 * Cypher query. Root lists read their nested fields ahead and `prime` this loader with them.
 */
export function relationPageLoader(runner: RequestRunner): DataLoader<RelationPageRequest, RelationPage, string> {
  return new DataLoader((requests) => readRelationPages(runner, requests), { cacheKeyFn: relationPageKey });
}

/**
 * The loader key: the same request gives the same key however it was built (by a field resolver
 * from type-graphql's argument objects, or by the look-ahead from plain ones), because the
 * look-ahead primes pages under these keys.
 */
export function relationPageKey(r: RelationPageRequest): string {
  return JSON.stringify([r.parentId, r.types, r.direction, entityFilterParam(r.filter), r.order, ...pagePlanKey(r.page)]);
}
