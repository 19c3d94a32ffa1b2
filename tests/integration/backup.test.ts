import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { boltFilePath, removeBoltFile, writeBoltFile } from '../../src/neo4j/bolt-file.js';
import { Database } from '../../src/neo4j/database.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { seedDatabase } from '../../src/seed/run.js';
import { graphFingerprint } from '../support/fingerprint.js';

/**
 * `npm run backup` / `npm run restore` on a throwaway embedded Neo4j seeded with the seed (never the
 * suite's shared one): back up, change the graph, restore, and the graph is the one backed up; and
 * every refusal, with its exact message and exit code.
 */
const log = createLogger('warn');
const cli = path.resolve(import.meta.dirname, '../../dist/src/backup/cli.js');
const memory = { heap: '512m', pagecache: '64m', transactionMemoryMax: '256m' };
let dir: string;
let dataDir: string;
let file: string;
let before: string[];

async function withNeo4j<T>(use: (db: Database, neo4j: EmbeddedNeo4j) => Promise<T>): Promise<T> {
  const neo4j = await startEmbeddedNeo4j({ port: await freePort(), dataDir, log, memory });
  const db = new Database(neo4j.uri, neo4j, { database: undefined, queryTimeoutMs: 60_000, connectTimeoutMs: 30_000 }, log);
  try {
    return await use(db, neo4j);
  } finally {
    await db.close();
    await neo4j.stop();
  }
}

/** The CLI as `npm run backup|restore` runs it, on the throwaway data dir and never an external Neo4j unless `env` says so. */
function run(command: 'backup' | 'restore', args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cli, command, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: '', NEO4J_DATA_DIR: dataDir, ...env },
  });
  return { status: result.status, stderr: result.stderr };
}

/** Name, size and modification time of every store file: equal lists mean nothing was written. */
async function storeFiles(): Promise<string[]> {
  const root = path.join(dataDir, 'data', 'databases', 'neo4j');
  const names = (await readdir(root, { recursive: true })).sort();
  return Promise.all(names.map(async (n) => `${n} ${(await stat(path.join(root, n))).size} ${(await stat(path.join(root, n))).mtimeMs}`));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-backup-'));
  dataDir = path.join(dir, 'neo4j');
  file = path.join(dir, 'backups', 'chainkb.dump');
  before = await withNeo4j(async (db) => {
    await seedDatabase(db, log);
    return graphFingerprint(db);
  });
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run backup and restore', { timeout: 240_000 }, () => {
  it('backs up the stopped data dir to one file, with neo4j-admin output and the size on stderr', () => {
    const { status, stderr } = run('backup', ['--out', file]);
    expect(status, stderr).toBe(0);
    expect(stderr).toMatch(/^backup: neo4j-admin: /m);
    expect(stderr).toMatch(/^backup: done: [1-9]\d* bytes written in \d+\.\d s\n$/m);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('never overwrites a backup unless asked', () => {
    expect(run('backup', ['--out', file])).toEqual({
      status: 1,
      stderr: `backup: ${file} exists: give another file, or --overwrite to replace it\n`,
    });
  });

  it('refuses both while the embedded Neo4j runs; then the graph is changed', async () => {
    const changed = await withNeo4j(async (db, neo4j) => {
      await writeBoltFile(dataDir, { uri: neo4j.uri, username: neo4j.username, password: neo4j.password, pid: neo4j.pid });
      const running = `the embedded Neo4j of ${dataDir} is running (${boltFilePath(dataDir)}, pid ${neo4j.pid}): stop the server first\n`;
      expect(run('backup', ['--out', path.join(dir, 'other.dump')])).toEqual({ status: 1, stderr: `backup: ${running}` });
      expect(run('restore', ['--from', file, '--overwrite'])).toEqual({ status: 1, stderr: `restore: ${running}` });
      await db.write({ cypher: 'MATCH (n:Enterprise {id: "enterprise/zhaobao-magnet"}) DETACH DELETE n' });
      return graphFingerprint(db);
    });
    await removeBoltFile(dataDir);
    expect(changed.length).toBeLessThan(before.length);
  });

  it('refuses to restore over a database without --overwrite, writing nothing', async () => {
    const files = await storeFiles();
    expect(run('restore', ['--from', file])).toEqual({
      status: 1,
      stderr: `restore: ${dataDir} holds a database already: give --overwrite to replace it with ${file}\n`,
    });
    expect(await storeFiles()).toEqual(files);
  });

  it('a file that is not a dump fails even with --overwrite, leaving the database as it was', async () => {
    const files = await storeFiles();
    const bad = path.join(dir, 'not-a-dump');
    await writeFile(bad, 'not a dump');
    const { status, stderr } = run('restore', ['--from', bad, '--overwrite']);
    expect(status).toBe(1);
    expect(stderr.trim().split('\n').at(-1)).toBe(
      "restore: neo4j-admin database load failed (exit 1): Failed to load database 'neo4j': Not a valid Neo4j archive: reading from stdin",
    );
    expect(await storeFiles()).toEqual(files);
    expect(existsSync(path.join(dataDir, 'restore-staging'))).toBe(false);
  });

  it('restores with --overwrite: the graph is the one backed up', async () => {
    const { status, stderr } = run('restore', ['--from', file, '--overwrite']);
    expect(status, stderr).toBe(0);
    expect(stderr).toMatch(/^restore: done: [1-9]\d* bytes read in \d+\.\d s\n$/m);
    expect(await withNeo4j((db) => graphFingerprint(db))).toEqual(before);
  });

  it('a stale bolt.json (its process gone) does not block a backup', async () => {
    await writeBoltFile(dataDir, { uri: 'bolt://127.0.0.1:1', username: 'neo4j', password: 'x', pid: 2 ** 22 + 1 });
    const { status, stderr } = run('backup', ['--out', file, '--overwrite']);
    await removeBoltFile(dataDir);
    expect(status, stderr).toBe(0);
  });

  it('refuses a data dir without a database, a missing backup file, an external Neo4j and bad options', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    await writeFile(path.join(empty, 'note.txt'), 'not a database');
    expect(run('backup', ['--out', path.join(dir, 'x.dump'), '--data-dir', empty])).toEqual({
      status: 1,
      stderr: `backup: ${empty} holds no database: nothing to back up\n`,
    });
    const missing = path.join(dir, 'missing.dump');
    expect(run('restore', ['--from', missing])).toEqual({
      status: 1,
      stderr: `restore: ${missing} does not exist: give a file written by npm run backup\n`,
    });
    const external = { NEO4J_URI: 'bolt://db.example:7687', NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: 'secret' };
    expect(run('backup', ['--out', path.join(dir, 'y.dump')], external)).toEqual({
      status: 2,
      stderr:
        'backup: NEO4J_URI names an external Neo4j: back it up with its operator tools (neo4j-admin database dump on the server, Aura snapshots), ' +
        'or take a portable logical copy with npm run export -- --format json\n',
    });
    expect(run('backup', [])).toEqual({
      status: 2,
      stderr: 'backup: --out FILE is required\nusage: npm run backup -- --out FILE [--overwrite] [--data-dir DIR]\n',
    });
    const unknown = run('restore', ['--from', file, '--force']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /^restore: Unknown option '--force'.*\nusage: npm run restore -- --from FILE \[--overwrite\] \[--data-dir DIR\]\n$/,
    );
  });
});
