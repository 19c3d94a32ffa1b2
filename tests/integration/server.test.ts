import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/neo4j/embedded.js';
import { runServer } from '../support/process.js';
import { gql, startTestServer } from '../support/server.js';

let app: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  app = await startTestServer();
});
afterAll(() => app?.stop());

describe('the HTTP server on a real Neo4j', () => {
  it('answers the health query with the version Neo4j itself reports', async () => {
    const res = await app.gql('{ health { neo4jVersion edition } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.health.neo4jVersion).toMatch(/^5\.26\.\d+/);
    expect(res.data.health.edition).toBe('community');
  });

  it('reports liveness without touching Neo4j and readiness with its version', async () => {
    const live = await fetch(`${app.server.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', neo4jVersion: expect.stringMatching(/^5\.26\./) });
  });

  it('serves GraphiQL at /graphql to a browser, with every asset from this server', async () => {
    const page = await fetch(`${app.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    // GraphiQL's stylesheet, React, ReactDOM, GraphiQL, and our script that starts it.
    expect(assets.length).toBe(5);
    for (const asset of assets) {
      expect(asset.startsWith('/assets/'), `${asset} must be served locally`).toBe(true);
      const res = await fetch(`${app.server.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(asset.startsWith('/assets/chainkb/') ? 200 : 1000);
    }
  });

  it('rejects an unknown field with a validation error and no stack trace', async () => {
    const res = await app.gql('{ health { nope } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toBe('Cannot query field "nope" on type "Health".');
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('rejects a malformed query with a parse error naming the problem', async () => {
    const res = await app.gql('{ health { ');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/^Syntax Error/);
  });
});

describe('the production configuration (NODE_ENV=production, as in the Docker image)', () => {
  it('still answers introspection, which GraphiQL needs (Apollo turns it off there by default)', async () => {
    const server = runServer({
      NODE_ENV: 'production',
      NEO4J_URI: inject('neo4jUri'),
      NEO4J_USERNAME: inject('neo4jAuth').username,
      NEO4J_PASSWORD: inject('neo4jAuth').password,
      SEED_ON_START: 'false',
      PORT: String(await freePort()),
    });
    try {
      const res = await gql(await server.listening, '{ __schema { queryType { name } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
