import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.js';

/** Security headers, request logs and /metrics, on a real server whose log lines the test reads. */
let app: Awaited<ReturnType<typeof startTestServer>>;
const lines: Record<string, any>[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  app = await startTestServer({}, pino({ level: 'debug', base: { service: 'chainkb' } }, sink));
});
afterAll(() => app?.stop());

const url = (path: string) => `${app.server.url}${path}`;
const post = (body: object, headers: Record<string, string> = {}) =>
  fetch(url('/graphql'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** The request-log line of a request, by its id (it is written when the response has finished). */
async function logLineOf(requestId: string): Promise<Record<string, any>> {
  await expect.poll(() => lines.some((l) => l.requestId === requestId && l.msg?.startsWith('request '))).toBe(true);
  return lines.find((l) => l.requestId === requestId && l.msg?.startsWith('request '))!;
}

/** The CSP as a map of directive → sources. */
function csp(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectSecurityHeaders(res: Response): void {
  const policy = csp(res);
  expect(policy.get('default-src')).toEqual(["'self'"]);
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  expect(res.headers.get('content-security-policy')).not.toContain('unsafe-eval');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('x-powered-by')).toBeNull();
}

describe('security headers', () => {
  it('are on the explorer page, GraphiQL, a GraphQL answer, /healthz and a 404', async () => {
    const responses = await Promise.all([
      fetch(url('/explore')),
      fetch(url('/graphql'), { headers: { accept: 'text/html' } }),
      post({ query: '{ health { edition } }' }),
      fetch(url('/healthz')),
      fetch(url('/explore/nope.js')),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 404]);
    for (const res of responses.slice(0, -1)) expectSecurityHeaders(res);
    // Express's own 404 page replaces the CSP with a stricter one of its own; the rest stays.
    const notFound = responses.at(-1)!;
    expect(notFound.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(notFound.headers.get('x-frame-options')).toBe('DENY');
    expect(notFound.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('give GraphiQL no inline script, and its one inline style the nonce of that response', async () => {
    const pages = await Promise.all([1, 2].map(() => fetch(url('/graphql'), { headers: { accept: 'text/html' } })));
    const nonces = await Promise.all(
      pages.map(async (res) => {
        const html = await res.text();
        expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
        const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
        expect(csp(res).get('style-src')).toContain(`'nonce-${nonce}'`);
        return nonce;
      }),
    );
    expect(nonces[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe('request logs', () => {
  it('log one line per request with its id, method, path, status, duration, operation name and cost', async () => {
    const res = await post({ query: 'query LogProbe { node(id: "enterprise/zhaobao-magnet") { id } }' }, { 'x-request-id': 'probe-42.a' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('probe-42.a');
    const line = await logLineOf('probe-42.a');
    expect(line).toMatchObject({
      level: 30,
      service: 'chainkb',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'LogProbe',
      msg: 'request completed',
    });
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(line.cost).toBeGreaterThan(0);
    expect(lines.filter((l) => l.requestId === 'probe-42.a' && l.msg?.startsWith('request '))).toHaveLength(1);
  });

  it('give a request without an id, or with an unusable one, a new id and echo it', async () => {
    const cases: Record<string, string>[] = [{}, { 'x-request-id': 'spaces and "quotes"' }, { 'x-request-id': 'x'.repeat(129) }];
    for (const headers of cases) {
      const res = await post({ query: '{ health { edition } }' }, headers);
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(await logLineOf(id)).toMatchObject({ operationName: null, path: '/graphql' });
    }
  });

  it('log health checks, metrics scrapes and assets at debug level, without operation fields', async () => {
    const responses = await Promise.all(['/healthz', '/metrics', '/explore/explorer.css'].map((path) => fetch(url(path))));
    for (const res of responses) {
      const line = await logLineOf(res.headers.get('x-request-id')!);
      expect(line.level).toBe(20);
      expect(line).not.toHaveProperty('operationName');
    }
  });

  it('log /readyz at debug level whatever its status (a 503 there is a state, not a failure)', async () => {
    const res = await fetch(url('/readyz'));
    const line = await logLineOf(res.headers.get('x-request-id')!);
    expect(line).toMatchObject({ level: 20, path: '/readyz', status: res.status });
    expect(line).not.toHaveProperty('err');
  });

  it('leave query strings out of the path', async () => {
    const res = await fetch(url(`/graphql?query=${encodeURIComponent('{ health { edition } }')}`), {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await logLineOf(res.headers.get('x-request-id')!)).toMatchObject({ method: 'GET', path: '/graphql' });
  });
});

/** A sample's value in the exposition text (0 when the series does not exist yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

const scrape = async () => {
  const res = await fetch(url('/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

describe('GET /metrics', () => {
  it('exposes process metrics, event-loop lag among them', async () => {
    const text = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(text).toMatch(new RegExp(`^${name} `, 'm'));
  });

  it('counts requests, operations by name, errors by code and Neo4j queries, each by exactly what was sent', async () => {
    const before = await scrape();
    const probe = 'query MetricsProbe { node(id: "enterprise/zhaobao-magnet") { id } }';
    for (let i = 0; i < 3; i++) expect((await post({ query: probe })).status).toBe(200);
    const bad = await post({ query: 'query MetricsBadInput { search(text: " ") { score } }' });
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await post({ query: '{ health { nope } }' })).status).toBe(400);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('graphql_operation_duration_seconds_count', { operation: 'MetricsProbe' })).toBe(3);
    expect(moved('graphql_operation_duration_seconds_count', { operation: 'MetricsBadInput' })).toBe(1);
    expect(moved('graphql_operation_duration_seconds_count', { operation: 'anonymous' })).toBe(1);
    expect(moved('graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(moved('graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    // Four POSTs answered 200 (the bad input is a field error) and one 400; the first scrape is counted once it finished.
    expect(moved('http_requests_total', { method: 'POST', route: '/graphql', status: '200' })).toBe(4);
    expect(moved('http_requests_total', { method: 'POST', route: '/graphql', status: '400' })).toBe(1);
    expect(moved('http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    expect(moved('http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBe(4);
    // One Cypher query per node(id:), none for the refused search.
    expect(moved('neo4j_query_duration_seconds_count', { outcome: 'ok' })).toBe(3);
    expect(moved('neo4j_query_duration_seconds_count', { outcome: 'error' })).toBe(0);
    expect(sample(after, 'neo4j_request_transactions_open')).toBe(0);
  });

  it('labels routes by endpoint, never by the path asked for', async () => {
    await fetch(url('/explore/js/nope-1.js'));
    await fetch(url('/no/such/page'));
    const text = await scrape();
    expect(text).not.toContain('nope-1');
    expect(text).not.toContain('/no/such');
    expect(sample(text, 'http_requests_total', { method: 'GET', route: 'other', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/explore', status: '404' })).toBeGreaterThanOrEqual(1);
  });
});
