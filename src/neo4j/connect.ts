import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { Database } from './database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from './embedded.js';

/** The database the configuration asks for: external via NEO4J_URI, or the embedded one we start. */
export interface Connection {
  db: Database;
  embedded: EmbeddedNeo4j | undefined;
  close(): Promise<void>;
}

export async function connect(config: Config, log: Logger): Promise<Connection> {
  const target = config.neo4j;
  const embedded = target.kind === 'embedded' ? await startEmbeddedNeo4j({ port: target.port, dataDir: target.dataDir, log }) : undefined;
  const db =
    target.kind === 'external'
      ? new Database(target.uri, { username: target.username, password: target.password }, config, log)
      : new Database(embedded!.uri, undefined, config, log);
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
