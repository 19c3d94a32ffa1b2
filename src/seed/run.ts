import path from 'node:path';
import { projectRoot } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { loadSeed, totalChanges, type LoadSummary } from './load.js';
import { formatProblem, readSeed, type SeedProblem } from './validate.js';

export const DEFAULT_SEED_DIR = path.join(projectRoot, 'seed');

export class SeedInvalidError extends Error {
  override name = 'SeedInvalidError';
  constructor(readonly problems: SeedProblem[]) {
    super(`the seed has ${problems.length} problem(s); nothing was written:\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** Validates the whole seed directory, then loads it; throws SeedInvalidError before writing anything. */
export async function seedDatabase(db: Database, log: Logger, dir = DEFAULT_SEED_DIR): Promise<LoadSummary> {
  const result = await readSeed(dir);
  if (!result.ok) throw new SeedInvalidError(result.problems);
  const { data } = result;
  const started = Date.now();
  const summary = await loadSeed(db, data, (message) => log.debug(message));
  const counts = { entities: data.entities.length, relations: data.relations.length, statistics: data.statistics.length, sources: data.sources.length };
  if (totalChanges(summary) === 0) log.info({ ...counts, ms: Date.now() - started }, 'seed: already up to date, nothing changed');
  else log.info({ ...counts, ...summary, ms: Date.now() - started }, 'seed: loaded');
  return summary;
}
