import path from 'node:path';
import { projectRoot } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { countOf, loadSeed, totalChanges, type LeftOver, type LoadResult } from './load.js';
import { formatProblem, readSeed, type SeedData, type SeedProblem } from './validate.js';

export const DEFAULT_SEED_DIR = path.join(projectRoot, 'seed');

export class SeedInvalidError extends Error {
  override name = 'SeedInvalidError';
  constructor(readonly problems: SeedProblem[]) {
    super(`the seed has ${problems.length} problem(s); nothing was written:\n${problems.map(formatProblem).join('\n')}`);
  }
}

export interface SeedOptions {
  /** Delete seeded nodes and relations that `dir` does not have. Off unless asked for explicitly. */
  prune?: boolean;
  /** Report what loading would do, writing nothing. */
  dryRun?: boolean;
}

/** The validated seed of `dir`; SeedInvalidError (before anything is written) if it is wrong or empty. */
export async function validSeed(dir: string): Promise<SeedData> {
  const result = await readSeed(dir);
  if (!result.ok) throw new SeedInvalidError(result.problems);
  return result.data;
}

/**
 * Loads the seed directory and logs what changed, and what the database holds that the folder
 * lacks (kept, unless `prune`). An empty folder is invalid.
 *
 * Server start-up calls this without `prune`, on purpose: it runs unattended, nobody asked it to
 * delete anything, and a seed folder that lost files (a bad checkout, a half-copied image or
 * volume) is exactly the case where deleting would lose data. Removing seed entries is rare and
 * deliberate, so it takes a deliberate `npm run seed -- --prune`; until then every start logs a
 * warning with the counts.
 */
export async function seedDatabase(db: Database, log: Logger, dir = DEFAULT_SEED_DIR, options: SeedOptions = {}): Promise<LoadResult> {
  const started = Date.now();
  const data = await validSeed(dir);
  const loaded = await loadSeed(db, data, { ...options, onProgress: (message) => log.debug(message) });
  const counts = { entities: data.entities.length, relations: data.relations.length, statistics: data.statistics.length, sources: data.sources.length };
  const fields = { ...counts, ...loaded.summary, ms: Date.now() - started };
  if (options.dryRun) log.info(fields, 'seed: dry run, nothing written');
  else if (totalChanges(loaded.summary) === 0) log.info(fields, 'seed: already up to date, nothing changed');
  else log.info(fields, 'seed: loaded');
  const written = writtenMessage(loaded.written);
  if (written) log.info({ writtenThroughApi: loaded.written }, written);
  if (!isEmpty(loaded.leftOver)) log.warn({ notInSeed: loaded.leftOver }, leftOverMessage(loaded.leftOver, dir, options));
  return loaded;
}

export function isEmpty(leftOver: LeftOver): boolean {
  return countOf(leftOver.nodes) + countOf(leftOver.relations) === 0;
}

/** One line saying what the database holds that `dir` does not, and what became of it. */
export function leftOverMessage(leftOver: LeftOver, dir: string, options: SeedOptions): string {
  const [nodes, relations] = [countOf(leftOver.nodes), countOf(leftOver.relations)];
  const what = `${nodes} seeded ${nodes === 1 ? 'entity' : 'entities'} and ${relations} ${relations === 1 ? 'relation' : 'relations'}`;
  const list = (counts: Record<string, number>) => Object.entries(counts).map(([name, n]) => `${name} ${n}`).join(', ') || 'none';
  const detail = `(entities: ${list(leftOver.nodes)}; relations: ${list(leftOver.relations)})`;
  if (options.prune && options.dryRun) return `seed: would delete ${what} that are not in ${dir} ${detail}`;
  if (options.prune) return `seed: deleted ${what} that are not in ${dir} ${detail}`;
  return `seed: ${what} are not in ${dir}; kept ${detail}. To delete them: npm run seed -- --prune ${dir}`;
}

/** One line naming the seed entries the API has written since, which the load left as they are; undefined if none. */
export function writtenMessage(written: LoadResult['written']): string | undefined {
  const count = written.nodes.length + written.relations.length;
  if (count === 0) return undefined;
  const list = (ids: string[]) => ids.join(', ') || 'none';
  return `seed: ${count} seed ${count === 1 ? 'entry was' : 'entries were'} written through the API since and kept as written (entities: ${list(written.nodes)}; relations: ${list(written.relations)})`;
}
