import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import {
  readRelationPages,
  relationShapeKey,
  type PrefetchedPage,
  type RelationPage,
  type RelationPageLoad,
  type RelationPageRequest,
} from '../queries/relation-pages.js';

/**
 * Batches every relation field of one query level (any fields, parents and orders) into ONE
 * Cypher query: for the fields a root list did not read ahead (see ReadAheadPages).
 */
export function relationPageLoader(runner: RequestRunner): DataLoader<RelationPageLoad, RelationPage, string> {
  return new DataLoader<RelationPageLoad, RelationPage, string>((requests) => readRelationPages(runner, requests), {
    cacheKeyFn: relationPageKey,
  });
}

/**
 * The loader key: the same request gives the same key however it was built (by a field resolver
 * from its arguments, or by the look-ahead from the query's syntax), because the look-ahead files
 * the pages it reads under these keys (ReadAheadPages).
 */
export function relationPageKey(r: RelationPageRequest): string {
  return `${r.parentId}\u0000${relationShapeKey(r)}`;
}

/**
 * The pages a root list read ahead for the relation fields below it, under the loader's keys. A
 * field resolver takes its page from here without a promise, so the executor completes the whole
 * answer synchronously instead of one promise per entity with a relation field (DataLoader.load
 * always returns one).
 */
export class ReadAheadPages {
  private readonly pages = new Map<string, RelationPage>();

  add(prefetched: readonly PrefetchedPage[]): void {
    for (const { request, page } of prefetched) this.pages.set(relationPageKey(request), page);
  }

  find(request: RelationPageRequest): RelationPage | undefined {
    return this.pages.size === 0 ? undefined : this.pages.get(relationPageKey(request));
  }
}
