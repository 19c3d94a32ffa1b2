import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { pagePlanKey, type PageResult } from '../queries/pagination.js';
import { factsOfSources, statisticsOfSources, statisticsOfSubjects, type OwnedPageRequest } from '../queries/statistics.js';

/** The same owner and page gives the same key, however the request was built. */
const ownedPageKey = ({ owner, page, totalCount }: OwnedPageRequest) => JSON.stringify([owner, ...pagePlanKey(page), totalCount]);

const pagesOf = <T>(
  read: (runner: RequestRunner, requests: readonly OwnedPageRequest[]) => Promise<PageResult<T>[]>,
  runner: RequestRunner,
) => new DataLoader((requests: readonly OwnedPageRequest[]) => read(runner, requests), { cacheKeyFn: ownedPageKey });

/**
 * `SourceDocument.facts` and `.citedStatistics`, and `Entity.statistics`, of one query level,
 * whichever entities and pages they ask for, in one statement each: a list of relations citing
 * the same document, or of search hits each with its statistics, costs no more queries than one.
 */
export function ownedPageLoaders(runner: RequestRunner) {
  return {
    sourceFacts: pagesOf(factsOfSources, runner),
    sourceStatistics: pagesOf(statisticsOfSources, runner),
    subjectStatistics: pagesOf(statisticsOfSubjects, runner),
  } satisfies Record<string, DataLoader<OwnedPageRequest, PageResult<unknown>, string>>;
}
