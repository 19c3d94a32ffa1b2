import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import busboy from 'busboy';
import express from 'express';
import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { formatOf, FORMATS, type Format } from '../import/read.js';
import { importFile, type ImportReport } from '../import/run.js';
import type { RowOutcome } from '../import/apply.js';
import { ImportBusyError } from '../import/undo.js';

/**
 * `POST /import` for editors: the file as the raw body (`?format=json|ndjson|csv`, or a
 * Content-Type of application/json, application/x-ndjson, text/csv) or as the first file of a
 * multipart/form-data upload (format from its name unless `?format=`), `?dryRun=true` and
 * `?verbose=true` as on the command line. The upload is streamed to a temporary file (at most
 * `maxBytes`, else 413 before anything is checked) and imported by the same core as
 * `npm run import`; the answer is the same report, as JSON: 200 imported or dry run, 422 invalid
 * (nothing written), 409 another import running, 500 failed (everything it wrote undone).
 *
 * Who may import is decided by `authorize`, injected: the default refuses everyone with 401
 * UNAUTHENTICATED, so the endpoint is closed until the server is given a real check.
 */
export type Role = 'editor' | 'admin';
export type Authorization = { ok: true } | { ok: false; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };
export type Authorize = (request: express.Request, role: Role) => Authorization | Promise<Authorization>;

export const refuseUnauthenticated: Authorize = () => ({
  ok: false,
  status: 401,
  code: 'UNAUTHENTICATED',
  message: 'importing needs an editor API key; the server has no authentication configured',
});

export interface ImportRouteOptions {
  db: Database;
  log: Logger;
  authorize?: Authorize;
  /** The largest upload in bytes: the operator's `IMPORT_MAX_UPLOAD_BYTES` (config.ts). */
  maxBytes: number;
}

const CONTENT_TYPES: Record<string, Format> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'text/csv': 'csv',
};

class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function importRouter({ db, log, authorize = refuseUnauthenticated, maxBytes }: ImportRouteOptions): express.Router {
  const router = express.Router();
  router.post('/', async (req, res) => {
    res.setHeader('cache-control', 'private, no-store');
    const decision = await authorize(req, 'editor');
    if (!decision.ok) return void res.status(decision.status).json({ error: { code: decision.code, message: decision.message } });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-upload-'));
    try {
      const upload = await receive(req, dir, maxBytes);
      const rows: RowOutcome[] = [];
      const report = await importFile(db, upload.file, {
        format: upload.format,
        label: upload.name,
        dryRun: flag(req.query.dryRun),
        onRow: flag(req.query.verbose) ? (row) => void rows.push(row) : undefined,
        log,
      });
      res.status(statusOf(report)).json(flag(req.query.verbose) ? { ...report, rowOutcomes: rows } : report);
    } catch (error) {
      if (error instanceof UploadError) return void res.status(error.status).json({ error: { code: error.code, message: error.message } });
      if (error instanceof ImportBusyError) return void res.status(409).json({ error: { code: 'CONFLICT', message: error.message } });
      log.error({ err: error }, 'import upload failed');
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'the import failed; the server log has the details' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  return router;
}

const flag = (value: unknown) => value === 'true' || value === '1';
const statusOf = (r: ImportReport) => (r.status === 'invalid' ? 422 : r.status === 'failed' ? 500 : 200);

function formatFrom(query: unknown, name: string | undefined, contentType: string | undefined): Format {
  if (query !== undefined) {
    if (!(FORMATS as unknown[]).includes(query))
      throw new UploadError(400, 'BAD_REQUEST', `format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(query)})`);
    return query as Format;
  }
  const format = (name && formatOf(name)) || (contentType && CONTENT_TYPES[contentType.split(';')[0]!.trim().toLowerCase()]);
  if (!format)
    throw new UploadError(
      400,
      'BAD_REQUEST',
      'cannot tell the format: give ?format=json|ndjson|csv, a file name ending so, or a Content-Type of application/json, application/x-ndjson or text/csv',
    );
  return format;
}

/** The body (raw, or the first file of a multipart form) in `dir`, counting bytes against the limit. */
async function receive(req: express.Request, dir: string, maxBytes: number): Promise<{ file: string; name: string; format: Format }> {
  const contentType = req.headers['content-type'];
  if (contentType?.startsWith('multipart/form-data')) return receiveMultipart(req, dir, maxBytes);
  const format = formatFrom(req.query.format, undefined, contentType);
  const file = path.join(dir, `upload.${format}`);
  await save(req, file, maxBytes);
  return { file, name: `upload.${format}`, format };
}

function receiveMultipart(req: express.Request, dir: string, maxBytes: number): Promise<{ file: string; name: string; format: Format }> {
  return new Promise((resolve, reject) => {
    const form = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes } });
    let saving: Promise<{ file: string; name: string; format: Format }> | undefined;
    form.on('file', (_field, stream, info) => {
      const name = path.basename(info.filename || 'upload');
      try {
        const format = formatFrom(req.query.format, name, info.mimeType);
        const file = path.join(dir, `upload.${format}`);
        stream.on('limit', () => stream.destroy(tooLarge(maxBytes)));
        saving = save(stream, file, maxBytes).then(() => ({ file, name, format }));
        saving.catch(() => {});
      } catch (error) {
        stream.resume();
        saving = Promise.reject(error);
        saving.catch(() => {});
      }
    });
    form.on('error', (e: Error) => reject(new UploadError(400, 'BAD_REQUEST', `not a valid multipart upload: ${e.message}`)));
    form.on('close', () =>
      saving ? saving.then(resolve, reject) : reject(new UploadError(400, 'BAD_REQUEST', 'the multipart upload holds no file')),
    );
    req.pipe(form);
  });
}

const tooLarge = (maxBytes: number) =>
  new UploadError(413, 'PAYLOAD_TOO_LARGE', `the upload is larger than ${maxBytes} bytes; import files that size with npm run import`);

async function save(input: Readable, file: string, maxBytes: number): Promise<void> {
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
  await pipeline(input, count, createWriteStream(file));
}
