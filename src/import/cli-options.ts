import { FORMATS, type Format } from './read.js';

/** `npm run import -- FILE… [--dry-run] [--verbose] [--json] [--format F] [--recover]`: every option checked before anything runs. */
export const USAGE = `usage: npm run import -- FILE... [--dry-run] [--verbose] [--json] [--format json|ndjson|csv] [--batch-size 10000]
       npm run import -- --recover
  FILE            a .json, .ndjson (.jsonl) or .csv file of entities, relations and statistics (see README, Importing);
                  each file is imported whole or not at all, in the order given
  --dry-run       check and report what would be created, changed and merged; write nothing
  --verbose       also list every row's outcome
  --json          print the reports as JSON (one per file, an array) instead of lines
  --format F      the format of every FILE, instead of telling it from the extension
  --recover       only undo what an import killed half-way left (every import does this first anyway)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ImportArgs {
  files: string[];
  dryRun: boolean;
  verbose: boolean;
  json: boolean;
  recover: boolean;
  format: Format | undefined;
  batchSize: number | undefined;
  help: boolean;
}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const args: ImportArgs = {
    files: [],
    dryRun: false,
    verbose: false,
    json: false,
    recover: false,
    format: undefined,
    batchSize: undefined,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [option, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${option} needs a value`);
      return v;
    };
    if (option === '--dry-run') args.dryRun = true;
    else if (option === '--verbose') args.verbose = true;
    else if (option === '--json') args.json = true;
    else if (option === '--recover') args.recover = true;
    else if (option === '--help' || option === '-h') args.help = true;
    else if (option === '--format') {
      const f = value();
      if (!(FORMATS as string[]).includes(f))
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(f)})`);
      args.format = f as Format;
    } else if (option === '--batch-size') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--batch-size must be a whole number >= 1 (got ${JSON.stringify(v)})`);
      args.batchSize = Number(v);
    } else if (option.startsWith('-')) throw new UsageError(`unknown option ${argv[i]}`);
    else args.files.push(argv[i]!);
  }
  if (!args.help && !args.recover && args.files.length === 0) throw new UsageError('give at least one FILE to import (or --recover)');
  if (args.recover && args.files.length > 0) throw new UsageError('--recover takes no FILE');
  return args;
}
