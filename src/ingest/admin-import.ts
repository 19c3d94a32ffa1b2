import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { javaExecutable } from '../neo4j/embedded.js';
import { importArguments } from './csv.js';

/**
 * Runs `neo4j-admin database import full` on CSV files from CsvWriter, into the store of an
 * embedded Neo4j's data dir, with the Neo4j jars the embedded launcher already has (its Maven
 * build copies neo4j-import-tool and the admin CLI into neo4j-embedded/target/lib). Offline and
 * far faster than any transactional write: the way to load tens of millions of rows.
 *
 * Only into a data dir without a database: the tool replaces the whole store.
 */
export class AdminImportError extends Error {
  override name = 'AdminImportError';
}

/** Neo4j's jars, with the admin CLI (org.neo4j.cli.AdminTool): also used by backup and restore. */
export const ADMIN_LIB = path.join(projectRoot, 'neo4j-embedded', 'target', 'lib');

export function databaseExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'data', 'databases', 'neo4j'));
}

export async function adminImport(dataDir: string, csvDir: string, onLine: (line: string) => void = () => {}): Promise<void> {
  if (!existsSync(ADMIN_LIB))
    throw new AdminImportError(
      `${ADMIN_LIB} is missing: start the embedded Neo4j once (npm start) so Maven builds the launcher and fetches Neo4j's jars`,
    );
  if (databaseExists(dataDir))
    throw new AdminImportError(
      `${dataDir} holds a database already; neo4j-admin import replaces a whole store, so import into a fresh data dir`,
    );
  await mkdir(dataDir, { recursive: true });
  const args = ['-Xmx2g', '-cp', path.join(ADMIN_LIB, '*'), 'org.neo4j.cli.AdminTool', ...importArguments(csvDir)];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(javaExecutable(), args, {
      env: { ...process.env, NEO4J_HOME: path.resolve(dataDir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('..........'))) {
        onLine(line);
        tail.push(line);
        if (tail.length > 15) tail.shift();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (e) => reject(new AdminImportError(`cannot run Java for neo4j-admin import: ${e.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new AdminImportError(`neo4j-admin import exited with ${code}:\n${tail.join('\n')}`)),
    );
  });
}
