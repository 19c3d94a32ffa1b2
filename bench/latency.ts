import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

/**
 * `npm run bench`: median latency of GraphQL queries through the whole server (HTTP, Apollo,
 * resolvers, DataLoader, driver) against one hand-written Cypher query fetching the same data
 * through the driver alone. Runs on the configured Neo4j (embedded by default) with the seed.
 */
// The JVM compiles Neo4j's hot paths over the first ~1,000 statements; measuring before that
// measures the JIT, not the queries.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1500);
const RUNS = Number(process.env.BENCH_RUNS ?? 500);

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
  findRelations(from: { kinds: [ResearchInstitute] }, steps: [{ types: [LICENSED_PATENTS_TO] }], to: { designation: "designation/single-champion" }) {
    edges { node { from { id name } to { id name } path { relations { type count evidence { paragraph quote } } } } }
  }
}`;
const relationCypher = `MATCH (i:ResearchInstitute)-[r:LICENSED_PATENTS_TO]->(e:Entity)
  WHERE EXISTS { (e)-[:HOLDS_DESIGNATION]->(:Designation {id: $designation}) }
  RETURN i {.id, .name} AS from, e {.id, .name} AS to, r.count AS count, r.evidenceParagraphs AS paragraphs, r.evidenceQuotes AS quotes
  ORDER BY i.name, e.name`;

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

const config = { ...loadConfig(), port: 0 };
const app = await startApp(config, createLogger('warn'));
const url = new URL(`${app.server.url}/graphql`);
// node:http with one kept-alive connection, like a browser or a CDN in front of the API: fetch
// (undici) costs ~0.3–0.8 ms more per call on this machine, which is the client's time, not ours.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const graphql = (query: string) =>
  new Promise<void>((resolve, reject) => {
    const body = JSON.stringify({ query });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: unknown };
        if (answer.errors) reject(new Error(JSON.stringify(answer.errors)));
        else resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
const cypher = (text: string, params: Record<string, unknown> = {}) => app.connection.db.read({ cypher: text, params });

try {
  const rows: { name: string; graphqlMs: number; cypherMs: number }[] = [];
  for (const [name, gqlText, cypherRun] of [
    ['3-level nested query (enterprises → chains → members)', nestedQuery, () => cypher(nestedCypher)],
    ['relation query (institutes → licensed patents → champion firms)', relationQuery, () => cypher(relationCypher, { designation: 'designation/single-champion' })],
  ] as const) {
    process.stderr.write(`${name}\n`);
    const { graphql: viaGraphql, cypher: viaCypher } = await measurePair(() => graphql(gqlText), cypherRun);
    rows.push({ name, graphqlMs: median(viaGraphql), cypherMs: median(viaCypher) });
    process.stderr.write(`  p95: GraphQL ${p95(viaGraphql).toFixed(2)} ms, Cypher ${p95(viaCypher).toFixed(2)} ms\n`);
  }
  console.log(`\n${RUNS} runs each, alternating, after ${WARMUP} warm-up runs; median latency in milliseconds\n`);
  console.log('| query | GraphQL (ms) | hand-written Cypher (ms) | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.graphqlMs.toFixed(2)} | ${r.cypherMs.toFixed(2)} | ${(r.graphqlMs / r.cypherMs).toFixed(2)}× |`);
} finally {
  agent.destroy();
  await app.stop();
}
