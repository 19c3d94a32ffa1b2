import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';

/** What every resolver gets, built once per request by `createContext`. */
export interface Context {
  db: Database;
  log: Logger;
  requestId: string;
}

export function createContext(db: Database, log: Logger, requestId: string): Context {
  return { db, log: log.child({ requestId }), requestId };
}
