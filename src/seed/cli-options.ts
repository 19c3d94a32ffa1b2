import { totalChanges, type LoadResult } from './load.js';
import { isEmpty, leftOverMessage, writtenMessage, type SeedOptions } from './run.js';

export const USAGE = 'usage: npm run seed -- [--prune] [--dry-run] [folder]   (folder defaults to seed/)';

/** A command line the seed CLI does not understand: exit 2 with the usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface SeedArgs extends SeedOptions {
  dir: string | undefined;
  help: boolean;
}

/** Parses `npm run seed` arguments; every option is spelled out, so a typo never runs a load. */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const args: SeedArgs = { dir: undefined, prune: false, dryRun: false, help: false };
  for (const arg of argv) {
    if (arg === '--prune') args.prune = true;
    else if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (args.dir !== undefined) throw new UsageError(`one folder only (got ${args.dir} and ${arg})`);
    else args.dir = arg;
  }
  return args;
}

/**
 * What the CLI prints after a load: the changes on stdout; seeded data the folder lacks on stdout
 * when it was (or would be) deleted, on stderr as a warning when it was kept.
 */
export function reportLines(result: LoadResult, dir: string, options: SeedOptions): { stdout: string[]; stderr: string[] } {
  const changes = totalChanges(result.summary) === 0 ? undefined : JSON.stringify(result.summary);
  const stdout = [
    options.dryRun
      ? `seed: dry run, nothing written; loading would ${changes ? `do ${changes}` : 'change nothing'}`
      : changes
        ? `seed: ${changes}`
        : 'seed: already up to date, nothing changed',
  ];
  const written = writtenMessage(result.written);
  if (written) stdout.push(written);
  if (isEmpty(result.leftOver)) return { stdout, stderr: [] };
  const line = leftOverMessage(result.leftOver, dir, options);
  return options.prune ? { stdout: [...stdout, line], stderr: [] } : { stdout, stderr: [line] };
}
