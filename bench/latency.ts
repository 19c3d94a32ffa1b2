import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { addScaledData } from './scaled-data.js';

/**
 * `npm run bench`: median latency of GraphQL queries through the whole server (HTTP, Apollo,
 * resolvers, DataLoader, driver) against one hand-written Cypher query fetching the same data
 * through the driver alone. Runs on the configured Neo4j (embedded by default) with the seed.
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

/**
 * Times the two ways in alternation (GraphQL, Cypher, GraphQL, ...), so both see the same
 * background load: on a shared VM a burst of noise then moves both figures, not the ratio.
 */
async function measurePair(viaGraphql: () => Promise<unknown>, viaCypher: () => Promise<unknown>): Promise<{ graphql: number[]; cypher: number[] }> {
  for (let i = 0; i < WARMUP; i++) {
    await viaGraphql();
    await viaCypher();
    if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1}/${WARMUP} warm-up runs\n`);
  }
  const samples = { graphql: [] as number[], cypher: [] as number[] };
  const time = async (run: () => Promise<unknown>, into: number[]) => {
    const start = performance.now();
    await run();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < RUNS; i++) {
    await time(viaGraphql, samples.graphql);
    await time(viaCypher, samples.cypher);
    if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1}/${RUNS} runs\n`);
  }
  return samples;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

let config: Config = { ...loadConfig(), port: 0 };
// Scaled runs get their own embedded Neo4j in a temporary folder: the synthetic data never reaches
// the development database.
const scratchDir = SCALE > 0 ? await mkdtemp(path.join(os.tmpdir(), 'chainkb-bench-')) : undefined;
if (scratchDir) config = { ...config, seedOnStart: true, neo4j: { kind: 'embedded', port: await freePort(), dataDir: scratchDir } };
const app = await startApp(config, createLogger('warn'));
if (SCALE > 0) await addScaledData(app.connection.db, SCALE, (line) => process.stderr.write(`${line}\n`));
const url = new URL(`${app.server.url}/graphql`);
// node:http with one kept-alive connection, like a browser or a CDN in front of the API: fetch
// (undici) costs ~0.3–0.8 ms more per call on this machine, which is the client's time, not ours.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const graphql = (query: string) =>
  new Promise<any>((resolve, reject) => {
    const body = JSON.stringify({ query });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: unknown; errors?: unknown };
        if (answer.errors) reject(new Error(JSON.stringify(answer.errors)));
        else resolve(answer.data);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
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
  const rows: { name: string; graphqlMs: number; cypherMs: number }[] = [];
  for (const [name, gqlText, cypherRun, counter] of [
    ['3-level nested query (enterprises → chains → members)', nestedQuery, () => cypher(nestedCypher), nestedCount],
    ['relation query (institutes → licensed patents → champion firms)', relationQuery, () => cypher(relationCypher, { designation: 'designation/single-champion' }), relationCount],
  ] as const) {
    const graphqlCount = counter.graphql(await graphql(gqlText));
    const cypherCount = counter.cypher((await cypherRun()).records.map((r) => r.toObject()));
    if (graphqlCount !== cypherCount) throw new Error(`${name}: GraphQL returns ${graphqlCount} entities, the hand-written Cypher ${cypherCount}`);
    process.stderr.write(`${name}: ${graphqlCount} entities each way\n`);
    const { graphql: viaGraphql, cypher: viaCypher } = await measurePair(() => graphql(gqlText), cypherRun);
    rows.push({ name, graphqlMs: median(viaGraphql), cypherMs: median(viaCypher) });
    process.stderr.write(`  p95: GraphQL ${p95(viaGraphql).toFixed(2)} ms, Cypher ${p95(viaCypher).toFixed(2)} ms\n`);
  }
  const data = SCALE > 0 ? `the seed plus ${SCALE} synthetic enterprises` : 'the seed';
  console.log(`\n${data}; ${RUNS} runs each, alternating, after ${WARMUP} warm-up runs; median latency in milliseconds\n`);
  console.log('| query | GraphQL (ms) | hand-written Cypher (ms) | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.graphqlMs.toFixed(2)} | ${r.cypherMs.toFixed(2)} | ${(r.graphqlMs / r.cypherMs).toFixed(2)}× |`);
} finally {
  agent.destroy();
  await app.stop();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
}
