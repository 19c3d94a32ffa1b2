import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { Progress } from '../ingest/progress.js';
import { formatProblem, type SeedProblem } from '../seed/validate.js';
import { applyFile, type Applied, type Outcome, type RowOutcome } from './apply.js';
import { checkFile, type Merge, type Refusal } from './check.js';
import { commitImport, startImport } from './cypher.js';
import { addMissingKeys } from './keys.js';
import { formatOf, ImportFileError, type Format } from './read.js';
import { activeImports, cleanUp, recoverImports, rollBack, type Recovered } from './undo.js';

/**
 * One file's import, all or nothing: recover what dead imports left, check the whole file (nothing
 * written if any row is wrong), mark the import (`:Import {id, status: 'writing'}`), write, mark it
 * committed. A failure while writing — a database error, an interruption — undoes everything the
 * import wrote before returning; a kill leaves the marker, and the next import, `--recover` or
 * server start undoes it (src/import/undo.ts).
 */
export interface ImportOptions {
  dryRun?: boolean;
  /** By the file's extension when not given. */
  format?: Format;
  /** The file's name in messages (an upload's temp file has none of its own). */
  label?: string;
  /** A progress line on stderr while writing (default false). */
  progress?: boolean;
  onRow?: (row: RowOutcome) => void;
  signal?: AbortSignal;
  batchSize?: number;
  concurrency?: number;
  log?: Logger;
}

export type ImportStatus = 'imported' | 'dry run' | 'invalid' | 'failed';

export interface ImportReport {
  file: string;
  format: Format | undefined;
  status: ImportStatus;
  dryRun: boolean;
  /** The id tagging everything this import wrote (none for a dry run or an invalid file). */
  importId: string | undefined;
  rows: number;
  entities: Outcome;
  statistics: Outcome;
  relations: Outcome;
  merged: Merge[];
  refused: Refusal[];
  /** Every bad row: `file: line 3 (id) field name: reason`. */
  problems: string[];
  /** Unfinished imports found and finished before this one. */
  recovered: Recovered[];
  /** Why a valid file was not imported (its writes were undone). */
  error?: string;
  seconds: number;
  rowsPerSecond: number;
}

const zero = (): Outcome => ({ created: 0, changed: 0, unchanged: 0 });

export function newImportId(): string {
  return `import-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(4).toString('hex')}`;
}

export async function importFile(db: Database, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const label = options.label ?? file;
  const dryRun = options.dryRun ?? false;
  const format = options.format ?? formatOf(file);
  const report: ImportReport = {
    file: label,
    format,
    status: 'invalid',
    dryRun,
    importId: undefined,
    rows: 0,
    entities: zero(),
    statistics: zero(),
    relations: zero(),
    merged: [],
    refused: [],
    problems: [],
    recovered: [],
    seconds: 0,
    rowsPerSecond: 0,
  };
  const finish = () => {
    report.seconds = (Date.now() - started) / 1000;
    report.rowsPerSecond = report.seconds > 0 ? Math.round(report.rows / report.seconds) : 0;
    return report;
  };
  if (!format) {
    report.problems.push(`${label}: cannot tell the format from the name: use .json, .ndjson (.jsonl) or .csv, or give the format`);
    return finish();
  }
  if (!dryRun) {
    report.recovered = await recoverImports(db, options.log);
    await addMissingKeys(db);
  }
  let checked;
  const say = (line: string) => void (options.progress && process.stderr.write(`${line}\n`));
  try {
    say(`import: checking ${label}${dryRun ? ' (dry run)' : ''}`);
    checked = await checkFile(db, file, format, label);
    say(`import: checked ${checked.rows.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    report.problems.push(`${label}: ${error.message}`);
    return finish();
  }
  report.rows = checked.rows;
  report.merged = [...checked.merges.values()];
  report.refused = checked.refused;
  report.problems = inRowOrder(checked.problems).map(formatProblem);
  if (report.problems.length > 0) return finish();
  if (checked.rows === 0) {
    report.problems.push(`${label}: no rows; expected entities, relations or statistics (see README, Importing)`);
    return finish();
  }
  const importId = dryRun ? 'dry-run' : newImportId();
  report.importId = dryRun ? undefined : importId;
  const progress = options.progress ? new Progress({ label: dryRun ? 'import (dry run)' : 'import', total: checked.rows }) : undefined;
  const applyOptions = {
    importId,
    dryRun,
    progress,
    onRow: options.onRow,
    signal: options.signal,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
  };
  if (dryRun) {
    Object.assign(report, await applyFile(db, file, format, label, checked, applyOptions));
    progress?.finish();
    report.status = 'dry run';
    return finish();
  }
  await write(db, file, format, label, checked, applyOptions, report);
  progress?.finish();
  return finish();
}

async function write(
  db: Database,
  file: string,
  format: Format,
  label: string,
  checked: Awaited<ReturnType<typeof checkFile>>,
  applyOptions: Parameters<typeof applyFile>[5],
  report: ImportReport,
): Promise<void> {
  const importId = applyOptions.importId;
  activeImports.add(importId);
  try {
    await db.write(startImport({ id: importId, file: path.resolve(file), pid: process.pid, host: os.hostname() }));
    let applied: Applied;
    try {
      applied = await applyFile(db, file, format, label, checked, applyOptions);
      await db.write(commitImport(importId, JSON.stringify(applied)));
    } catch (error) {
      await rollBack(db, importId);
      report.status = 'failed';
      report.error = `${(error as Error).message}; everything this import wrote was undone`;
      return;
    }
    Object.assign(report, applied);
    report.status = 'imported';
    await cleanUp(db, importId, {
      nodes: applied.entities.changed + applied.statistics.changed > 0,
      relations: applied.relations.changed > 0,
    });
  } finally {
    activeImports.delete(importId);
  }
}

/** Problems by row (references are settled at the end of the file, so they come last otherwise). */
function inRowOrder(problems: SeedProblem[]): SeedProblem[] {
  const position = (p: SeedProblem) => {
    const m = /^(\w*)\[?(?:line )?(\d+)/.exec(p.entry);
    return m ? { section: m[1] ?? '', n: Number(m[2]) } : { section: '', n: -1 };
  };
  return problems
    .map((p, i) => ({ p, i, at: position(p) }))
    .sort((a, b) => a.at.section.localeCompare(b.at.section) || a.at.n - b.at.n || a.i - b.i)
    .map((x) => x.p);
}

const fmt = (n: number) => n.toLocaleString('en-US');
const outcome = (o: Outcome) => `${fmt(o.created)} created, ${fmt(o.changed)} changed, ${fmt(o.unchanged)} unchanged`;

/** The report for people: what happened, per section; merges and refusals one per line. */
export function reportLines(r: ImportReport): string[] {
  const lines: string[] = [];
  for (const x of r.recovered) lines.push(`import: ${x.action} the unfinished import ${x.id} of ${x.file}`);
  const verb = r.status === 'dry run' ? 'would import' : r.status === 'imported' ? 'imported' : 'did not import';
  lines.push(`import: ${verb} ${r.file} (${fmt(r.rows)} rows${r.importId ? `, import id ${r.importId}` : ''})`);
  if (r.status === 'imported' || r.status === 'dry run') {
    lines.push(`  entities: ${outcome(r.entities)}`, `  statistics: ${outcome(r.statistics)}`, `  relations: ${outcome(r.relations)}`);
    lines.push(`  merged: ${r.merged.length}`);
    for (const m of r.merged)
      lines.push(`    ${m.where}: ${m.incoming} into ${m.into} (same name or alias${m.inFile ? ` as ${m.inFile}` : ''}: ${m.matchedOn})`);
    lines.push(`  time: ${r.seconds.toFixed(1)} s, ${fmt(r.rowsPerSecond)} rows/s`);
  }
  if (r.refused.length > 0) lines.push(`  refused (ambiguous): ${r.refused.length}`);
  return lines;
}
