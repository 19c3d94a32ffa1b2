import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../config.js';
import { createLogger } from '../logger.js';
import { connect } from '../neo4j/connect.js';
import { applySchema } from '../neo4j/schema.js';
import { parseSeedArgs, reportLines, UsageError, USAGE } from './cli-options.js';
import { loadSeed } from './load.js';
import { SeedInvalidError, validSeed } from './run.js';

/**
 * `npm run seed -- [--prune] [--dry-run] [dir]`: validates the seed files and loads them into the
 * configured Neo4j (the embedded one unless NEO4J_URI is set). Seeded data the folder lacks is kept
 * and reported unless --prune; --dry-run writes nothing. The folder is validated before connecting.
 * Exit codes: 0 loaded, unchanged or dry run; 1 invalid or empty seed folder (nothing written) or
 * database failure; 2 bad command line or configuration.
 */
async function main(): Promise<number> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const dir = path.resolve(projectRoot, args.dir ?? 'seed');
  const data = await validSeed(dir);
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // A running server owns the embedded Neo4j (port and store lock): seed through it, by its bolt.json.
  const connection = await connect(config, log, { attachToRunning: true });
  try {
    if (!args.dryRun) await applySchema(connection.db);
    const result = await loadSeed(connection.db, data, { ...args, onProgress: (message) => log.debug(message) });
    const report = reportLines(result, dir, args);
    for (const line of report.stdout) console.log(line);
    for (const line of report.stderr) console.error(line);
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SeedInvalidError) {
      for (const line of error.message.split('\n').slice(1)) console.error(line);
      console.error(`seed: ${error.problems.length} problem(s); nothing was written`);
      process.exit(1);
    }
    if (error instanceof UsageError) {
      console.error(`seed: ${error.message}`);
      console.error(USAGE);
      process.exit(2);
    }
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
