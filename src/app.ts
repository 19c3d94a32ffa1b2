import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { connect, type Connection } from './neo4j/connect.js';
import { DatabaseUnavailableError } from './neo4j/database.js';
import { Readiness } from './http/readiness.js';
import { startServer, type RunningServer } from './http/server.js';
import type { ExportGate } from './http/export.js';
import { seedDatabase } from './seed/run.js';
import { ImportBusyError, recoverImports } from './import/undo.js';
import { buildGraphQLSchema } from './graphql/schema.js';
import { loadWarmUpOperations, warmUp } from './http/warm-up.js';
import type { EmbeddedNeo4jLostError } from './neo4j/supervisor.js';

export interface App {
  server: RunningServer;
  connection: Connection;
  stop(): Promise<void>;
}

export interface AppHooks {
  /**
   * The embedded Neo4j died and could not be restarted: the server cannot serve any more. main.ts
   * exits non-zero so a process manager can act; without a hook the server only logs it.
   */
  onNeo4jLost?: (error: EmbeddedNeo4jLostError) => void;
  /** The gate of /export (how many exports run at once); tests hold its slots to see the 429. */
  exportGate?: ExportGate;
}

/**
 * Starts chainkb: the database (embedded or external), its schema and seed, then the HTTP server,
 * then the warm-up in the background. Neo4j being down is not fatal: the server starts anyway,
 * reports 503 on /readyz and SERVICE_UNAVAILABLE to queries, and prepares the database (and warms
 * up) as soon as it answers.
 */
export async function startApp(config: Config, log: Logger, hooks: AppHooks = {}): Promise<App> {
  const schema = await buildGraphQLSchema();
  // Before Neo4j starts: a warm-up file that cannot serve stops the start at once.
  const operations = config.warmUpOperations ? await loadWarmUpOperations(config.warmUpOperations, schema) : undefined;
  const connection = await connect(config, log);
  const readiness = new Readiness(
    connection.db,
    log,
    config.seedOnStart ? () => seedDatabase(connection.db, log).then(() => {}) : undefined,
  );
  try {
    await readiness.prepare();
    await recoverImportsOnStart(connection, log);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) {
      await connection.close();
      throw error;
    }
    log.warn('Neo4j is not reachable yet; serving anyway, /readyz reports 503 until it is');
  }
  superviseReadiness(connection, readiness, log, hooks);
  // /readyz answers from the last check (see Readiness): the first one before it can be asked.
  await readiness.check();
  let server: RunningServer;
  try {
    server = await startServer({ config, db: connection.db, log, readiness, schema, exportGate: hooks.exportGate });
  } catch (error) {
    await connection.close();
    throw error;
  }
  const stopping = new AbortController();
  if (operations) readiness.warmUpWith(() => warmUp(server, operations, log, stopping.signal));
  readiness.watch();
  return {
    server,
    connection,
    async stop() {
      // The operation running finishes first: the warm-up must not query a closed server.
      stopping.abort();
      readiness.unwatch();
      await readiness.warmedUp();
      await server.stop();
      await connection.close();
    },
  };
}

/** An import killed half-way (the server's own upload, or a CLI run) is undone before the server serves. */
async function recoverImportsOnStart(connection: Connection, log: Logger): Promise<void> {
  try {
    for (const r of await recoverImports(connection.db, log))
      log.warn({ importId: r.id, file: r.file }, `import: ${r.action} an unfinished import`);
  } catch (error) {
    if (!(error instanceof ImportBusyError)) throw error;
    log.warn({ err: error }, 'import: another process is importing; left to it');
  }
}

/** Readiness follows the embedded Neo4j's supervisor: down at once when it dies, prepared again when it is back. */
function superviseReadiness(connection: Connection, readiness: Readiness, log: Logger, hooks: AppHooks): void {
  const supervisor = connection.embedded;
  if (!supervisor) return;
  supervisor.on('down', () => readiness.databaseDown('embedded Neo4j restarting'));
  supervisor.on('recovered', () => readiness.databaseBack());
  supervisor.on('failed', (error) => {
    log.fatal({ err: error }, 'the embedded Neo4j is gone for good');
    hooks.onNeo4jLost?.(error);
  });
}
