import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EmbeddedNeo4jError } from './embedded.js';

/**
 * `<dataDir>/bolt.json`: how other local tools (`npm run seed`) reach the embedded Neo4j that a
 * running server owns. Its password is random per server start and exists nowhere else, so the
 * file is the documented way in; mode 0600 keeps it to the user who runs the server. Written on
 * every (re)start, removed on stop; a file left by a killed server names a Neo4j that is gone, which
 * readers find out by trying to connect.
 */
export interface BoltCredentials {
  uri: string;
  username: string;
  password: string;
  /** Of the embedded Neo4j's Java process: lets offline tools (backup, restore) tell a live instance from a stale file. */
  pid?: number;
}

export const BOLT_FILE = 'bolt.json';

export function boltFilePath(dataDir: string): string {
  return path.join(dataDir, BOLT_FILE);
}

export async function writeBoltFile(dataDir: string, credentials: BoltCredentials): Promise<void> {
  const file = boltFilePath(dataDir);
  const partial = `${file}.${process.pid}.tmp`;
  // Written aside and renamed, so a reader never sees half a file; chmod because `mode` only
  // applies when writeFile creates the file.
  await writeFile(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(partial, 0o600);
  await rename(partial, file);
}

export async function readBoltFile(dataDir: string): Promise<BoltCredentials | undefined> {
  const file = boltFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EmbeddedNeo4jError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = parseCredentials(text);
  if (!parsed) throw new EmbeddedNeo4jError(`${file} is not a Bolt credentials file (expected JSON with uri, username and password)`);
  return parsed;
}

function parseCredentials(text: string): BoltCredentials | undefined {
  try {
    const { uri, username, password, pid } = JSON.parse(text) as Partial<BoltCredentials>;
    if (typeof uri !== 'string' || typeof username !== 'string' || typeof password !== 'string') return undefined;
    return Number.isInteger(pid) ? { uri, username, password, pid } : { uri, username, password };
  } catch {
    return undefined;
  }
}

export async function removeBoltFile(dataDir: string): Promise<void> {
  await rm(boltFilePath(dataDir), { force: true });
}
