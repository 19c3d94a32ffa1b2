import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { backup, restore, type DumpResult } from './dump.js';

/**
 * `npm run backup -- --out FILE [--overwrite] [--data-dir DIR]` and
 * `npm run restore -- --from FILE [--overwrite] [--data-dir DIR]`: the embedded Neo4j's database
 * to one file and back, with the server stopped (see dump.ts). Exit codes: 0 done; 1 refused (server
 * running, no database, FILE exists, target holds a database) or neo4j-admin failed; 2 a bad
 * option or configuration, or an external Neo4j.
 */
const USAGE = {
  backup: 'usage: npm run backup -- --out FILE [--overwrite] [--data-dir DIR]',
  restore: 'usage: npm run restore -- --from FILE [--overwrite] [--data-dir DIR]',
} as const;
type Command = keyof typeof USAGE;

const EXTERNAL =
  'NEO4J_URI names an external Neo4j: back it up with its operator tools (neo4j-admin database dump on the server, Aura snapshots), ' +
  'or take a portable logical copy with npm run export -- --format json';

class UsageError extends Error {
  override name = 'UsageError';
}

function options(command: Command, argv: string[]): { file: string; overwrite: boolean; dataDir: string | undefined } {
  const fileFlag = command === 'backup' ? 'out' : 'from';
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { [fileFlag]: { type: 'string' }, overwrite: { type: 'boolean' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const file = values[fileFlag];
  if (typeof file !== 'string' || !file) throw new UsageError(`--${fileFlag} FILE is required`);
  const dataDir = values['data-dir'];
  return { file: path.resolve(file), overwrite: values.overwrite === true, dataDir: typeof dataDir === 'string' ? dataDir : undefined };
}

/** Exit code. */
async function main(command: Command, argv: string[]): Promise<number> {
  const { file, overwrite, dataDir: given } = options(command, argv);
  const target = loadConfig().neo4j;
  if (target.kind === 'external') {
    console.error(`${command}: ${EXTERNAL}`);
    return 2;
  }
  const dataDir = given ? path.resolve(given) : target.dataDir;
  const onLine = (line: string) => console.error(`${command}: neo4j-admin: ${line}`);
  const result: DumpResult = await (command === 'backup' ? backup : restore)({ dataDir, file, overwrite, onLine });
  console.error(
    `${command}: done: ${result.bytes} bytes ${command === 'backup' ? 'written' : 'read'} in ${(result.ms / 1000).toFixed(1)} s`,
  );
  return 0;
}

const command = process.argv[2] as Command;
if (!(command in USAGE)) {
  console.error('usage: node dist/src/backup/cli.js backup|restore [options]');
  process.exit(2);
}
main(command, process.argv.slice(3)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${command}: ${message}`);
    if (error instanceof UsageError) console.error(USAGE[command]);
    process.exit(error instanceof UsageError || error instanceof ConfigError ? 2 : 1);
  },
);
