import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../config.js';
import { Progress } from '../ingest/progress.js';
import { createLogger } from '../logger.js';
import { connect } from '../neo4j/connect.js';
import { CSV_PARTS, graphWriter, type ExportMeta } from './formats/index.js';
import { ExportParameterError, parseExportRequest, type ExportRequest, type RawParameters } from './request.js';
import { writeExport, type ExportOutput } from './run.js';
import { ExportNotFoundError, ExportTooLargeError, graphSource } from './scope.js';

/**
 * `npm run export -- --format graphml|gexf|json|csv [--out FILE|DIR] [subgraph options]`: the
 * graph, or a subgraph, into a file (stdout without --out), with a progress line on stderr. Reads
 * the Neo4j the configuration names: NEO4J_URI, else the running server's embedded one (its
 * bolt.json), else an embedded one started on NEO4J_DATA_DIR. Exit codes: 0 written; 1 not found,
 * too large or a database failure; 2 a bad option or configuration.
 */
export const USAGE = `usage: npm run export -- --format graphml|gexf|json|csv [--out FILE|DIR] [--part nodes|edges]
         [--neighbourhood ID [--depth 1] [--limit 500] [--per-node 100]] | [--search TEXT [--first 20]]
         | [--chain ID] | [--relations JSON] | [--ids ID,ID,... [--relation-ids ID ...]]
  without a subgraph option: the whole graph. CSV writes DIR/nodes.csv and DIR/edges.csv (--out DIR
  required), or one of them with --part to FILE or stdout.`;

const PAGE_TIMEOUT_MS = 600_000;
const CONNECT_TIMEOUT_MS = 30_000;

class UsageError extends Error {
  override name = 'UsageError';
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** `--name value` or `--name=value`; a flag given twice becomes a list (`--relation-ids`). */
function parseArgs(argv: readonly string[]): { parameters: RawParameters; out: string | undefined; help: boolean } {
  const parameters: Record<string, string | string[]> = {};
  let out: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--help' || flag === '-h') {
      help = true;
      continue;
    }
    if (!flag.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(flag)}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    const name = camel(flag.slice(2));
    if (name === 'out') out = value;
    else {
      const before = parameters[name];
      parameters[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
    }
  }
  return { parameters, out, help };
}

interface Target {
  sink: Writable;
  /** Finishes the file: closes it and moves it into place (a file is never left half-written under its name). */
  done(ok: boolean): Promise<void>;
  name: string;
}

async function fileTarget(file: string): Promise<Target> {
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  const sink = createWriteStream(partial);
  await once(sink, 'open');
  return {
    sink,
    name: file,
    async done(ok) {
      sink.end();
      await once(sink, 'close');
      if (ok) await rename(partial, file);
      else await rm(partial, { force: true });
    },
  };
}

const stdoutTarget = (): Target => ({ sink: process.stdout, name: 'stdout', done: async () => {} });

async function targets(request: ExportRequest, out: string | undefined): Promise<{ target: Target; part?: (typeof CSV_PARTS)[number] }[]> {
  if (request.format === 'csv' && !request.part) {
    if (!out) throw new UsageError('--format csv writes two files: give --out DIR, or --part nodes|edges for one');
    return Promise.all(CSV_PARTS.map(async (part) => ({ target: await fileTarget(path.resolve(out, `${part}.csv`)), part })));
  }
  return [{ target: out ? await fileTarget(path.resolve(out)) : stdoutTarget(), part: request.part }];
}

async function main(): Promise<number> {
  const { parameters, out, help } = parseArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return 0;
  }
  const request = parseExportRequest(parameters, { partRequired: false });
  // A request's 15 s per read and 3 s to connect are for answers someone waits on: an export reads
  // pages of 5,000 rows from a store that may be cold, on a machine that may be busy.
  const config = { ...loadConfig(), queryTimeoutMs: PAGE_TIMEOUT_MS, connectTimeoutMs: CONNECT_TIMEOUT_MS };
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const connection = await connect(config, log, { attachToRunning: true });
  try {
    const source = await graphSource(connection.db, request.scope);
    const meta: ExportMeta = { description: source.description, exportedAt: new Date() };
    const files = await targets(request, out);
    const outputs: ExportOutput[] = files.map(({ target, part }) => ({
      writer: graphWriter(request.format, meta, part),
      sink: target.sink,
      nodes: part !== 'edges',
      edges: part !== 'nodes',
    }));
    const { nodes, edges } = await source.count();
    const total = outputs.reduce((sum, o) => sum + (o.nodes ? nodes : 0) + (o.edges ? edges : 0), 0);
    const progress = new Progress({ label: 'export', total });
    let ok = false;
    try {
      const written = await writeExport(source, outputs, { onRows: (rows) => progress.add(rows) });
      progress.finish();
      ok = true;
      const seconds = (Date.now() - meta.exportedAt.getTime()) / 1000;
      console.error(
        `export: ${source.description}: ${written.nodes.toLocaleString('en-US')} nodes and ${written.edges.toLocaleString('en-US')} edges to ${files.map((f) => f.target.name).join(', ')} in ${seconds.toFixed(1)} s (${Math.round(progress.rate()).toLocaleString('en-US')} rows/s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
      );
    } finally {
      for (const { target } of files) await target.done(ok);
    }
    return 0;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ExportParameterError) {
      console.error(`export: ${error.message}`);
      console.error(USAGE);
      process.exit(2);
    }
    if (error instanceof ExportNotFoundError || error instanceof ExportTooLargeError) {
      console.error(`export: ${error.message}`);
      process.exit(1);
    }
    console.error(`export: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
