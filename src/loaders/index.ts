import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityLoader } from './entities.js';
import { ReadAheadPages, relationPageLoader } from './relation-pages.js';
import { sourcePageLoaders } from './source-pages.js';
import { sourceTextLoader } from './source-texts.js';
import { timelineLoader } from './timelines.js';

/** The DataLoaders of one request; made fresh per request so nothing is cached across callers. */
export function createLoaders(runner: RequestRunner) {
  return {
    entity: entityLoader(runner),
    relationPage: relationPageLoader(runner),
    readAhead: new ReadAheadPages(),
    sourceText: sourceTextLoader(runner),
    timeline: timelineLoader(runner),
    ...sourcePageLoaders(runner),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
