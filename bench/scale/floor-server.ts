import http from 'node:http';
import { readFileSync } from 'node:fs';
import neo4j from 'neo4j-driver';
import type { MixQuery } from './mix.js';

/**
 * The floor: each query of the mix as one hand-written parameterised Cypher statement behind a plain
 * node:http handler (no framework, no GraphQL). `POST /q/<name>` with the parameters as the JSON
 * body answers `{"data": …}`, the same JSON chainkb answers, built by the statement itself. Run as a
 * child process by bench/scale/run.ts: NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD, PORT, and
 * SCALE_MIX_FILE (the mix, written by the orchestrator). With the request header
 * `x-chainkb-query-count: 1` the answer carries `extensions.cypherQueries` (always 1), as chainkb's does.
 */
const mix = JSON.parse(readFileSync(process.env.SCALE_MIX_FILE!, 'utf8')) as MixQuery[];
const statements = new Map(mix.map((q) => [q.name, q.floor.cypher]));
const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USERNAME!, process.env.NEO4J_PASSWORD!), {
  disableLosslessIntegers: true,
  maxConnectionPoolSize: 16,
});

/** JSON numbers are floats to the driver; whole ones go as Cypher integers (LIMIT takes no float), as a handler written for its query would pass them. */
const integers = (_key: string, value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? neo4j.int(value) : value);

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const cypher = req.method === 'POST' ? statements.get((req.url ?? '').replace(/^\/q\//, '')) : undefined;
    if (!cypher) return void res.writeHead(404).end();
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const params = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8'), integers) as Record<string, unknown>) : {};
      const result = await session.executeRead((tx) => tx.run(cypher, params));
      const body: Record<string, unknown> = { data: result.records[0]?.get('data') ?? null };
      if (req.headers['x-chainkb-query-count'] === '1') body.extensions = { cypherQueries: 1 };
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
    } catch (error) {
      const text = JSON.stringify({ errors: [{ message: String(error) }] });
      res.writeHead(500, { 'content-type': 'application/json' }).end(text);
    } finally {
      void session.close();
    }
  });
});
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`FLOOR_READY ${process.env.PORT}\n`));
process.on('SIGTERM', () => server.close(() => void driver.close().then(() => process.exit(0))));
