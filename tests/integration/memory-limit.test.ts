import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError } from '../../src/graphql/errors.js';
import { createLogger } from '../../src/logger.js';
import { Database, DatabaseMemoryLimitError } from '../../src/neo4j/database.js';
import { DEFAULT_EMBEDDED_MEMORY } from '../../src/config.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { GraphQLError } from 'graphql';

/**
 * Neo4j's memory refusal reaches the client as MEMORY_LIMIT_EXCEEDED naming what to narrow. On an
 * embedded Neo4j of its own, started with an 8 MB transaction limit (NEO4J_EMBEDDED_TRANSACTION_MEMORY_MAX).
 */
describe('a query past Neo4j\u2019s transaction memory limit', { timeout: 240_000 }, () => {
  let neo4j: EmbeddedNeo4j;
  let db: Database;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-memory-'));
    const memory = { ...DEFAULT_EMBEDDED_MEMORY, heap: '512m', pagecache: '64m', transactionMemoryMax: '8m' };
    neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir, log: createLogger('silent'), memory });
    db = new Database(
      neo4j.uri,
      { username: neo4j.username, password: neo4j.password },
      { database: undefined, queryTimeoutMs: 60_000, connectTimeoutMs: 3_000 },
      createLogger('silent'),
    );
  }, 240_000);
  afterAll(async () => {
    await db?.close();
    await neo4j?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is refused by Neo4j as a DatabaseMemoryLimitError, and answered to clients as MEMORY_LIMIT_EXCEEDED', async () => {
    const refused = await db
      .read({ cypher: 'UNWIND range(1, $n) AS x RETURN size(collect(toString(x))) AS n', params: { n: 2_000_000 } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseMemoryLimitError);
    const wrapped = new GraphQLError('unexpected', { path: ['enterprises'], originalError: refused as Error });
    expect(formatError({ message: 'unexpected', path: ['enterprises'] }, wrapped)).toEqual({
      message:
        'The query needed more memory than the database grants one request; narrow it (smaller first/limit, fewer hops, narrower filters).',
      path: ['enterprises'],
      extensions: { code: 'MEMORY_LIMIT_EXCEEDED' },
    });
    // Within the limit the same statement answers.
    expect(
      (await db.read({ cypher: 'UNWIND range(1, $n) AS x RETURN size(collect(toString(x))) AS n', params: { n: 1000 } })).records[0]?.get(
        'n',
      ),
    ).toBe(1000);
  });
});
