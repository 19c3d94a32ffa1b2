import { performance } from 'node:perf_hooks';
import type { RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueryObserver } from '../neo4j/database.js';
import { operationReportOf, type OperationReport } from './operation-report-plugin.js';

/** The route label: the endpoint a path belongs to, so that ids and asset names never become labels. */
const ROUTES = ['/graphql', '/export', '/explore', '/import', '/assets', '/healthz', '/readyz', '/metrics'];
export function routeOf(path: string): string {
  return ROUTES.find((route) => path === route || path.startsWith(`${route}/`) || path.startsWith(`${route}?`)) ?? 'other';
}

/**
 * Operation names come from clients, and every distinct label value is a time series kept for
 * the process's life: the first `max` names seen are kept, later ones count as "other". (The
 * warm-up and the explorer's names come first in practice.)
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly overflow = 'other',
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}

export const MAX_OPERATION_LABELS = 100;
const MAX_CODE_LABELS = 30;
/** GraphQL names are identifiers; a very long one is not a name anyone will chart. */
const LABELLED_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const LABELLED_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

const SECONDS_HTTP = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const SECONDS_NEO4J = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];

/**
 * The server's Prometheus metrics, in a Registry of its own (not prom-client's global one), so
 * that several servers in one process (the tests) each count only their own requests.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new BoundedLabel(MAX_OPERATION_LABELS);
  private readonly errorCodes = new BoundedLabel(MAX_CODE_LABELS, 'OTHER');

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration (until the response is finished) by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_HTTP,
    registers: [this.registry],
  });
  private readonly operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: `GraphQL operation duration (parse, validation, execution) by operation name: "anonymous" without one, "other" past ${MAX_OPERATION_LABELS} names.`,
    labelNames: ['operation'] as const,
    buckets: SECONDS_HTTP,
    registers: [this.registry],
  });
  private readonly graphqlErrors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors sent to GraphQL clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly neo4jQueries = new Histogram({
    name: 'neo4j_query_duration_seconds',
    help: 'Duration of the Cypher queries GraphQL requests run (their _count is the number of queries), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: SECONDS_NEO4J,
    registers: [this.registry],
  });
  /**
   * neo4j-driver 6 has no public API for its connection pool (in use / idle counts live in private
   * fields of its connection provider), so this counts what chainkb holds instead: each request's
   * read transaction keeps one pooled connection from its first query to its end.
   */
  private readonly neo4jTransactions = new Gauge({
    name: 'neo4j_request_transactions_open',
    help: 'Read transactions of GraphQL requests now open: each holds one Neo4j pool connection.',
    registers: [this.registry],
  });

  constructor() {
    // Process CPU, memory, GC, handles and event-loop lag (nodejs_eventloop_lag_* seconds).
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware counting and timing every request once its response is finished. */
  readonly http: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => this.recordRequest(req.method, req.originalUrl, res, (performance.now() - started) / 1000));
    next();
  };

  /** For Database.observer: the time of each query a GraphQL request ran, and its transactions. */
  readonly neo4j: QueryObserver = {
    query: (seconds, failed) => this.neo4jQueries.observe({ outcome: failed ? 'error' : 'ok' }, seconds),
    transaction: (open) => (open ? this.neo4jTransactions.inc() : this.neo4jTransactions.dec()),
  };

  /** The text exposition format, and its content type, for GET /metrics. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private recordRequest(method: string, url: string, res: Response, seconds: number): void {
    const labels = { method, route: routeOf(url), status: String(res.statusCode) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
    const operation = operationReportOf(res);
    if (operation) this.recordOperation(operation);
  }

  private recordOperation({ operationName, durationSeconds, errorCodes }: OperationReport): void {
    const name =
      operationName === undefined ? 'anonymous' : LABELLED_NAME.test(operationName) ? this.operationNames.of(operationName) : 'other';
    this.operationDuration.observe({ operation: name }, durationSeconds);
    for (const code of errorCodes) this.graphqlErrors.inc({ code: LABELLED_CODE.test(code) ? this.errorCodes.of(code) : 'OTHER' });
  }
}
