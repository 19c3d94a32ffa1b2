import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { MAX_AGE } from '../graphql/cache-control.js';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from '../neo4j/database.js';
import { createContext, type Context } from '../graphql/context.js';
import { formatError, internalErrorLog } from '../graphql/errors.js';
import { MAX_TOKENS, queryLimitRules } from '../graphql/limits.js';
import { explorerRouter } from '../explorer/router.js';
import { EXPORT_SLOTS, ExportGate, exportRouter } from './export.js';
import { graphiqlAssets, graphiqlPage } from './graphiql.js';
import { noStoreUnlessCacheable } from './cache-policy-plugin.js';
import { costLimitPlugin } from './cost-limit-plugin.js';
import { stringifyWithinLimit } from './response-size.js';
import { READ_AHEAD_HEADER, requestScopePlugin } from './request-scope-plugin.js';
import type { Readiness } from './readiness.js';
import { Metrics } from './metrics.js';
import { operationReportPlugin, reportTo } from './operation-report-plugin.js';
import { requestIdOf, requestLog } from './request-log.js';
import { cspNonce, securityHeaders } from './security-headers.js';
import { importRouter, type Authorize } from './import-route.js';
import { authPlugin } from './auth-plugin.js';
import { Auth } from '../auth/authorize.js';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Runs one operation (of a document, by name when it holds several) through Apollo's request
   * pipeline (plugins, limits, resolvers, error formatting) without HTTP: how the start-up warm-up
   * runs its operations, and what the benchmark compares the hand-written Cypher with, next to the
   * whole trip over HTTP.
   */
  executeInProcess(query: string, operationName?: string): Promise<{ data?: unknown; errors?: readonly unknown[] }>;
  /** Authentication and roles of this server's keys: `auth.authorize(request, role)` for HTTP routes outside GraphQL. */
  auth: Auth;
  /** Stops accepting requests, lets in-flight ones finish (up to the drain timeout), then closes. */
  stop(): Promise<void>;
}

export interface ServerDeps {
  config: Pick<Config, 'port' | 'host' | 'shutdownTimeoutMs' | 'maxQueryCost' | 'apiKeys' | 'readsRequireAuth' | 'importMaxUploadBytes'>;
  db: Database;
  log: Logger;
  readiness: Readiness;
  /** From `buildGraphQLSchema`. */
  schema: GraphQLSchema;
  /** Who may `POST /import`; by default an editor's or admin's API key (tests pass their own). */
  authorizeImport?: Authorize;
  /** How many exports run at once (see export.ts); a new gate of EXPORT_SLOTS when not given (tests pass their own). */
  exportGate?: ExportGate;
}

/** Apollo with our error shape, query limits and plugins; draining `httpServer` on stop. */
async function startApollo(
  httpServer: http.Server,
  schema: GraphQLSchema,
  config: ServerDeps['config'],
  log: Logger,
): Promise<ApolloServer<Context>> {
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    stringifyResult: stringifyWithinLimit(log),
    includeStacktraceInErrorResponses: false,
    // The schema is public and GraphiQL needs it; Apollo would turn introspection off under
    // NODE_ENV=production (the Docker image), so it is on explicitly.
    introspection: true,
    // Parsing stops at MAX_TOKENS, before validation, whose work grows faster than the document.
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: queryLimitRules,
    // main.ts owns SIGINT/SIGTERM: it must also stop the embedded Neo4j after Apollo.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      internalErrorLog(),
      authPlugin(config.readsRequireAuth),
      costLimitPlugin(config.maxQueryCost),
      // `Cache-Control` from the `@cacheControl` hints of the fields an answer resolved.
      ApolloServerPluginCacheControl({ defaultMaxAge: MAX_AGE.default }),
      noStoreUnlessCacheable(),
      requestScopePlugin(),
      operationReportPlugin(),
    ],
  });
  await apollo.start();
  return apollo;
}

export async function startServer({ config, db, log, readiness, schema, authorizeImport, exportGate }: ServerDeps): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = await startApollo(httpServer, schema, config, log);
  const auth = new Auth(config.apiKeys, config.readsRequireAuth);

  app.disable('x-powered-by');
  const metrics = new Metrics();
  db.observer = metrics.neo4j;
  // First, so every response (errors and 404s included) is logged, counted and gets the headers.
  app.use(requestLog(log), metrics.http, ...securityHeaders());
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.exposition();
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-type', contentType);
    res.send(body);
  });
  // Liveness: the process is up. Never touches Neo4j, so a slow database cannot get us restarted.
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  // Readiness: the background probe's last report (see Readiness), so it answers at once even when Neo4j hangs.
  app.get('/readyz', (_req, res) => {
    const report = readiness.current();
    res
      .status(report.ready ? 200 : 503)
      .json(report.ready ? { status: 'ready', neo4jVersion: report.neo4jVersion } : { status: 'unavailable', reason: report.reason });
  });
  app.use('/assets', graphiqlAssets());
  app.use('/explore', explorerRouter());
  app.use('/export', exportRouter(db, log, exportGate ?? new ExportGate(EXPORT_SLOTS)));
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query)
      res.type('html').send(graphiqlPage('/graphql', cspNonce(res)));
    else next();
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      // The request log's id (request-log.ts), so the GraphQL logs of a request carry the same one.
      context: async ({ req, res }) =>
        reportTo(createContext(db, log, requestIdOf(req), req.headers[READ_AHEAD_HEADER] !== 'off', auth.identify(req.headers)), res),
    }),
  );
  app.use('/import', importRouter({ db, log, authorize: authorizeImport ?? authorizeByKeys(auth), maxBytes: config.importMaxUploadBytes }));
  const executeInProcess = async (query: string, operationName?: string) => {
    const response = await apollo.executeOperation({ query, operationName }, { contextValue: createContext(db, log, randomUUID()) });
    if (response.body.kind !== 'single') throw new Error('an incremental response: not expected from a query without @defer or @stream');
    return response.body.singleResult;
  };

  // Last: errors from Express itself (malformed JSON, a missing asset) become a short JSON answer;
  // Express's default handler would send the stack trace outside production.
  app.use(
    (
      error: { status?: number; statusCode?: number; expose?: boolean; message?: string },
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const status = error.status ?? error.statusCode ?? 500;
      if (status >= 500) log.error({ err: error }, 'HTTP error');
      res
        .status(status)
        .json({ error: status < 500 && error.expose ? error.message : status < 500 ? 'Bad request' : 'Internal server error' });
    },
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.info({ url: `${url}/graphql` }, 'chainkb listening');
  return { url, port, executeInProcess, auth, stop: () => apollo.stop() };
}

/** The import route's check by this server's API keys: the GraphQL refusal's code, status and message as the route's answer. */
const authorizeByKeys =
  (auth: Auth): Authorize =>
  (request, role) => {
    try {
      auth.authorize(request, role);
      return { ok: true };
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const { code, http: reply } = error.extensions as { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; http: { status: 401 | 403 } };
      return { ok: false, status: reply.status, code, message: error.message };
    }
  };
