import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { applySchema } from '../neo4j/schema.js';

export type ReadinessReport = { ready: true; neo4jVersion: string } | { ready: false; reason: string };

/** How often the background probe runs, and how long one waits for Neo4j before calling it down. */
const PROBE_INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

/** A probe that got no answer from Neo4j within PROBE_TIMEOUT_MS. */
export class ReadinessProbeTimeoutError extends Error {
  override name = 'ReadinessProbeTimeoutError';
}

/**
 * Tracks whether Neo4j answers and our schema is applied. Preparation (schema, then the optional
 * seed) runs at start and again on each check until it succeeds, so a server started while Neo4j
 * was down becomes ready by itself once Neo4j is back. A warm-up (see warm-up.ts), if given, runs
 * once right after the first successful preparation; the server is not ready until it has run.
 *
 * `/readyz` answers from `current()`, the last report of a probe that `watch()` runs in the
 * background: a probe against a dead Neo4j waits for the driver's timeouts (seconds), and a
 * readiness endpoint that slow gets the server taken out of rotation by its own load balancer's
 * timeout, or piles up probes.
 */
export class Readiness {
  private report: ReadinessReport = { ready: false, reason: 'starting' };
  /** Set while Neo4j is known to be down (the embedded one restarting): no probe touches it. */
  private downReason: string | undefined;
  private probes = 0;
  private watching: NodeJS.Timeout | undefined;
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
    this.probes++;
    this.report = { ready: false, reason: 'warming up' };
    // warmUp logs its own failures; a rejection here is a bug, logged rather than left unhandled.
    this.warming = warmUp()
      .catch((error: unknown) => this.log.error({ err: error }, 'warm-up failed'))
      .finally(() => {
        this.warming = undefined;
        // Ready now, not at the next tick of the watch.
        void this.check();
      });
  }

  /** The last report, without touching Neo4j. */
  current(): ReadinessReport {
    return this.report;
  }

  /** Probes Neo4j now (preparing it if needed) and keeps the report for `current()`. */
  async check(): Promise<ReadinessReport> {
    const probe = ++this.probes;
    const report = await this.probe();
    // A slower, older probe must not overwrite a newer answer.
    if (probe === this.probes) this.report = report;
    return report;
  }

  /** Probes every PROBE_INTERVAL_MS until `unwatch()`; one probe at a time. */
  watch(): void {
    const tick = async () => {
      await this.check();
      if (this.watching) this.watching = setTimeout(tick, PROBE_INTERVAL_MS).unref();
    };
    this.watching = setTimeout(tick, PROBE_INTERVAL_MS).unref();
  }

  unwatch(): void {
    clearTimeout(this.watching);
    this.watching = undefined;
  }

  /**
   * Neo4j is down for a known reason (the supervisor restarts it): report that at once, and probe
   * nothing until `databaseBack()`.
   */
  databaseDown(reason: string): void {
    this.downReason = reason;
    this.probes++;
    this.report = { ready: false, reason };
  }

  /** Neo4j is back, possibly without its schema (a new store): prepare it again, then probe. */
  databaseBack(): void {
    this.downReason = undefined;
    this.prepared = false;
    this.report = { ready: false, reason: 'preparing the database' };
    void this.check();
  }

  private async probe(): Promise<ReadinessReport> {
    if (this.downReason) return { ready: false, reason: this.downReason };
    try {
      await this.prepare();
      if (this.warming) return { ready: false, reason: 'warming up' };
      const info = await withTimeout(this.db.serverInfo(), PROBE_TIMEOUT_MS);
      return { ready: true, neo4jVersion: info.version };
    } catch (error) {
      return { ready: false, reason: error instanceof Error ? error.name : 'unknown' };
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessProbeTimeoutError(`Neo4j did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
