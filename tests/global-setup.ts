import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../src/logger.js';
import { Database } from '../src/neo4j/database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/neo4j/embedded.js';
import { applySchema } from '../src/neo4j/schema.js';
import { seedDatabase } from '../src/seed/run.js';
import { freePort } from '../src/neo4j/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

/**
 * One real Neo4j for the whole run: the one NEO4J_URI names, or an embedded one on a free port
 * with a throw-away data directory. The seed is loaded once; test files only read it, and the
 * ones that write clean up after themselves.
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  let embedded: EmbeddedNeo4j | undefined;
  let dataDir: string | undefined;
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-test-neo4j-'));
    embedded = await startEmbeddedNeo4j({ port: await freePort(), dataDir, log });
    uri = embedded.uri;
  }
  const teardown = async () => {
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const db = testDatabase(uri, log);
  try {
    await applySchema(db);
    await seedDatabase(db, log);
  } catch (error) {
    await teardown();
    throw error;
  } finally {
    await db.close();
  }
  project.provide('neo4jUri', uri);
  return teardown;
}

export function testDatabase(uri: string, log = createLogger('warn')): Database {
  const auth = process.env.NEO4J_USERNAME ? { username: process.env.NEO4J_USERNAME, password: process.env.NEO4J_PASSWORD ?? '' } : undefined;
  return new Database(uri, auth, { database: process.env.NEO4J_DATABASE, queryTimeoutMs: 30_000, connectTimeoutMs: 3_000 }, log);
}
