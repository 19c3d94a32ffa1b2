import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../src/logger.js';
import { Database } from '../src/neo4j/database.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../src/neo4j/embedded.js';
import { applySchema } from '../src/neo4j/schema.js';
import { seedDatabase } from '../src/seed/run.js';
import { freePort } from '../src/neo4j/embedded.js';
import { loadConfig } from '../src/config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
    /** Bolt credentials of that Neo4j: the embedded one's generated password, or NEO4J_USERNAME/NEO4J_PASSWORD. */
    neo4jAuth: Neo4jAuth;
  }
}

export interface Neo4jAuth {
  username: string;
  password: string;
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
  let auth: Neo4jAuth = { username: process.env.NEO4J_USERNAME ?? 'neo4j', password: process.env.NEO4J_PASSWORD ?? '' };
  if (!uri) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-test-neo4j-'));
    // NEO4J_EMBEDDED_HEAP/PAGECACHE/TRANSACTION_MEMORY_MAX apply here as they do to `npm start`,
    // so that several runs side by side fit one machine.
    const target = loadConfig({ ...process.env, NEO4J_URI: '' }).neo4j;
    const memory = target.kind === 'embedded' ? target.memory : undefined;
    embedded = await startEmbeddedNeo4j({ port: await freePort(), dataDir, log, memory });
    uri = embedded.uri;
    auth = { username: embedded.username, password: embedded.password };
  }
  const teardown = async () => {
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const db = testDatabase(uri, log, auth);
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
  project.provide('neo4jAuth', auth);
  return teardown;
}

/** A Database on the run's Neo4j; `auth` defaults to the run's credentials (test files only: it injects them). */
export function testDatabase(uri: string, log = createLogger('warn'), auth: Neo4jAuth = inject('neo4jAuth')): Database {
  return new Database(uri, auth, { database: process.env.NEO4J_DATABASE, queryTimeoutMs: 30_000, connectTimeoutMs: 3_000 }, log);
}
