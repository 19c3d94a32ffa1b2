import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Database } from '../../src/neo4j/database.js';
import { freePort, startEmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { applySchema } from '../../src/neo4j/schema.js';
import { seedDatabase } from '../../src/seed/run.js';
import { testDatabase } from '../global-setup.js';

/**
 * A seeded Neo4j of a test file's own, for tests that change seeded data (the other files read the
 * shared one meanwhile, and compare it before and after). Sized by NEO4J_EMBEDDED_HEAP/PAGECACHE like the shared one.
 */
export async function scratchNeo4j(prefix: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `chainkb-${prefix}-neo4j-`));
  const target = loadConfig({ ...process.env, NEO4J_URI: '' }).neo4j;
  const memory = target.kind === 'embedded' ? target.memory : undefined;
  const neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir: dir, log: createLogger('silent'), memory });
  const auth = { username: neo4j.username, password: neo4j.password };
  const db: Database = testDatabase(neo4j.uri, createLogger('warn'), auth);
  await applySchema(db);
  await seedDatabase(db, createLogger('silent'));
  return {
    db,
    target: { kind: 'external' as const, uri: neo4j.uri, ...auth },
    async stop() {
      await db.close();
      await neo4j.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
