import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApp, type App } from './app.js';
import { EmbeddedNeo4jError } from './neo4j/embedded.js';
import { SeedInvalidError } from './seed/run.js';
import { WarmUpFileError } from './http/warm-up.js';

/** Entry point of `npm start`: one line on stderr and a non-zero exit for every start-up failure. */
function fail(message: string, code: number): never {
  console.error(`chainkb: ${message}`);
  process.exit(code);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}
const log = createLogger(config.logLevel);

let app: App | undefined;
// Declared before the start: the embedded Neo4j can be lost while the app still starts.
let stopping = false;
try {
  app = await startApp(config, log, { onNeo4jLost: (error) => void exitWithoutNeo4j(error.message) });
} catch (error) {
  if (error instanceof EmbeddedNeo4jError) fail(`cannot start the embedded Neo4j: ${error.message}`, 1);
  if (error instanceof SeedInvalidError) fail(error.message, 1);
  // Configuration, like a bad variable: WARM_UP_OPERATIONS or the default file is wrong.
  if (error instanceof WarmUpFileError) fail(error.message, 2);
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    fail(`PORT ${config.port} on ${config.host} is already in use: set PORT to a free port`, 1);
  fail(`start-up failed: ${error instanceof Error ? error.message : String(error)}`, 1);
}

async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down: draining requests');
  try {
    await app?.stop();
    log.info('stopped cleanly');
    process.exit(exitCode);
  } catch (error) {
    log.error({ err: error }, 'unclean shutdown');
    process.exit(1);
  }
}

/**
 * The embedded Neo4j died and its supervisor could not restart it: exit 1, after draining what is
 * in flight, so a process manager restarts the server (and with it Neo4j) or alerts someone.
 */
async function exitWithoutNeo4j(message: string) {
  console.error(`chainkb: ${message}`);
  await shutdown('embedded Neo4j lost', 1);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
