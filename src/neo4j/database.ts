import neo4j, { type Driver, type QueryResult, type RecordShape, type Session, Neo4jError } from 'neo4j-driver';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** A Cypher statement with its parameters: the only way a query reaches the driver. */
export interface CypherQuery {
  cypher: string;
  params?: Record<string, unknown>;
}

/** Raised when Neo4j cannot be reached; resolvers turn it into SERVICE_UNAVAILABLE. */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}
/** Raised when a query ran past NEO4J_QUERY_TIMEOUT_MS. */
export class DatabaseTimeoutError extends Error {
  override name = 'DatabaseTimeoutError';
}

/** Raised when a query needed more memory than Neo4j grants one transaction (or had left). */
export class DatabaseMemoryLimitError extends Error {
  override name = 'DatabaseMemoryLimitError';
}

const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);
/**
 * Neo4j's memory refusals: one transaction past `db.memory.transaction.max`
 * (TransactionOutOfMemoryError), all transactions past `db.memory.transaction.total.max`
 * (MemoryPoolOutOfMemoryError), or the heap itself (OutOfMemoryError).
 */
const MEMORY_CODES =
  /^Neo\.(ClientError|TransientError)\.General\.(TransactionOutOfMemoryError|MemoryPoolOutOfMemoryError|OutOfMemoryError)$/;

function translate(error: unknown): unknown {
  if (error instanceof Neo4jError) {
    // A full connection pool: every connection is busy serving other requests for longer than
    // NEO4J_CONNECT_TIMEOUT_MS. For the client that is the same as the database being unavailable.
    if (UNAVAILABLE_CODES.has(error.code) || /acquisition timed out/i.test(error.message))
      return new DatabaseUnavailableError(error.message);
    if (error.code === 'Neo.ClientError.Transaction.TransactionTimedOut' || error.code.endsWith('TransactionTimedOutClientConfiguration'))
      return new DatabaseTimeoutError(error.message);
    if (MEMORY_CODES.test(error.code)) return new DatabaseMemoryLimitError(error.message);
  }
  return error;
}

/** The transaction a write's work runs in (Database.writeTransaction). */
export interface WriteTransaction {
  run<R extends RecordShape = RecordShape>(query: CypherQuery): Promise<QueryResult<R>>;
}

export interface SharedReadTransaction {
  run<R extends RecordShape = RecordShape>(query: CypherQuery): Promise<QueryResult<R>>;
  /** Commits (a read has nothing to commit, but it ends the transaction cleanly) and closes. */
  close(): Promise<void>;
}

/** Told of each read a GraphQL request runs (RequestRunner), for the HTTP server's metrics. */
export interface QueryObserver {
  query(seconds: number, failed: boolean): void;
  /** A request's read transaction opened (true) or ended (false). */
  transaction(open: boolean): void;
}

export interface ServerInfo {
  version: string;
  edition: string;
  address: string;
}

/**
 * The one module that talks to the driver. Reads go through read transactions and writes
 * through write transactions, so a `neo4j://` cluster routes them to readers and the leader.
 */
export class Database {
  readonly driver: Driver;
  /** Set by the HTTP server; the seed CLI runs without one. */
  observer: QueryObserver | undefined;

  constructor(
    uri: string,
    auth: { username: string; password: string } | undefined,
    private readonly config: Pick<Config, 'database' | 'queryTimeoutMs' | 'connectTimeoutMs'>,
    private readonly log: Logger,
  ) {
    this.driver = neo4j.driver(uri, auth ? neo4j.auth.basic(auth.username, auth.password) : undefined, {
      // Fail fast when Neo4j is down: a client should get SERVICE_UNAVAILABLE in seconds, not hang.
      connectionTimeout: config.connectTimeoutMs,
      connectionAcquisitionTimeout: config.connectTimeoutMs,
      maxTransactionRetryTime: config.connectTimeoutMs,
      disableLosslessIntegers: true,
      userAgent: 'chainkb',
    });
  }

  async read<R extends RecordShape = RecordShape>(query: CypherQuery): Promise<QueryResult<R>> {
    return this.run('READ', query);
  }

  /** `timeoutMs` overrides NEO4J_QUERY_TIMEOUT_MS, for statements known to be slow (schema, index builds). */
  async write<R extends RecordShape = RecordShape>(query: CypherQuery, timeoutMs?: number): Promise<QueryResult<R>> {
    return this.run('WRITE', query, timeoutMs);
  }

  /** Runs several statements in one write transaction: all of them or none. */
  async writeAll(queries: CypherQuery[], onProgress?: (done: number) => void): Promise<QueryResult[]> {
    return this.inSession('WRITE', queries[0]?.cypher ?? '', (session) =>
      session.executeWrite(
        async (tx) => {
          const results: QueryResult[] = [];
          for (const q of queries) {
            results.push(await tx.run(q.cypher, q.params ?? {}));
            onProgress?.(results.length);
          }
          return results;
        },
        { timeout: this.config.queryTimeoutMs * 4 },
      ),
    );
  }

  /**
   * Runs one statement in an auto-commit transaction, the only kind `CALL { … } IN TRANSACTIONS`
   * may run in: for deletes and clean-ups that must commit in slices over one scan (an import's undo).
   */
  async writeAutoCommit(query: CypherQuery, timeoutMs = this.config.queryTimeoutMs): Promise<QueryResult> {
    return this.inSession('WRITE', query.cypher, (session) => session.run(query.cypher, query.params ?? {}, { timeout: timeoutMs }));
  }

  /**
   * Runs `work` in one write transaction: committed if it returns, rolled back if it throws at any
   * point (a check of its own or a statement Neo4j refuses), so a write is whole or not at all.
   * Neo4j's transient failures (a deadlock, a leader switch) run it again from the start.
   */
  async writeTransaction<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.inSession('WRITE', 'write transaction', (session) =>
      session.executeWrite((tx) => work({ run: (q) => tx.run(q.cypher, q.params ?? {}) }), { timeout: this.config.queryTimeoutMs * 4 }),
    );
  }

  /**
   * Opens a read transaction that several queries share, in order: one BEGIN/COMMIT for all of
   * them, and on a cluster one server (so no level reads a replica that lags another's). It is not a
   * snapshot: Neo4j reads are read-committed, so a write committed meanwhile shows in later queries
   * (here data only changes on re-seed). A GraphQL request reads through one (see RequestRunner).
   */
  beginRead(): SharedReadTransaction {
    const session = this.session('READ');
    const tx = session.beginTransaction({ timeout: this.config.queryTimeoutMs });
    return {
      run: async <R extends RecordShape>(query: CypherQuery) => {
        try {
          return await tx.run<R>(query.cypher, query.params ?? {});
        } catch (error) {
          throw translate(error);
        }
      },
      close: async () => {
        try {
          if (tx.isOpen()) await tx.commit();
          await session.close();
        } catch (error) {
          this.log.debug({ err: error }, 'closing a read transaction failed');
        }
      },
    };
  }

  async serverInfo(read: (query: CypherQuery) => Promise<QueryResult> = (q) => this.read(q)): Promise<ServerInfo> {
    const result = await read({
      cypher: 'CALL dbms.components() YIELD name, versions, edition WHERE name = "Neo4j Kernel" RETURN versions[0] AS version, edition',
    });
    const record = result.records[0];
    if (!record) throw new Error('dbms.components() returned no Neo4j Kernel row');
    return { version: record.get('version'), edition: record.get('edition'), address: result.summary.server.address ?? '' };
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private session(mode: 'READ' | 'WRITE') {
    return this.driver.session({
      database: this.config.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
  }

  private run<R extends RecordShape>(
    mode: 'READ' | 'WRITE',
    query: CypherQuery,
    timeoutMs = this.config.queryTimeoutMs,
  ): Promise<QueryResult<R>> {
    const work = (tx: { run: (c: string, p: Record<string, unknown>) => Promise<QueryResult<R>> }) =>
      tx.run(query.cypher, query.params ?? {});
    const options = { timeout: timeoutMs };
    return this.inSession(mode, query.cypher, (session) =>
      mode === 'READ' ? session.executeRead(work, options) : session.executeWrite(work, options),
    );
  }

  /** Opens a session for `work`, translates driver errors (logging the Cypher that failed) and closes it. */
  private async inSession<T>(mode: 'READ' | 'WRITE', cypher: string, work: (session: Session) => Promise<T>): Promise<T> {
    const session = this.session(mode);
    try {
      return await work(session);
    } catch (error) {
      const translated = translate(error);
      if (!(translated instanceof DatabaseUnavailableError)) this.log.debug({ err: error, cypher }, 'cypher failed');
      throw translated;
    } finally {
      await session.close();
    }
  }
}
