import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIntoDatabase, type GenerateOptions } from '../../src/generate/run.js';
import { createLogger } from '../../src/logger.js';
import { ENTITY_KIND_NAMES } from '../../src/model/entity-kinds.js';
import { RELATION_TYPE_NAMES } from '../../src/model/relation-types.js';
import { Database } from '../../src/neo4j/database.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { DEFAULT_SEED_DIR, validSeed } from '../../src/seed/run.js';

/**
 * The generator into its own throwaway embedded Neo4j (never the suite's shared one, which other
 * files read as the seed): every kind and type, evidence on every relation, skewed degrees, and a
 * run stopped part-way — with the batch in flight committed but not recorded, as after a kill —
 * resumes to exactly the counts of an uninterrupted run.
 *
 * 2,000 entities, not the 10k smoke: on the shared 2-core machine the bulk writer manages
 * a few thousand rows per second while the rest of the suite runs, so 10k (35k rows) twice would
 * take most of a minute; 2,000 (~7k rows) keeps the file well under one.
 */
const log = createLogger('warn');
const ENTITIES = 2000;
let neo4j: EmbeddedNeo4j;
let db: Database;
let dir: string;
let options: Omit<GenerateOptions, 'checkpointFile'>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-generate-'));
  neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir: path.join(dir, 'neo4j'), log });
  db = new Database(neo4j.uri, neo4j, { database: undefined, queryTimeoutMs: 120_000, connectTimeoutMs: 30_000 }, log);
  options = { entities: ENTITIES, seed: 7, seedData: await validSeed(DEFAULT_SEED_DIR), batchSize: 500, progress: false };
});

afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
  await rm(dir, { recursive: true, force: true });
});

const countsBy = async (cypher: string) =>
  Object.fromEntries(
    (await db.read({ cypher })).records
      .map((r) => [r.get('name') as string, Number(r.get('count'))])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
const nodeCounts = () => countsBy('MATCH (n:Entity) RETURN [l IN labels(n) WHERE l <> "Entity"][0] AS name, count(n) AS count');
const relationCounts = () => countsBy('MATCH ()-[r]->() RETURN type(r) AS name, count(r) AS count');
const sample = async () =>
  (
    await db.read({ cypher: 'MATCH (n:Enterprise) WHERE n.id CONTAINS "-g" RETURN n.id AS id, n.name AS name ORDER BY n.id LIMIT 5' })
  ).records.map((r) => `${r.get('id')} ${r.get('name')}`);

describe('npm run generate into a throwaway Neo4j', { timeout: 240_000 }, () => {
  let uninterrupted: { nodes: Record<string, number>; relations: Record<string, number>; sample: string[] };

  it('writes every kind and relation type, evidence on every relation, with skewed degrees', async () => {
    const report = await generateIntoDatabase(db, log, { ...options, checkpointFile: path.join(dir, 'a.json') });
    expect(report.write?.stopped).toBe(false);
    uninterrupted = { nodes: await nodeCounts(), relations: await relationCounts(), sample: await sample() };
    expect(Object.keys(uninterrupted.nodes).sort()).toEqual([...ENTITY_KIND_NAMES].sort());
    expect(Object.keys(uninterrupted.relations).sort()).toEqual([...RELATION_TYPE_NAMES].sort());
    const seeded = (await db.read({ cypher: 'MATCH (n:Entity) WHERE n.seeded RETURN count(n) AS c' })).records[0]!.get('c');
    expect(Object.values(uninterrupted.nodes).reduce((a, b) => a + b, 0)).toBe(ENTITIES + Number(seeded));
    const withoutEvidence = await db.read({
      cypher:
        'MATCH ()-[r]->() WHERE size(coalesce(r.evidenceSources, [])) = 0 OR size(r.evidenceQuotes) <> size(r.evidenceSources) RETURN count(r) AS c',
    });
    expect(withoutEvidence.records[0]!.get('c')).toBe(0);
    const hub = await db.read({ cypher: 'MATCH (n:Entity) RETURN n.id AS id, COUNT { (n)--() } AS degree ORDER BY degree DESC LIMIT 1' });
    const relations = Object.values(uninterrupted.relations).reduce((a, b) => a + b, 0);
    expect(Number(hub.records[0]!.get('degree'))).toBeGreaterThan(0.05 * relations);
  });

  it('resumes an interrupted run to exactly the same data, without duplicates', async () => {
    await db.write({ cypher: 'MATCH (n) DETACH DELETE n' });
    const checkpointFile = path.join(dir, 'b.json');
    const stopped = await generateIntoDatabase(db, log, { ...options, checkpointFile, stopAfterBatches: 6 });
    expect(stopped.write).toMatchObject({ stopped: true, batchesWritten: 6 });
    // As if killed between a commit and the checkpoint's update: the last batch is in the database but not in the file.
    const state = JSON.parse(await readFile(checkpointFile, 'utf8')) as { through: number; extra: number[] };
    await writeFile(checkpointFile, JSON.stringify({ ...state, through: state.through - 1, extra: [] }));
    const resumed = await generateIntoDatabase(db, log, { ...options, checkpointFile });
    expect(resumed.write?.batchesSkipped).toBeGreaterThanOrEqual(6);
    expect({ nodes: await nodeCounts(), relations: await relationCounts(), sample: await sample() }).toEqual(uninterrupted);
    const duplicates = await db.read({ cypher: 'MATCH ()-[r]->() WITH r.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS c' });
    expect(duplicates.records[0]!.get('c')).toBe(0);
    const again = await generateIntoDatabase(db, log, { ...options, checkpointFile });
    expect(again.alreadyComplete).toBe(true);
  });
});

describe('npm run generate command line', () => {
  const cli = path.resolve(import.meta.dirname, '../../dist/src/generate/cli.js');

  it('writes the neo4j-admin CSV files without a database, and names a bad option (exit 2)', async () => {
    const out = path.join(dir, 'csv');
    const ok = spawnSync(process.execPath, [cli, '--entities', '300', '--csv', out, '--csv-only'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/generated 300 entities and [\d,]+ relations/);
    const files = await readdir(out);
    expect(files).toContain('nodes-header.csv');
    expect(files).toContain('relationships-data-MEASURES.csv');
    const bad = spawnSync(process.execPath, [cli, '--entities', 'many'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--entities must be a whole number');
  });
});
