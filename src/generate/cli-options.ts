/**
 * `npm run generate -- --entities N [--seed S] [--data-dir DIR] [--csv OUTDIR [--csv-only]] ...`:
 * every option spelled out and checked, so a typo never starts a multi-minute load.
 */
export const USAGE = `usage: npm run generate -- --entities N [--seed 42] [--data-dir DIR] [--csv OUTDIR [--csv-only]] [--import]
         [--batch-size 10000] [--concurrency 2] [--checkpoint FILE] [--stop-after-batches N]
  --entities N          generated entities on top of the seed (relations: ~2.6 per entity)
  --seed S              same seed, same data, byte for byte (default 42)
  --data-dir DIR        the embedded Neo4j's data dir to load into (a throwaway one: it is started here);
                        without it, the Neo4j that NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD name
  --csv OUTDIR          also write neo4j-admin import CSV files (seed + generated) to OUTDIR
  --csv-only            only write the CSV files; no database
  --import              with --data-dir (a fresh one): write CSV (to --csv OUTDIR or DIR/import-csv) and load it
                        with neo4j-admin database import full, offline; then build the indexes and check the seed
  --checkpoint FILE     resume file (default DIR/generate-checkpoint.json, or ./generate-checkpoint-<seed>-<N>.json)
  --stop-after-batches N  stop after N batches (exit 3), as if interrupted: re-run to resume`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface GenerateArgs {
  entities: number;
  seed: number;
  dataDir: string | undefined;
  csv: string | undefined;
  csvOnly: boolean;
  adminImport: boolean;
  batchSize: number | undefined;
  concurrency: number | undefined;
  checkpoint: string | undefined;
  stopAfterBatches: number | undefined;
  help: boolean;
}

const VALUED = [
  '--entities',
  '--seed',
  '--data-dir',
  '--csv',
  '--batch-size',
  '--concurrency',
  '--checkpoint',
  '--stop-after-batches',
] as const;

function wholeNumber(option: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${option} must be a whole number >= ${min} (got ${JSON.stringify(value)})`);
  return n;
}

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs {
  const values = new Map<string, string>();
  let csvOnly = false;
  let adminImport = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [option, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (option === '--csv-only') csvOnly = true;
    else if (option === '--import') adminImport = true;
    else if (option === '--help' || option === '-h') help = true;
    else if ((VALUED as readonly string[]).includes(option)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${option} needs a value`);
      values.set(option, value);
    } else throw new UsageError(`unknown option ${argv[i]}`);
  }
  const num = (option: string, min: number) => (values.has(option) ? wholeNumber(option, values.get(option)!, min) : undefined);
  const args: GenerateArgs = {
    entities: num('--entities', 17) ?? 0,
    seed: num('--seed', 0) ?? 42,
    dataDir: values.get('--data-dir'),
    csv: values.get('--csv'),
    csvOnly,
    adminImport,
    batchSize: num('--batch-size', 1),
    concurrency: num('--concurrency', 1),
    checkpoint: values.get('--checkpoint'),
    stopAfterBatches: num('--stop-after-batches', 1),
    help,
  };
  if (!help && !values.has('--entities')) throw new UsageError('--entities N is required');
  if (csvOnly && !args.csv) throw new UsageError('--csv-only needs --csv OUTDIR');
  if (adminImport && (!args.dataDir || csvOnly))
    throw new UsageError("--import loads into an embedded Neo4j's fresh data dir: give --data-dir DIR (and no --csv-only)");
  if (csvOnly && args.dataDir) throw new UsageError('--csv-only writes no database: drop --data-dir');
  return args;
}
