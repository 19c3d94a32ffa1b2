import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { applySchema } from '../neo4j/schema.js';

export type ReadinessReport = { ready: true; neo4jVersion: string } | { ready: false; reason: string };

/**
 * Tracks whether Neo4j answers and our schema is applied. Preparation (schema, then the optional
 * seed) runs at start and again on each check until it succeeds, so a server started while Neo4j
 * was down becomes ready by itself once Neo4j is back. A warm-up (see warm-up.ts), if given, runs
 * once right after the first successful preparation; the server is not ready until it has run.
 */
export class Readiness {
  private prepared = false;
  private preparing: Promise<void> | undefined;
  private pendingWarmUp: (() => Promise<void>) | undefined;
  /** The warm-up while it runs. */
  private warming: Promise<void> | undefined;

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
      this.startWarmUp();
    })().finally(() => {
      this.preparing = undefined;
    });
    return this.preparing;
  }

  /** Runs `warmUp` once the database is prepared: now if it is, else after the preparation that succeeds. */
  warmUpWith(warmUp: () => Promise<void>): void {
    this.pendingWarmUp = warmUp;
    if (this.prepared) this.startWarmUp();
  }

  /** Resolves once no warm-up runs (at once if none does). */
  async warmedUp(): Promise<void> {
    await this.warming;
  }

  private startWarmUp() {
    const warmUp = this.pendingWarmUp;
    if (!warmUp) return;
    this.pendingWarmUp = undefined;
    // warmUp logs its own failures; a rejection here is a bug, logged rather than left unhandled.
    this.warming = warmUp()
      .catch((error: unknown) => this.log.error({ err: error }, 'warm-up failed'))
      .finally(() => {
        this.warming = undefined;
      });
  }

  async check(): Promise<ReadinessReport> {
    try {
      await this.prepare();
      if (this.warming) return { ready: false, reason: 'warming up' };
      const info = await this.db.serverInfo();
      return { ready: true, neo4jVersion: info.version };
    } catch (error) {
      return { ready: false, reason: error instanceof Error ? error.name : 'unknown' };
    }
  }
}
