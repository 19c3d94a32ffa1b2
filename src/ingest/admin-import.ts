import { mkdir } from 'node:fs/promises';
import { AdminToolError, databaseExists, runAdminTool } from '../neo4j/admin-tool.js';
import { importArguments } from './csv.js';

/**
 * Runs `neo4j-admin database import full` on CSV files from CsvWriter, into the store of an
 * embedded Neo4j's data dir (see src/neo4j/admin-tool.ts). Offline and far faster than any
 * transactional write: the way to load tens of millions of rows.
 *
 * Only into a data dir without a database: the tool replaces the whole store.
 */
export async function adminImport(dataDir: string, csvDir: string, onLine: (line: string) => void = () => {}): Promise<void> {
  if (databaseExists(dataDir))
    throw new AdminToolError(
      `${dataDir} holds a database already; neo4j-admin import replaces a whole store, so import into a fresh data dir`,
    );
  await mkdir(dataDir, { recursive: true });
  await runAdminTool({ dataDir, args: importArguments(csvDir), heap: '2g', onLine });
}
