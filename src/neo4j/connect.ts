import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { readBoltFile, boltFilePath } from './bolt-file.js';
import { Database, DatabaseUnavailableError } from './database.js';
import { EmbeddedNeo4jError } from './embedded.js';
import { EmbeddedNeo4jSupervisor } from './supervisor.js';

/** The database the configuration asks for: external via NEO4J_URI, or the embedded one. */
export interface Connection {
  db: Database;
  /** The embedded Neo4j this process started and supervises; undefined when external or attached. */
  embedded: EmbeddedNeo4jSupervisor | undefined;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /**
   * Embedded only: use the embedded Neo4j that a running server owns (found through its
   * `<dataDir>/bolt.json`) instead of starting one, which would fail on the taken port and store
   * lock. For one-off tools such as `npm run seed`.
   */
  attachToRunning?: boolean;
}

export async function connect(config: Config, log: Logger, options: ConnectOptions = {}): Promise<Connection> {
  const target = config.neo4j;
  if (target.kind === 'external') {
    const db = new Database(target.uri, { username: target.username, password: target.password }, config, log);
    return { db, embedded: undefined, close: () => db.close() };
  }
  const attached = options.attachToRunning ? await attachToRunning(target.dataDir, config, log) : undefined;
  if (attached) return { db: attached, embedded: undefined, close: () => attached.close() };
  const embedded = await EmbeddedNeo4jSupervisor.start({
    port: target.port,
    dataDir: target.dataDir,
    log,
    maxRestarts: target.maxRestarts,
    memory: target.memory,
  });
  const db = new Database(embedded.uri, embedded.auth, config, log);
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded.stop();
    },
  };
}

/** The running embedded Neo4j of `dataDir`, or undefined when none is (no file, or a stale one). */
async function attachToRunning(dataDir: string, config: Config, log: Logger): Promise<Database | undefined> {
  const credentials = await readBoltFile(dataDir);
  if (!credentials) return undefined;
  const db = new Database(credentials.uri, credentials, config, log);
  try {
    await db.serverInfo();
    log.info({ uri: credentials.uri }, 'using the embedded Neo4j of the running server');
    return db;
  } catch (error) {
    await db.close();
    // Left behind by a server that was killed: its Neo4j went with it, so start our own.
    if (error instanceof DatabaseUnavailableError) return undefined;
    throw new EmbeddedNeo4jError(
      `cannot use the running embedded Neo4j at ${credentials.uri} with the credentials in ${boltFilePath(dataDir)}: ${(error as Error).message}`,
    );
  }
}
