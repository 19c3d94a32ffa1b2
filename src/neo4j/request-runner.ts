import { performance } from 'node:perf_hooks';
import type { QueryResult, RecordShape } from 'neo4j-driver';
import type { CypherQuery, Database, ServerInfo, SharedReadTransaction } from './database.js';

/**
 * The per-request door to the database. Every read a request makes goes through one read
 * transaction opened on first use, so all levels of a nested query read from the same server and
 * pay for one BEGIN/COMMIT; and the number of Cypher queries a request sent can be reported (and
 * tested: no N+1).
 */
export class RequestRunner {
  queryCount = 0;
  private transaction: SharedReadTransaction | undefined;

  constructor(private readonly db: Database) {}

  /** The first failure of this request's transaction: later reads report it instead of a driver error. */
  private failure: unknown;

  async read<R extends RecordShape = RecordShape>(query: CypherQuery): Promise<QueryResult<R>> {
    this.queryCount += 1;
    if (this.failure) throw this.failure;
    this.transaction ??= this.begin();
    const started = performance.now();
    try {
      const result = await this.transaction.run<R>(query);
      this.db.observer?.query((performance.now() - started) / 1000, false);
      return result;
    } catch (error) {
      this.db.observer?.query((performance.now() - started) / 1000, true);
      this.failure ??= error;
      throw this.failure;
    }
  }

  private begin(): SharedReadTransaction {
    const transaction = this.db.beginRead();
    this.db.observer?.transaction(true);
    return transaction;
  }

  serverInfo(): Promise<ServerInfo> {
    return this.db.serverInfo((query) => this.read(query));
  }

  /** Ends the request's transaction; called once the response is ready. */
  async close(): Promise<void> {
    const transaction = this.transaction;
    this.transaction = undefined;
    if (!transaction) return;
    await transaction.close();
    this.db.observer?.transaction(false);
  }
}
