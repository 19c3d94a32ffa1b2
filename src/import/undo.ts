import { isProcessAlive } from '../process-alive.js';
import os from 'node:os';
import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import {
  changedNodes,
  changedRelations,
  deleteCreatedNodes,
  deleteCreatedRelations,
  deleteMarker,
  dropNodeUndo,
  dropRelationUndo,
  markCleaned,
  markRollingBack,
  restoreNodes,
  restoreRelations,
  unfinishedImports,
} from './cypher.js';

/**
 * Undoing an import, and finding the ones a dead process left. Everything an import writes carries
 * its id (`importId`); what it changed also carries the previous values (`importUndo`, JSON), so
 * undo deletes what has no `importUndo` (created) and restores the rest, then deletes the
 * `:Import` marker: the graph is as before, to the property. Each step commits in slices and can
 * be repeated, so an undo that is itself killed is finished by the next recovery.
 */
const UNDO_TIMEOUT_MS = 3_600_000;
const RESTORE_BATCH = 10_000;
/** A writing import whose process is gone, or (on another host) silent this long, is dead. */
const SILENT_MS = 120_000;

/** Imports this process is writing now (the HTTP server may run several requests' imports). */
export const activeImports = new Set<string>();

export class ImportBusyError extends Error {
  override name = 'ImportBusyError';
}

export async function rollBack(db: Database, importId: string): Promise<void> {
  await db.write(markRollingBack(importId));
  await db.writeAutoCommit(deleteCreatedRelations(importId), UNDO_TIMEOUT_MS);
  await restore(db, (limit) => changedRelations(importId, limit), restoreRelations);
  await db.writeAutoCommit(deleteCreatedNodes(importId), UNDO_TIMEOUT_MS);
  await restore(db, (limit) => changedNodes(importId, limit), restoreNodes);
  await db.write(deleteMarker(importId));
}

type Restore = (rows: { key: string; props: Record<string, unknown> }[]) => { cypher: string; params?: Record<string, unknown> };

/** Restored rows lose their importUndo, so each round reads the next ones. */
async function restore(db: Database, read: (limit: number) => ReturnType<typeof changedNodes>, write: Restore): Promise<void> {
  for (;;) {
    const result = await db.read(read(RESTORE_BATCH));
    if (result.records.length === 0) return;
    const rows = result.records.map((r) => ({
      key: r.get('key') as string,
      props: JSON.parse(r.get('undo') as string) as Record<string, unknown>,
    }));
    await db.write(write(rows), UNDO_TIMEOUT_MS);
  }
}

/** After the commit marker: drop the undo data (only when the import changed something, since each drop scans). */
export async function cleanUp(db: Database, importId: string, changed: { nodes: boolean; relations: boolean }): Promise<void> {
  if (changed.nodes) await db.writeAutoCommit(dropNodeUndo(importId), UNDO_TIMEOUT_MS);
  if (changed.relations) await db.writeAutoCommit(dropRelationUndo(importId), UNDO_TIMEOUT_MS);
  await db.write(markCleaned(importId));
}

export interface Recovered {
  id: string;
  file: string;
  action: 'rolled back' | 'cleaned up';
}

/**
 * Finishes what dead imports left: one being written is rolled back, one committed has its undo
 * data dropped. An import another live process is writing is not touched: ImportBusyError, since
 * two imports at once could resolve against each other's half-written rows.
 */
export async function recoverImports(db: Database, log?: Logger): Promise<Recovered[]> {
  const recovered: Recovered[] = [];
  for (const r of (await db.read(unfinishedImports())).records) {
    const [id, file, status] = [r.get('id') as string, r.get('file') as string, r.get('status') as string];
    if (status === 'committed') {
      await cleanUp(db, id, { nodes: true, relations: true });
      recovered.push({ id, file, action: 'cleaned up' });
      continue;
    }
    const pid = Number(r.get('pid'));
    const local = r.get('host') === os.hostname();
    const running = activeImports.has(id) || (pid !== process.pid && (local ? isProcessAlive(pid) : Number(r.get('silentMs')) < SILENT_MS));
    if (running)
      throw new ImportBusyError(
        `import ${id} of ${file} is being written by process ${pid} on ${String(r.get('host'))}; wait for it to finish`,
      );
    log?.warn({ importId: id, file }, 'import: rolling back an import that did not finish');
    await rollBack(db, id);
    recovered.push({ id, file, action: 'rolled back' });
  }
  return recovered;
}
