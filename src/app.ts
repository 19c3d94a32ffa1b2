import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { connect, type Connection } from './neo4j/connect.js';
import { DatabaseUnavailableError } from './neo4j/database.js';
import { Readiness } from './http/readiness.js';
import { startServer, type RunningServer } from './http/server.js';
import { seedDatabase } from './seed/run.js';

export interface App {
  server: RunningServer;
  connection: Connection;
  stop(): Promise<void>;
}

/**
 * Starts chainkb: the database (embedded or external), its schema and seed, then the HTTP server.
 * Neo4j being down is not fatal: the server starts anyway, reports 503 on /readyz and
 * SERVICE_UNAVAILABLE to queries, and prepares the database as soon as it answers.
 */
export async function startApp(config: Config, log: Logger): Promise<App> {
  const connection = await connect(config, log);
  const readiness = new Readiness(connection.db, log, config.seedOnStart ? () => seedDatabase(connection.db, log).then(() => {}) : undefined);
  try {
    await readiness.prepare();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) {
      await connection.close();
      throw error;
    }
    log.warn('Neo4j is not reachable yet; serving anyway, /readyz reports 503 until it is');
  }
  let server: RunningServer;
  try {
    server = await startServer({ config, db: connection.db, log, readiness });
  } catch (error) {
    await connection.close();
    throw error;
  }
  return {
    server,
    connection,
    async stop() {
      await server.stop();
      await connection.close();
    },
  };
}
