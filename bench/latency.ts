import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import express from 'express';
import { startApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { freePort } from '../src/neo4j/embedded.js';
import type { Database } from '../src/neo4j/database.js';
import type { ClientAnswer, ClientRequest } from './http-client.js';
import { addScaledData } from './scaled-data.js';

/**
 * `npm run bench`: median latency of GraphQL queries through the whole server (HTTP, Apollo,
 * resolvers, DataLoader, driver) and through Apollo in process (the same without HTTP), against one
 * hand-written Cypher query fetching the same data through the driver alone, and that query behind
 * a hand-written Express endpoint over the same HTTP. Runs on the configured Neo4j (embedded by
 * default) with the seed.
 */
// The JVM compiles Neo4j's hot paths over the first ~1,000 statements; measuring before that
// measures the JIT, not the queries.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const RUNS = Number(process.env.BENCH_RUNS ?? 500);
// Synthetic enterprises added to the seed in a throwaway embedded database (see scaled-data.ts); 0 = the seed alone.
const SCALE = Number(process.env.BENCH_SCALE ?? 0);

const nestedQuery = `{
  enterprises(first: 100) { edges { node { id name ... on Enterprise {
    chains { edges { role node { id name ... on IndustrialChain {
      members(first: 100) { edges { node { id name } } }
    } } } }
  } } } }
}`;
const nestedCypher = `MATCH (e:Enterprise)
  CALL (e) {
    OPTIONAL MATCH (e)-[r:IN_CHAIN]->(c:IndustrialChain)
    CALL (c) {
      OPTIONAL MATCH (m:Entity)-[:IN_CHAIN]->(c)
      WITH m ORDER BY m.name
      RETURN collect(m {.id, .name})[0..100] AS members
    }
    WITH r, c, members ORDER BY c.name
    RETURN collect(CASE WHEN c IS NULL THEN null ELSE {role: r.role, id: c.id, name: c.name, members: members} END) AS chains
  }
  WITH e, chains ORDER BY e.name
  RETURN e.id AS id, e.name AS name, chains LIMIT 100`;

const relationQuery = `{
  findRelations(first: 100, from: { kinds: [ResearchInstitute] }, steps: [{ types: [LICENSED_PATENTS_TO] }], to: { designation: "designation/single-champion" }) {
    edges { node { from { id name } to { id name } path { relations { type count evidence { paragraph quote } } } } }
  }
}`;
const relationCypher = `MATCH (i:ResearchInstitute)-[r:LICENSED_PATENTS_TO]->(e:Entity)
  WHERE EXISTS { (e)-[:HOLDS_DESIGNATION]->(:Designation {id: $designation}) }
  RETURN i {.id, .name} AS from, e {.id, .name} AS to, r.count AS count, r.evidenceParagraphs AS paragraphs, r.evidenceQuotes AS quotes
  ORDER BY i.name, e.name LIMIT 100`;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.95)]!;
}

type Way = 'http' | 'endpoint' | 'inProcess' | 'cypher';
const WAYS: readonly Way[] = ['http', 'endpoint', 'inProcess', 'cypher'];
/** A way to fetch the data, resolving to the milliseconds it took. */
type TimedRun = () => Promise<number>;

/**
 * Times the ways in alternation (over HTTP, in process, Cypher, over HTTP, ...), so all see the same
 * background load: on a shared VM a burst of noise then moves every figure, not the ratios. Each
 * run starts once the server has closed every read transaction (`settled`).
 */
async function measure(run: Record<Way, TimedRun>, settled: () => Promise<void>): Promise<Record<Way, number[]>> {
  for (let i = 0; i < WARMUP; i++) {
    for (const way of WAYS) {
      await settled();
      await run[way]();
    }
    if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1}/${WARMUP} warm-up runs\n`);
  }
  const samples: Record<Way, number[]> = { http: [], endpoint: [], inProcess: [], cypher: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const way of WAYS) {
      await settled();
      samples[way].push(await run[way]());
    }
    if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${RUNS} runs\n`);
  }
  return samples;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/**
 * A request commits its read transaction after its response is written (request-scope-plugin.ts):
 * a client elsewhere does not wait for it, but here the next timed run, in this same process, would
 * pay for it. Counts the server's open read transactions; the function returned resolves once none is.
 */
function trackReadTransactions(db: Database): () => Promise<void> {
  let open = 0;
  const waiting: (() => void)[] = [];
  const begin = db.beginRead.bind(db);
  db.beginRead = () => {
    const transaction = begin();
    open += 1;
    const close = () =>
      transaction.close().finally(() => {
        open -= 1;
        if (open === 0) for (const resume of waiting.splice(0)) resume();
      });
    return { run: transaction.run, close };
  };
  return () => (open === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve)));
}

// The nested list reads pages of 100 three levels deep to time big answers, past the default cost limit.
let config: Config = { ...loadConfig(), port: 0, warmUpOperations: undefined, maxQueryCost: 100_000_000 };
// Scaled runs get their own embedded Neo4j in a temporary folder: the synthetic data never reaches
// the development database.
const scratchDir = SCALE > 0 ? await mkdtemp(path.join(os.tmpdir(), 'chainkb-bench-')) : undefined;
if (scratchDir)
  config = { ...config, seedOnStart: true, neo4j: { kind: 'embedded', port: await freePort(), dataDir: scratchDir, maxRestarts: 0 } };
const app = await startApp(config, createLogger('warn'));
if (SCALE > 0) await addScaledData(app.connection.db, SCALE, (line) => process.stderr.write(`${line}\n`));
const settled = trackReadTransactions(app.connection.db);
const cypher = (text: string, params: Record<string, unknown> = {}) => app.connection.db.read({ cypher: text, params });

/** The hand-written queries by name, with their parameters. */
const HAND_WRITTEN: Record<string, { text: string; params: Record<string, unknown> }> = {
  nested: { text: nestedCypher, params: {} },
  relation: { text: relationCypher, params: { designation: 'designation/single-champion' } },
  floor: { text: 'RETURN 1 AS one', params: {} },
};
/**
 * What a hand-written endpoint for each query would be, on the same HTTP stack as chainkb (Express,
 * its JSON body parser, node:http): the query through the driver, its records as JSON, the read
 * transaction closed after the response like chainkb's. Comparing GraphQL over HTTP with it holds
 * the transport equal; comparing it with the driver alone shows what HTTP costs on this machine.
 */
const endpoints = express();
endpoints.post('/cypher/:name', express.json(), async (req, res) => {
  const query = HAND_WRITTEN[req.params.name!]!;
  const transaction = app.connection.db.beginRead();
  try {
    const result = await transaction.run({ cypher: query.text, params: query.params });
    res.json(result.records.map((r) => r.toObject()));
  } finally {
    setImmediate(() => void transaction.close());
  }
});
const endpointServer = http.createServer(endpoints);
await new Promise<void>((resolve) => endpointServer.listen(0, '127.0.0.1', resolve));

/** One request through an HTTP client thread: its time as the client measured it, and its answer when asked. */
function clientFor(baseUrl: string) {
  const client = new Worker(new URL('./http-client.js', import.meta.url), { workerData: baseUrl });
  const post = (path: string, body: unknown, wantAnswer: boolean) =>
    new Promise<{ ms: number; answer?: any }>((resolve, reject) => {
      // A client thread that dies (its script failed to load, say) must fail the run, not hang it.
      const onError = (error: Error) => reject(new Error(`the HTTP client thread failed: ${error.message}`));
      client.once('error', onError);
      client.once('message', (answer: ClientAnswer) => {
        client.off('error', onError);
        if ('error' in answer) reject(new Error(answer.error));
        else resolve(answer);
      });
      client.postMessage({ path, body, wantAnswer } satisfies ClientRequest);
    });
  return { post, stop: () => client.terminate() };
}
const graphqlClient = clientFor(app.server.url);
const endpointClient = clientFor(`http://127.0.0.1:${(endpointServer.address() as AddressInfo).port}`);
const overHttp = (query: string, wantAnswer: boolean) => graphqlClient.post('/graphql', { query }, wantAnswer);
const viaEndpoint = (name: string, wantAnswer: boolean) => endpointClient.post(`/cypher/${name}`, {}, wantAnswer);
const inProcess = async (query: string) => {
  const answer = await app.server.executeInProcess(query);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
};

/**
 * How many entities each way returns, counted the same way for both answers: the two must fetch the
 * same data for the comparison to mean anything, so the benchmark refuses to time them otherwise.
 */
type Counter = { graphql: (data: any) => number; cypher: (rows: any[]) => number };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const nestedCount: Counter = {
  graphql: (d) =>
    sum(d.enterprises.edges.map((e: any) => 1 + sum((e.node.chains?.edges ?? []).map((c: any) => 1 + c.node.members.edges.length)))),
  cypher: (rows) => sum(rows.map((r) => 1 + sum(r.chains.map((c: any) => 1 + c.members.length)))),
};
const relationCount: Counter = { graphql: (d) => d.findRelations.edges.length, cypher: (rows) => rows.length };

/** Each way's run of one query: a GraphQL text and the name of its hand-written Cypher. */
const runsOf = (query: string, name: string): Record<Way, TimedRun> => ({
  http: async () => (await overHttp(query, false)).ms,
  endpoint: async () => (await viaEndpoint(name, false)).ms,
  inProcess: () => timed(() => inProcess(query)),
  cypher: () => timed(() => cypher(HAND_WRITTEN[name]!.text, HAND_WRITTEN[name]!.params)),
});

try {
  const rows: { name: string; medians: Record<Way, number> }[] = [];
  for (const [name, gqlText, handName, counter] of [
    ['3-level nested query (enterprises → chains → members)', nestedQuery, 'nested', nestedCount],
    ['relation query (institutes → licensed patents → champion firms)', relationQuery, 'relation', relationCount],
  ] as const) {
    const counts = {
      'GraphQL over HTTP': counter.graphql((await overHttp(gqlText, true)).answer.data),
      'GraphQL in process': counter.graphql(await inProcess(gqlText)),
      'the hand-written endpoint': counter.cypher((await viaEndpoint(handName, true)).answer),
      'the hand-written Cypher': counter.cypher(
        (await cypher(HAND_WRITTEN[handName]!.text, HAND_WRITTEN[handName]!.params)).records.map((r) => r.toObject()),
      ),
    };
    if (new Set(Object.values(counts)).size !== 1)
      throw new Error(`${name}: the ways return different numbers of entities: ${JSON.stringify(counts)}`);
    process.stderr.write(`${name}: ${counts['GraphQL over HTTP']} entities each way\n`);
    const samples = await measure(runsOf(gqlText, handName), settled);
    rows.push({
      name,
      medians: {
        http: median(samples.http),
        endpoint: median(samples.endpoint),
        inProcess: median(samples.inProcess),
        cypher: median(samples.cypher),
      },
    });
    process.stderr.write(`  p95: ${WAYS.map((way) => `${way} ${p95(samples[way]).toFixed(2)} ms`).join(', ')}\n`);
  }
  // What HTTP and Apollo cost on their own: the smallest query, which reads nothing.
  const floor = await measure(runsOf('{ __typename }', 'floor'), settled);
  const data = SCALE > 0 ? `the seed plus ${SCALE} synthetic enterprises` : 'the seed';
  console.log(`\n${data}; ${RUNS} runs each, alternating, after ${WARMUP} warm-up runs; median latency in milliseconds\n`);
  console.log(
    '| query | GraphQL over HTTP | hand-written endpoint over HTTP | GraphQL in process | hand-written Cypher (driver) | over HTTP: GraphQL / endpoint | in process: GraphQL / Cypher | GraphQL over HTTP / Cypher |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  const ms = (x: number) => x.toFixed(2);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  for (const { name, medians: m } of rows)
    console.log(
      `| ${name} | ${ms(m.http)} | ${ms(m.endpoint)} | ${ms(m.inProcess)} | ${ms(m.cypher)} | ${ratio(m.http, m.endpoint)} | ${ratio(m.inProcess, m.cypher)} | ${ratio(m.http, m.cypher)} |`,
    );
  console.log(
    `| floor: \`{ __typename }\` / \`RETURN 1\` | ${ms(median(floor.http))} | ${ms(median(floor.endpoint))} | ${ms(median(floor.inProcess))} | ${ms(median(floor.cypher))} | | | |`,
  );
} finally {
  await graphqlClient.stop();
  await endpointClient.stop();
  await new Promise((resolve) => endpointServer.close(resolve));
  await app.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
}
