import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { applySchema } from '../neo4j/schema.js';

export type ReadinessReport = { ready: true; neo4jVersion: string } | { ready: false; reason: string };

/**
 * Tracks whether Neo4j answers and our schema is applied. Preparation (schema, then the optional
 * seed) runs at start and again on each check until it succeeds, so a server started while Neo4j
 * was down becomes ready by itself once Neo4j is back.
 */
export class Readiness {
  private prepared = false;
  private preparing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly afterSchema: () => Promise<void> = async () => {},
  ) {}

  /** Applies the schema (and seed) once; concurrent callers share one attempt. */
  prepare(): Promise<void> {
    if (this.prepared) return Promise.resolve();
    this.preparing ??= (async () => {
      await applySchema(this.db);
      await this.afterSchema();
      this.prepared = true;
      this.log.info('database prepared: schema applied');
    })().finally(() => {
      this.preparing = undefined;
    });
    return this.preparing;
  }

  async check(): Promise<ReadinessReport> {
    try {
      await this.prepare();
      const info = await this.db.serverInfo();
      return { ready: true, neo4jVersion: info.version };
    } catch (error) {
      return { ready: false, reason: error instanceof Error ? error.name : 'unknown' };
    }
  }
}
