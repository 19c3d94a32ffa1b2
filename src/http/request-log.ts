import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';
import { operationReportOf } from './operation-report-plugin.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A client's (or proxy's) request id is kept, so one id follows a request through every service;
 * but it goes into logs and a response header, so only a short token of safe characters is taken.
 */
const ACCEPTED_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The request's id: the incoming `x-request-id` if acceptable, else a new UUID; echoed in the response. */
function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The id the request log gave this request: the same one the GraphQL context and its logs use. */
export function requestIdOf(req: Request): string {
  return String(req.id);
}

/**
 * Routes polled by machines or fetched by the dozen with every page: logged at debug, whatever
 * their status (a 503 from /readyz is a state that the probe reads, not a failure).
 */
const QUIET = /^\/(healthz|readyz|metrics|assets\/|explore\/.)/;

const pathOf = (req: IncomingMessage) => {
  const url = (req as Request).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
};

function levelOf(req: IncomingMessage, res: ServerResponse, error?: Error): 'error' | 'info' | 'debug' {
  if (QUIET.test(pathOf(req))) return 'debug';
  return error || res.statusCode >= 500 ? 'error' : 'info';
}

/** The one line logged per request (the logger adds requestId); operationName and cost only for GraphQL requests. */
function lineOf(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  const operation = operationReportOf(res as Response);
  return {
    method: req.method,
    path: pathOf(req),
    status: res.statusCode,
    durationMs,
    ...(operation && { operationName: operation.operationName ?? null, cost: operation.cost ?? null }),
  };
}

/**
 * One JSON line per request, when the response is finished (or the client went away), through
 * the app's own pino logger. Also gives each request its id (`req.id`). Query strings are not
 * logged: a GET /graphql carries the whole query there.
 */
export function requestLog(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    genReqId: requestIdFor,
    customLogLevel: levelOf,
    // The line is built by lineOf and the requestId binding alone, not from pino-http's
    // serialized req/res (headers and all); `req.log` is the app logger with the requestId.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: { responseTime: number }) => lineOf(req, res, val.responseTime),
    // pino-http makes up an Error ("failed with status code 503") for any 5xx; the real errors are
    // logged where they happen (the Express error handler, formatError), with this request's id.
    customErrorObject: (req, res, _error, val: { responseTime: number }) => lineOf(req, res, val.responseTime),
  }) as unknown as RequestHandler;
}
