import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { ADMIN_LIB, databaseExists } from '../ingest/admin-import.js';
import { boltFilePath, readBoltFile } from '../neo4j/bolt-file.js';
import { javaExecutable } from '../neo4j/embedded.js';
import { isProcessAlive } from '../process-alive.js';

/**
 * Backup and restore of the embedded Neo4j's data dir with neo4j-admin's own `database dump` and
 * `database load`: offline (the store must not be open), so the file is consistent, and one file
 * holding the whole `neo4j` database — seed, written data, imports and history alike. Run with the
 * jars the embedded launcher already has and NEO4J_HOME = the data dir, as `adminImport` does.
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
    await runAdminTool(dataDir, ['database', 'dump', DATABASE, '--to-stdout'], onLine, { stdout: createWriteStream(partial) });
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
    await runAdminTool(staging, ['database', 'load', DATABASE, '--from-stdin'], onLine, { stdin: createReadStream(file) });
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

async function runAdminTool(
  dataDir: string,
  args: string[],
  onLine: (line: string) => void,
  streams: { stdin?: Readable; stdout?: Writable },
): Promise<void> {
  if (!existsSync(ADMIN_LIB))
    throw new BackupFailedError(`${ADMIN_LIB} is missing: start the embedded Neo4j once (npm start) so Maven fetches Neo4j's jars`);
  const child = spawn(javaExecutable(), ['-Xmx512m', '-cp', path.join(ADMIN_LIB, '*'), 'org.neo4j.cli.AdminTool', ...args], {
    env: { ...process.env, NEO4J_HOME: path.resolve(dataDir) },
    stdio: [streams.stdin ? 'pipe' : 'ignore', streams.stdout ? 'pipe' : 'inherit', 'pipe'],
  });
  const condense = condenser();
  let failure: string | undefined;
  readline.createInterface({ input: child.stderr! }).on('line', (raw) => {
    const line = condense(raw);
    if (line === undefined) return;
    onLine(line);
    if (!failure && /fail|error|exception|not a valid/i.test(line)) failure = line;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new BackupFailedError(`cannot run Java for neo4j-admin: ${e.message}`)));
    child.on('exit', (code) => resolve(code));
  });
  // A copy that breaks because neo4j-admin exited early is reported by its exit code and output, the clearer of the two.
  let copyError: Error | undefined;
  const copies = [streams.stdin && pipeline(streams.stdin, child.stdin!), streams.stdout && pipeline(child.stdout!, streams.stdout)].map(
    (copy) => copy?.catch((e: Error) => void (copyError ??= e)),
  );
  const [code] = await Promise.all([exited, ...copies]);
  const command = `neo4j-admin ${args.slice(0, 2).join(' ')}`;
  if (code !== 0) throw new BackupFailedError(`${command} failed (exit ${code})${failure ? `: ${failure}` : ''}`);
  if (copyError) throw new BackupFailedError(`${command}: copying the dump failed: ${copyError.message}`);
}

/**
 * neo4j-admin's stderr, shortened: log lines without their timestamp and logger, a progress line
 * ("Files: 3/36, data: 10.3%") per 10 % instead of per percent, repeated lines once.
 */
function condenser(): (line: string) => string | undefined {
  let last: string | undefined;
  let decile = -1;
  return (raw) => {
    const line = raw.replace(/^\S+ \S+\+\d{4} +[A-Z]+ +\[[^\]]+\] /, '').trim();
    if (!line || line === last) return undefined;
    last = line;
    const progress = /^Files: .*data: +([\d.]+)%/.exec(line);
    if (progress) {
      const reached = Math.floor(Number(progress[1]) / 10);
      if (reached === decile) return undefined;
      decile = reached;
    }
    return line;
  };
}
