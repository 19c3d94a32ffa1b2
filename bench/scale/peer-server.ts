import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import express from 'express';
import neo4j, { type Driver } from 'neo4j-driver';
import type { RelationType } from '../../src/model/relation-types.js';
import { peerTypeDefs } from './peer-typedefs.js';

/**
 * The peer: @neo4j/graphql over the same Neo4j, with type definitions equivalent to chainkb's model
 * (peer-typedefs.ts), served by Apollo Server on Express as chainkb is. Run as a child process by
 * bench/scale/run.ts: NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD, PORT, and optionally
 * PEER_RELATION_TYPES (comma-separated; all when unset). With the request header
 * `x-chainkb-query-count: 1` the answer carries `extensions.cypherQueries`: the statements the
 * request ran, counted by a per-request wrapper around the driver (its `executionContext`).
 */
const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic(process.env.NEO4J_USERNAME!, process.env.NEO4J_PASSWORD!), {
  maxConnectionPoolSize: 16,
});
const types = process.env.PEER_RELATION_TYPES ? (process.env.PEER_RELATION_TYPES.split(',') as RelationType[]) : undefined;
const started = Date.now();
const schema = await new Neo4jGraphQL({ typeDefs: peerTypeDefs(types), driver }).getSchema();
process.stderr.write(`peer schema built in ${Date.now() - started} ms\n`);

interface PeerContext {
  executionContext: Driver;
  counter: { statements: number };
}

/** The driver, with every statement its sessions run counted into `counter`. */
function countingDriver(counter: { statements: number }): Driver {
  const countRuns = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'run') return (...args: unknown[]) => ((counter.statements += 1), value.apply(object, args));
        if (property === 'executeRead' || property === 'executeWrite')
          return (work: (tx: object) => unknown, ...rest: unknown[]) => value.call(object, (tx: object) => work(countRuns(tx)), ...rest);
        if (property === 'beginTransaction') return (...args: unknown[]) => countRuns(value.apply(object, args));
        return value.bind(object);
      },
    });
  return new Proxy(driver, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property === 'session') return (...args: unknown[]) => countRuns(value.apply(object, args));
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

const apollo = new ApolloServer<PeerContext>({
  schema,
  plugins: [
    {
      async requestDidStart({ request }) {
        const wanted = request.http?.headers.get('x-chainkb-query-count') === '1';
        return {
          async willSendResponse({ response, contextValue }) {
            if (wanted && response.body.kind === 'single')
              response.body.singleResult.extensions = {
                ...response.body.singleResult.extensions,
                cypherQueries: contextValue.counter.statements,
              };
          },
        };
      },
    },
  ],
});
await apollo.start();
const app = express();
app.use(
  '/graphql',
  express.json({ limit: '1mb' }),
  expressMiddleware(apollo, {
    context: async () => {
      const counter = { statements: 0 };
      return { executionContext: countingDriver(counter), counter };
    },
  }),
);
const server = http.createServer(app);
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`PEER_READY ${process.env.PORT}\n`));
process.on('SIGTERM', () =>
  server.close(
    () =>
      void apollo
        .stop()
        .then(() => driver.close())
        .then(() => process.exit(0)),
  ),
);
