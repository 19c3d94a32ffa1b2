import path from 'node:path';
import { ConfigError, loadConfig, projectRoot } from '../config.js';
import { createLogger } from '../logger.js';
import { connect } from '../neo4j/connect.js';
import { applySchema } from '../neo4j/schema.js';
import { totalChanges } from './load.js';
import { SeedInvalidError, seedDatabase } from './run.js';

/**
 * `npm run seed [-- dir]`: validates the seed files and loads them into the configured Neo4j
 * (the embedded one unless NEO4J_URI is set). Exit codes: 0 loaded or unchanged, 1 invalid seed or
 * database failure, 2 bad configuration.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const dir = path.resolve(projectRoot, process.argv[2] ?? 'seed');
  const connection = await connect(config, log);
  try {
    await applySchema(connection.db);
    const summary = await seedDatabase(connection.db, log, dir);
    console.log(totalChanges(summary) === 0 ? 'seed: already up to date, nothing changed' : `seed: ${JSON.stringify(summary)}`);
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
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
