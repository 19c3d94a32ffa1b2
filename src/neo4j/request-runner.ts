import type { QueryResult, RecordShape } from 'neo4j-driver';
import type { CypherQuery, Database, ServerInfo } from './database.js';

/**
 * The per-request door to the database: every read a request makes goes through here, so the
 * number of Cypher queries a request sent can be reported (and tested: no N+1).
 */
export class RequestRunner {
  queryCount = 0;

  constructor(private readonly db: Database) {}

  read<R extends RecordShape = RecordShape>(query: CypherQuery): Promise<QueryResult<R>> {
    this.queryCount += 1;
    return this.db.read<R>(query);
  }

  serverInfo(): Promise<ServerInfo> {
    this.queryCount += 1;
    return this.db.serverInfo();
  }
}
