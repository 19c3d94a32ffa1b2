import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { pagePlanKey, type PageResult } from '../queries/pagination.js';
import { factsOfSources, statisticsOfSources, type SourcePageRequest } from '../queries/statistics.js';

/** The same source and page gives the same key, however the request was built. */
const sourcePageKey = ({ sourceId, page, totalCount }: SourcePageRequest) => JSON.stringify([sourceId, ...pagePlanKey(page), totalCount]);

/**
 * `SourceDocument.facts` and `.citedStatistics` of one query level, whichever documents and pages
 * they ask for, in one statement each: a list of relations citing the same document costs no
 * more queries than one.
 */
export function sourcePageLoaders(runner: RequestRunner) {
  return {
    sourceFacts: new DataLoader((requests: readonly SourcePageRequest[]) => factsOfSources(runner, requests), {
      cacheKeyFn: sourcePageKey,
    }),
    sourceStatistics: new DataLoader((requests: readonly SourcePageRequest[]) => statisticsOfSources(runner, requests), {
      cacheKeyFn: sourcePageKey,
    }),
  } satisfies Record<string, DataLoader<SourcePageRequest, PageResult<unknown>, string>>;
}
