import DataLoader from 'dataloader';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { readTimelines, type TimelinePage, type TimelineRequest } from '../queries/timeline.js';

/** Every timeline of one query level (any parents and pages) in ONE statement. */
export function timelineLoader(runner: RequestRunner): DataLoader<TimelineRequest, TimelinePage, string> {
  return new DataLoader<TimelineRequest, TimelinePage, string>((requests) => readTimelines(runner, requests), {
    cacheKeyFn: (r) => JSON.stringify([r.parentId, r.limit, r.after && [r.after.sort, r.after.id]]),
  });
}
