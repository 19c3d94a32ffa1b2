import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from '../logger.js';
import { DatabaseMemoryLimitError, DatabaseTimeoutError, DatabaseUnavailableError, type Database } from '../neo4j/database.js';
import { FORMAT_SPECS, graphWriter, type CsvPart, type ExportFormat } from '../export/formats/index.js';
import { ExportParameterError, parseExportRequest, type ExportRequest, type RawParameters } from '../export/request.js';
import { writeExport } from '../export/run.js';
import { ExportNotFoundError, ExportTooLargeError, graphSource, type ExportScope } from '../export/scope.js';
import { requestIdOf } from './request-log.js';

/**
 * `GET /export?format=…` (and `POST /export` with the same parameters as a JSON body, for id
 * lists longer than a URL): the graph or a subgraph as a file, streamed as it is read. Public like
 * /graphql. A whole-graph export reads every entity and relation, so few run at once: a request
 * past the gate's slots gets 429 with Retry-After instead of queueing.
 */
export class ExportGate {
  private running = 0;
  constructor(readonly slots: number) {}

  tryEnter(): boolean {
    if (this.running >= this.slots) return false;
    this.running += 1;
    return true;
  }

  leave(): void {
    this.running -= 1;
  }
}

/** Why 2: each export holds a Neo4j connection and one of this machine's 2 cores for as long as it runs. */
export const EXPORT_SLOTS = 2;
/** A whole-graph export of 100k entities takes about this long here; a client should not retry sooner. */
export const EXPORT_RETRY_AFTER_SECONDS = 30;

/** The file name: what was exported, in ASCII (ids are), so no header encoding is needed. */
function fileName(scope: ExportScope, format: ExportFormat, part: CsvPart | undefined): string {
  const slug = (id: string) => id.replace(/[^A-Za-z0-9-]+/g, '-');
  const what =
    scope.kind === 'neighbourhood' || scope.kind === 'chain'
      ? `${scope.kind}-${slug(scope.id)}`
      : scope.kind === 'ids'
        ? 'view'
        : scope.kind;
  return `chainkb-${what}${part ? `-${part}` : ''}.${FORMAT_SPECS[format].extension}`;
}

/** Errors before the first byte: a status and a message naming what was wrong. */
function failure(error: unknown): { status: number; body: Record<string, unknown>; retryAfter?: number } | undefined {
  if (error instanceof ExportParameterError || error instanceof ExportTooLargeError)
    return { status: 400, body: { error: error.message, parameter: error.parameter } };
  if (error instanceof ExportNotFoundError) return { status: 404, body: { error: error.message, parameter: error.parameter } };
  if (error instanceof DatabaseUnavailableError) return { status: 503, body: { error: 'Neo4j is unavailable; retry' }, retryAfter: 5 };
  if (error instanceof DatabaseTimeoutError) return { status: 504, body: { error: 'reading the subgraph took too long; narrow it' } };
  if (error instanceof DatabaseMemoryLimitError)
    return { status: 400, body: { error: 'the subgraph needs more memory than Neo4j grants one query; narrow it' } };
  return undefined;
}

/** A JSON body's parameters; anything but an object has none (and then `format` is reported missing). */
const bodyOf = (req: Request): RawParameters =>
  typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as RawParameters) : {};

/** Resolves the scope, then writes the file into the response as it is read. */
async function streamExport(db: Database, request: ExportRequest, res: Response): Promise<{ nodes: number; edges: number }> {
  const source = await graphSource(db, request.scope);
  const writer = graphWriter(request.format, { description: source.description, exportedAt: new Date() }, request.part);
  res.status(200);
  res.setHeader('content-type', FORMAT_SPECS[request.format].contentType);
  res.setHeader('content-disposition', `attachment; filename="${fileName(request.scope, request.format, request.part)}"`);
  res.setHeader('cache-control', 'no-store');
  // The client leaving stops the reading: the gate's slot is free again at once.
  const stop = new AbortController();
  res.once('close', () => stop.abort());
  const output = { writer, sink: res, nodes: request.part !== 'edges', edges: request.part !== 'nodes' };
  const written = await writeExport(source, [output], { signal: stop.signal });
  res.end();
  return written;
}

function answerFailure(error: unknown, res: Response, log: Logger): void {
  const known = failure(error);
  if (res.headersSent) {
    // Mid-stream there is no status left to send: cut the response, so the file is visibly incomplete.
    if (!res.destroyed) log.error({ err: error }, 'export failed while streaming');
    res.destroy();
  } else if (known) {
    if (known.retryAfter) res.setHeader('retry-after', String(known.retryAfter));
    res.status(known.status).json(known.body);
  } else {
    log.error({ err: error }, 'export failed');
    res.status(500).json({ error: 'Internal server error' });
  }
}

export function exportRouter(db: Database, log: Logger, gate: ExportGate): Router {
  const router = express.Router();
  const handle = async (parameters: RawParameters, req: Request, res: Response) => {
    const requestLog = log.child({ requestId: requestIdOf(req) });
    let entered = false;
    try {
      const request = parseExportRequest(parameters, { partRequired: true });
      if (!(entered = gate.tryEnter())) {
        res.setHeader('retry-after', String(EXPORT_RETRY_AFTER_SECONDS));
        res.status(429).json({ error: `${gate.slots} exports are running, the most this server runs at once; retry later` });
        return;
      }
      const written = await streamExport(db, request, res);
      requestLog.info({ scope: request.scope.kind, format: request.format, ...written }, 'export written');
    } catch (error) {
      answerFailure(error, res, requestLog);
    } finally {
      if (entered) gate.leave();
    }
  };
  router.get('/', (req, res) => handle(req.query as RawParameters, req, res));
  // 2 MB: the explorer's largest view (MAX_VIEW_IDS entities, MAX_VIEW_RELATIONS relation ids) with room to spare.
  router.post('/', express.json({ limit: '2mb' }), (req, res) => handle(bodyOf(req), req, res));
  return router;
}
