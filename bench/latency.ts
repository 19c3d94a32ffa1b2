import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
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
 * hand-written Cypher query fetching the same data through the driver alone. Runs on the
 * configured Neo4j (embedded by default) with the seed.
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

type Way = 'http' | 'inProcess' | 'cypher';
const WAYS: readonly Way[] = ['http', 'inProcess', 'cypher'];
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
  const samples: Record<Way, number[]> = { http: [], inProcess: [], cypher: [] };
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

let config: Config = { ...loadConfig(), port: 0 };
// Scaled runs get their own embedded Neo4j in a temporary folder: the synthetic data never reaches
// the development database.
const scratchDir = SCALE > 0 ? await mkdtemp(path.join(os.tmpdir(), 'chainkb-bench-')) : undefined;
if (scratchDir) config = { ...config, seedOnStart: true, neo4j: { kind: 'embedded', port: await freePort(), dataDir: scratchDir } };
const app = await startApp(config, createLogger('warn'));
if (SCALE > 0) await addScaledData(app.connection.db, SCALE, (line) => process.stderr.write(`${line}\n`));
const settled = trackReadTransactions(app.connection.db);
const client = new Worker(new URL('./http-client.js', import.meta.url), { workerData: `${app.server.url}/graphql` });
/** One request through the HTTP client thread: its time as the client measured it, and its data when asked. */
const viaClient = (query: string, wantData: boolean) =>
  new Promise<{ ms: number; data?: any }>((resolve, reject) => {
    // A client thread that dies (its script failed to load, say) must fail the run, not hang it.
    const onError = (error: Error) => reject(new Error(`the HTTP client thread failed: ${error.message}`));
    client.once('error', onError);
    client.once('message', (answer: ClientAnswer) => {
      client.off('error', onError);
      if ('error' in answer) reject(new Error(answer.error));
      else resolve(answer);
    });
    client.postMessage({ query, wantData } satisfies ClientRequest);
  });
const graphql = async (query: string) => (await viaClient(query, true)).data;
const inProcess = async (query: string) => {
  const answer = await app.server.executeInProcess(query);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
};
const cypher = (text: string, params: Record<string, unknown> = {}) => app.connection.db.read({ cypher: text, params });

/**
 * How many entities each way returns, counted the same way for both answers: the two must fetch the
 * same data for the comparison to mean anything, so the benchmark refuses to time them otherwise.
 */
type Counter = { graphql: (data: any) => number; cypher: (rows: any[]) => number };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const nestedCount: Counter = {
  graphql: (d) => sum(d.enterprises.edges.map((e: any) => 1 + sum((e.node.chains?.edges ?? []).map((c: any) => 1 + c.node.members.edges.length)))),
  cypher: (rows) => sum(rows.map((r) => 1 + sum(r.chains.map((c: any) => 1 + c.members.length)))),
};
const relationCount: Counter = { graphql: (d) => d.findRelations.edges.length, cypher: (rows) => rows.length };

try {
  const rows: { name: string; medians: Record<Way, number> }[] = [];
  for (const [name, gqlText, cypherRun, counter] of [
    ['3-level nested query (enterprises → chains → members)', nestedQuery, () => cypher(nestedCypher), nestedCount],
    ['relation query (institutes → licensed patents → champion firms)', relationQuery, () => cypher(relationCypher, { designation: 'designation/single-champion' }), relationCount],
  ] as const) {
    const graphqlCount = counter.graphql(await graphql(gqlText));
    const inProcessCount = counter.graphql(await inProcess(gqlText));
    const cypherCount = counter.cypher((await cypherRun()).records.map((r) => r.toObject()));
    if (graphqlCount !== cypherCount || inProcessCount !== cypherCount)
      throw new Error(`${name}: GraphQL returns ${graphqlCount} entities over HTTP and ${inProcessCount} in process, the hand-written Cypher ${cypherCount}`);
    process.stderr.write(`${name}: ${graphqlCount} entities each way\n`);
    const samples = await measure({ http: async () => (await viaClient(gqlText, false)).ms, inProcess: () => timed(() => inProcess(gqlText)), cypher: () => timed(cypherRun) }, settled);
    rows.push({ name, medians: { http: median(samples.http), inProcess: median(samples.inProcess), cypher: median(samples.cypher) } });
    process.stderr.write(`  p95: over HTTP ${p95(samples.http).toFixed(2)} ms, in process ${p95(samples.inProcess).toFixed(2)} ms, Cypher ${p95(samples.cypher).toFixed(2)} ms\n`);
  }
  // What HTTP and Apollo cost on their own: the smallest query, which reads nothing.
  const floor = await measure(
    { http: async () => (await viaClient('{ __typename }', false)).ms, inProcess: () => timed(() => inProcess('{ __typename }')), cypher: () => timed(() => cypher('RETURN 1')) },
    settled,
  );
  const data = SCALE > 0 ? `the seed plus ${SCALE} synthetic enterprises` : 'the seed';
  console.log(`\n${data}; ${RUNS} runs each, alternating, after ${WARMUP} warm-up runs; median latency in milliseconds\n`);
  console.log('| query | GraphQL over HTTP (ms) | GraphQL in process (ms) | hand-written Cypher (ms) | ratio over HTTP | ratio in process |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const ms = (x: number) => x.toFixed(2);
  for (const { name, medians: m } of rows) console.log(`| ${name} | ${ms(m.http)} | ${ms(m.inProcess)} | ${ms(m.cypher)} | ${(m.http / m.cypher).toFixed(2)}× | ${(m.inProcess / m.cypher).toFixed(2)}× |`);
  console.log(`| floor: \`{ __typename }\` / \`RETURN 1\` | ${ms(median(floor.http))} | ${ms(median(floor.inProcess))} | ${ms(median(floor.cypher))} | | |`);
} finally {
  await client.terminate();
  await app.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
}
