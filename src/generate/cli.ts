import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { Database } from '../neo4j/database.js';
import { freePort, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../neo4j/embedded.js';
import { SeedInvalidError, validSeed, DEFAULT_SEED_DIR } from '../seed/run.js';
import { GeneratorOptionsError } from './generator.js';
import { parseGenerateArgs, UsageError, USAGE, type GenerateArgs } from './cli-options.js';
import { directoryBytes, generateCsv, generateIntoDatabase, importIntoDataDir, summaryLines, type GenerateOptions } from './run.js';

/**
 * `npm run generate -- --entities N [--seed S] [--data-dir DIR] [--csv OUTDIR [--csv-only]]`.
 * Exit codes: 0 done (or already complete); 1 failure; 2 bad command line or configuration;
 * 3 stopped by --stop-after-batches (re-run the same command to resume).
 */
async function main(): Promise<number> {
  const args = parseGenerateArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const options: GenerateOptions = {
    entities: args.entities,
    seed: args.seed,
    seedData: await validSeed(DEFAULT_SEED_DIR),
    batchSize: args.batchSize,
    concurrency: args.concurrency,
    stopAfterBatches: args.stopAfterBatches,
    checkpointFile: checkpointFile(args),
  };
  if (args.adminImport) return viaImport(args, options, log);
  if (args.csv) {
    const dir = path.resolve(args.csv);
    const csv = await generateCsv(dir, options);
    console.log(`generate: wrote ${csv.rows.toLocaleString('en-US')} CSV rows (seed + generated) to ${dir} in ${csv.seconds.toFixed(1)} s`);
    if (args.csvOnly) {
      for (const line of summaryLines(csv, { seconds: csv.seconds })) console.log(line);
      return 0;
    }
  }
  return intoDatabase(args, options, log);
}

async function viaImport(args: GenerateArgs, options: GenerateOptions, log: Logger): Promise<number> {
  const dataDir = path.resolve(args.dataDir!);
  const csvDir = path.resolve(args.csv ?? path.join(dataDir, 'import-csv'));
  const open = async () => {
    const { db, embedded } = await openDatabase(args, log);
    return { db, close: async () => (await db.close(), await embedded?.stop()) };
  };
  const report = await importIntoDataDir(dataDir, csvDir, options, open, log);
  const phases = Object.entries(report.phases)
    .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
    .join(', ');
  const lines = summaryLines(report, {
    seconds: report.seconds,
    rowsPerSecond: report.write?.rowsPerSecond,
    storeBytes: directoryBytes(path.join(dataDir, 'data')),
  });
  for (const line of [...lines, `  phases: ${phases} (CSV in ${csvDir}; delete it when done)`]) console.log(line);
  return 0;
}

async function intoDatabase(args: GenerateArgs, options: GenerateOptions, log: Logger): Promise<number> {
  const { db, embedded } = await openDatabase(args, log);
  try {
    const report = await generateIntoDatabase(db, log, options);
    if (report.alreadyComplete) console.log(`generate: already complete by ${options.checkpointFile}; nothing written`);
    const storeBytes = args.dataDir ? directoryBytes(path.join(args.dataDir, 'data')) : undefined;
    for (const line of summaryLines(report, { seconds: report.seconds, rowsPerSecond: report.write?.rowsPerSecond, storeBytes }))
      console.log(line);
    if (report.write?.batchesSkipped) console.log(`  resumed: ${report.write.batchesSkipped} batches were already written`);
    if (report.write?.stopped) {
      console.error(`generate: stopped after ${args.stopAfterBatches} batches as asked; run the same command again to resume`);
      return 3;
    }
    return 0;
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

function checkpointFile(args: GenerateArgs): string {
  if (args.checkpoint) return path.resolve(args.checkpoint);
  if (args.dataDir) return path.resolve(args.dataDir, 'generate-checkpoint.json');
  return path.resolve(`generate-checkpoint-${args.seed}-${args.entities}.json`);
}

/** The embedded Neo4j of --data-dir (started here, on a free port), else the one NEO4J_URI names. */
async function openDatabase(args: GenerateArgs, log: Logger): Promise<{ db: Database; embedded: EmbeddedNeo4j | undefined }> {
  const config = loadConfig();
  // Bulk transactions on a busy machine can meet lock waits for seconds: retry them longer than a request would.
  const settings = { database: config.database, queryTimeoutMs: 600_000, connectTimeoutMs: 30_000 };
  if (args.dataDir) {
    const embedded = await startEmbeddedNeo4j({ port: await freePort(), dataDir: path.resolve(args.dataDir), log });
    return { db: new Database(embedded.uri, embedded, settings, log), embedded };
  }
  if (config.neo4j.kind !== 'external')
    throw new UsageError(
      'say where to load: --data-dir DIR (an embedded Neo4j started here), or set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD',
    );
  return { db: new Database(config.neo4j.uri, config.neo4j, settings, log), embedded: undefined };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`generate: ${error.message}`);
      console.error(USAGE);
      process.exit(2);
    }
    if (error instanceof SeedInvalidError) {
      console.error(`generate: ${error.message}`);
      process.exit(1);
    }
    console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError || error instanceof GeneratorOptionsError ? 2 : 1);
  },
);
