import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { connect } from '../neo4j/connect.js';
import { applySchema } from '../neo4j/schema.js';
import { parseImportArgs, UsageError, USAGE } from './cli-options.js';
import { importFile, reportLines, type ImportReport } from './run.js';
import { ImportBusyError, recoverImports } from './undo.js';

/**
 * `npm run import -- FILE… [--dry-run]`: each file checked whole, then written all or nothing, into
 * the configured Neo4j (a running server's embedded one through its bolt.json, as `npm run seed`).
 * SIGINT/SIGTERM stop the import and undo what it wrote; a SIGKILL leaves that to the next run.
 * Exit codes: 0 every file imported (or dry run clean); 1 a file invalid or not imported, or a
 * database failure; 2 bad command line or configuration.
 */
async function main(): Promise<number> {
  const args = parseImportArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  for (const f of args.files) if (!existsSync(f)) throw new UsageError(`no such file: ${f}`);
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const connection = await connect(config, log, { attachToRunning: true });
  const stop = new AbortController();
  const interrupt = () => {
    if (stop.signal.aborted) process.exit(130);
    console.error('import: interrupted; undoing what this import wrote (again to quit at once)');
    stop.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    await applySchema(connection.db);
    if (args.recover) {
      const recovered = await recoverImports(connection.db, log);
      for (const r of recovered) console.log(`import: ${r.action} the unfinished import ${r.id} of ${r.file}`);
      if (recovered.length === 0) console.log('import: no unfinished import');
      return 0;
    }
    const reports: ImportReport[] = [];
    for (const file of args.files) {
      const report = await importFile(connection.db, path.resolve(file), {
        label: file,
        dryRun: args.dryRun,
        format: args.format,
        batchSize: args.batchSize,
        progress: !args.json,
        signal: stop.signal,
        log,
        onRow:
          args.verbose && !args.json
            ? (r) => console.log(`  ${r.where}: ${r.id} ${r.outcome}${r.properties ? ` (${r.properties.join(', ')})` : ''}`)
            : undefined,
      });
      reports.push(report);
      if (!args.json) print(report);
      if (report.status === 'invalid' || report.status === 'failed' || stop.signal.aborted) break;
    }
    if (args.json) console.log(JSON.stringify(reports, null, 2));
    return reports.every((r) => r.status === 'imported' || r.status === 'dry run') && reports.length === args.files.length ? 0 : 1;
  } finally {
    await connection.close();
  }
}

function print(report: ImportReport): void {
  for (const line of reportLines(report)) console.log(line);
  for (const problem of report.problems) console.error(problem);
  if (report.status === 'invalid') console.error(`import: ${report.problems.length} problem(s) in ${report.file}; nothing was written`);
  if (report.status === 'failed') console.error(`import: ${report.file} failed: ${report.error}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`import: ${error.message}`);
      console.error(USAGE);
      process.exit(2);
    }
    if (error instanceof ImportBusyError) {
      console.error(`import: ${error.message}`);
      process.exit(1);
    }
    console.error(`import: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
