import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import { freePort } from '../../src/neo4j/embedded.js';
import { javaPidsFor, runServer, waitFor, type ServerProcess } from '../support/process.js';
import { gql } from '../support/server.js';

// Tests that start a Java process: 15 s on a quiet machine, over 45 s on a busy one.
const JAVA_STARTS = { timeout: 240_000 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function track(server: ServerProcess) {
  cleanups.push(async () => {
    server.child.kill('SIGKILL');
    await server.exited;
  });
  return server;
}

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-fault-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('start-up refuses bad configuration', () => {
  it('exits 2 with one line naming the bad variable', async () => {
    const server = track(runServer({ PORT: 'abc' }));
    expect(await server.exited).toBe(2);
    expect(server.stderr).toEqual(['chainkb: invalid configuration: PORT must be a port number (got "abc")']);
  });

  it('exits 2 when NEO4J_URI comes without a password', async () => {
    const server = track(runServer({ NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_USERNAME: 'neo4j' }));
    expect(await server.exited).toBe(2);
    expect(server.stderr).toEqual(['chainkb: invalid configuration: NEO4J_PASSWORD is required when NEO4J_URI is set']);
  });
});

describe('the embedded Neo4j cannot start', JAVA_STARTS, () => {
  it('says so in one line when its port is taken', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    cleanups.push(() => new Promise((r) => blocker.close(r)));
    const server = track(runServer({ NEO4J_EMBEDDED_PORT: String(port), NEO4J_DATA_DIR: await tempDir(), PORT: String(await freePort()) }));
    expect(await server.exited).toBe(1);
    expect(server.stderr).toEqual([
      `chainkb: cannot start the embedded Neo4j: port ${port} on 127.0.0.1 is already in use: stop what uses it or set NEO4J_EMBEDDED_PORT to a free port`,
    ]);
  });

  it('says so in one line when Java is missing', async () => {
    const server = track(
      runServer({
        JAVA_HOME: '/nonexistent/jdk',
        NEO4J_EMBEDDED_PORT: String(await freePort()),
        NEO4J_DATA_DIR: await tempDir(),
        PORT: String(await freePort()),
      }),
    );
    expect(await server.exited).toBe(1);
    expect(server.stderr).toEqual([
      'chainkb: cannot start the embedded Neo4j: Java is not installed or not on PATH (looked for "/nonexistent/jdk/bin/java"): install Java 17+, set JAVA_HOME, or set NEO4J_URI to use an external Neo4j',
    ]);
  });
});

describe('Neo4j down, then back', JAVA_STARTS, () => {
  it('serves anyway, answers SERVICE_UNAVAILABLE fast, and recovers by itself', async () => {
    const boltPort = await freePort();
    const password = 'secret-password';
    const server = track(
      runServer({
        NEO4J_URI: `bolt://127.0.0.1:${boltPort}`,
        NEO4J_USERNAME: 'neo4j',
        NEO4J_PASSWORD: password,
        PORT: String(await freePort()),
      }),
    );
    const url = await server.listening;

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'unavailable', reason: 'DatabaseUnavailableError' });

    const started = Date.now();
    const res = await gql(url, '{ health { neo4jVersion } }');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.data).toBeNull();
    expect(res.errors).toEqual([
      {
        message: 'The knowledge graph database is not reachable right now; retry shortly.',
        path: ['health'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      },
    ]);

    const neo4j: EmbeddedNeo4j = await startEmbeddedNeo4j({
      port: boltPort,
      dataDir: await tempDir(),
      log: createLogger('silent'),
      password,
    });
    cleanups.push(() => neo4j.stop());
    await waitFor(async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), 90_000, '/readyz to turn 200');
    const healthy = await gql(url, '{ health { neo4jVersion } }');
    expect(healthy.data).toEqual({ health: { neo4jVersion: neo4j.version } });
  });
});

describe('shutdown leaves no Java process behind', JAVA_STARTS, () => {
  it('stops the embedded Neo4j on SIGINT (Ctrl-C) and exits 0', async () => {
    const dataDir = await tempDir();
    const server = track(
      runServer({
        NEO4J_DATA_DIR: dataDir,
        NEO4J_EMBEDDED_PORT: String(await freePort()),
        PORT: String(await freePort()),
        SEED_ON_START: 'false',
      }),
    );
    const url = await server.listening;
    expect((await gql(url, '{ health { edition } }')).data).toEqual({ health: { edition: 'community' } });
    expect(await javaPidsFor(dataDir)).toHaveLength(1);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(await javaPidsFor(dataDir)).toEqual([]);
  });

  it('the embedded Neo4j exits by itself when the server is killed outright', async () => {
    const dataDir = await tempDir();
    const server = track(
      runServer({
        NEO4J_DATA_DIR: dataDir,
        NEO4J_EMBEDDED_PORT: String(await freePort()),
        PORT: String(await freePort()),
        SEED_ON_START: 'false',
      }),
    );
    await server.listening;
    expect(await javaPidsFor(dataDir)).toHaveLength(1);
    server.child.kill('SIGKILL');
    await server.exited;
    await waitFor(async () => ((await javaPidsFor(dataDir)).length === 0 ? true : undefined), 30_000, 'the Java process to exit');
  });
});
