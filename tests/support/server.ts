import { inject } from 'vitest';
import { startApp, type App, type AppHooks } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

/** A real chainkb HTTP server, in this test process, on the run's Neo4j and a free port. */
export type Gql = <T = any>(
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
) => Promise<GraphQLResponse<T>>;

export async function startTestServer(
  overrides: Partial<Config> = {},
  log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  hooks: AppHooks = {},
): Promise<App & { gql: Gql }> {
  const uri = inject('neo4jUri');
  const auth = inject('neo4jAuth');
  const base = loadConfig({
    NEO4J_URI: uri,
    NEO4J_USERNAME: auth.username,
    NEO4J_PASSWORD: auth.password,
    NEO4J_DATABASE: process.env.NEO4J_DATABASE,
    SEED_ON_START: 'false',
    // Neo4j counts planning against the timeout, and test files run in parallel on a cold JVM, where
    // planning a new statement text can take seconds; 15 s (the default) proved tight on 2 cores.
    NEO4J_QUERY_TIMEOUT_MS: '60000',
    // The start-up warm-up has its own tests (warm-up.test.ts); here it would only load the runner.
    WARM_UP: 'false',
  });
  const config: Config = { ...base, port: 0, ...overrides };
  const app = await startApp(config, log, hooks);
  return { ...app, gql: (query, variables, headers) => gql(app.server.url, query, variables, headers) };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export async function gql<T = any>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status' | 'headers'>;
  return { status: res.status, headers: res.headers, ...body };
}
