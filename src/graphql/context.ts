import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { RequestRunner } from '../neo4j/request-runner.js';
import { createLoaders, type Loaders } from '../loaders/index.js';
import type { Identity } from '../auth/authorize.js';

/** What every resolver gets, built once per request by `createContext`. */
export interface Context {
  db: Database;
  /** Every read of this request goes through it; it counts the Cypher queries sent. */
  runner: RequestRunner;
  loaders: Loaders;
  log: Logger;
  requestId: string;
  /** Whether root fields read their nested relation pages ahead (see lookahead.ts); on unless the client turns it off. */
  readAhead: boolean;
  /** The operation's cost (graphql/cost.ts), once the cost-limit plugin has counted it. */
  cost?: number;
  /** Who sent the request, from its API key (auth/authorize.ts); anonymous without one. */
  identity: Identity;
}

export function createContext(
  db: Database,
  log: Logger,
  requestId: string,
  readAhead = true,
  identity: Identity = { kind: 'anonymous' },
): Context {
  const runner = new RequestRunner(db);
  return { db, runner, loaders: createLoaders(runner), log: log.child({ requestId }), requestId, readAhead, identity };
}
