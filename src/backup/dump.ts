import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AdminToolError, databaseExists, runAdminTool } from '../neo4j/admin-tool.js';
import { boltFilePath, readBoltFile } from '../neo4j/bolt-file.js';
import { isProcessAlive } from '../process-alive.js';

/**
 * Backup and restore of the embedded Neo4j's data dir with neo4j-admin's own `database dump` and
 * `database load`: offline (the store must not be open), so the file is consistent, and one file
 * holding the whole `neo4j` database — seed, written data, imports and history alike. Run with the
 * jars the embedded launcher already has (`runAdminTool`).
 *
 * Every refusal is a BackupRefusedError whose message is one line naming the problem.
 */
export class BackupRefusedError extends Error {
  override name = 'BackupRefusedError';
}

export class BackupFailedError extends Error {
  override name = 'BackupFailedError';
}

/** The one database chainkb uses; `system` holds only the per-start password, which the server sets again. */
const DATABASE = 'neo4j';

export interface DumpOptions {
  dataDir: string;
  file: string;
  overwrite: boolean;
  /** neo4j-admin's output, condensed to its non-empty lines. */
  onLine?: (line: string) => void;
}

export interface DumpResult {
  bytes: number;
  ms: number;
}

export async function backup({ dataDir, file, overwrite, onLine = () => {} }: DumpOptions): Promise<DumpResult> {
  await assertOffline(dataDir);
  if (!databaseExists(dataDir)) throw new BackupRefusedError(`${dataDir} holds no database: nothing to back up`);
  if (existsSync(file) && !overwrite) throw new BackupRefusedError(`${file} exists: give another file, or --overwrite to replace it`);
  await mkdir(path.dirname(file), { recursive: true });
  // Written aside and renamed, so a failed dump never leaves half a file under the name (or replaces a good one).
  const partial = `${file}.partial`;
  const started = Date.now();
  try {
    await adminTool({ dataDir, args: ['database', 'dump', DATABASE, '--to-stdout'], onLine, stdout: createWriteStream(partial) });
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return { bytes: (await stat(file)).size, ms: Date.now() - started };
}

export async function restore({ dataDir, file, overwrite, onLine = () => {} }: DumpOptions): Promise<DumpResult> {
  if (!existsSync(file)) throw new BackupRefusedError(`${file} does not exist: give a file written by npm run backup`);
  await assertOffline(dataDir);
  if (databaseExists(dataDir) && !overwrite)
    throw new BackupRefusedError(`${dataDir} holds a database already: give --overwrite to replace it with ${file}`);
  // Loaded aside and moved in only when complete: neo4j-admin's own --overwrite-destination deletes
  // the database before it finds out that a file is truncated or not a dump at all.
  const staging = path.join(dataDir, 'restore-staging');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const started = Date.now();
  try {
    await adminTool({ dataDir: staging, args: ['database', 'load', DATABASE, '--from-stdin'], onLine, stdin: createReadStream(file) });
    await moveStoreIn(staging, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { bytes: (await stat(file)).size, ms: Date.now() - started };
}

/** The store and transaction logs of `neo4j` (the two folders a dump holds) from `from` into `to`, replacing its own. */
async function moveStoreIn(from: string, to: string): Promise<void> {
  for (const folder of ['databases', 'transactions']) {
    const target = path.join(to, 'data', folder, DATABASE);
    await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(path.join(from, 'data', folder, DATABASE), target);
  }
}

/**
 * A running server holds the store open (neo4j-admin would refuse too, with a lock error less
 * clear than this). A bolt.json whose process is gone was left by a killed server: no refusal.
 */
async function assertOffline(dataDir: string): Promise<void> {
  const credentials = await readBoltFile(dataDir);
  if (credentials && (credentials.pid === undefined || isProcessAlive(credentials.pid)))
    throw new BackupRefusedError(
      `the embedded Neo4j of ${dataDir} is running (${boltFilePath(dataDir)}${credentials.pid === undefined ? '' : `, pid ${credentials.pid}`}): stop the server first`,
    );
}

/** neo4j-admin's failures as this module's: what the backup CLI reports as a failure (exit 1). */
async function adminTool(run: Omit<Parameters<typeof runAdminTool>[0], 'heap'>): Promise<void> {
  try {
    await runAdminTool({ ...run, heap: '512m' });
  } catch (e) {
    throw e instanceof AdminToolError ? new BackupFailedError(e.message) : e;
  }
}
