import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/neo4j/embedded.js';
import { javaPidsFor, runServer, waitFor, type ServerProcess } from '../support/process.js';
import { gql } from '../support/server.js';

// Each describe starts a Java process (15 s on a quiet machine, over 45 s on a busy one), and the
// restart starts another.
const JAVA_STARTS = { timeout: 300_000 };
/**
 * What /readyz and /healthz answer within, Neo4j up or down (they used to take 3–7.6 s while it was
 * down). Measured from this process, on 2 cores that the restarting JVM and other test files keep
 * busy, a few calls wait for the CPU; so 90% must be within FAST_MS and every one within SLOW_MS.
 */
const FAST_MS = 100;
const SLOW_MS = 1_000;
const ZHAOBAO = '{ node(id: "enterprise/zhaobao-magnet") { id } }';

interface OwnServer {
  server: ServerProcess;
  url: string;
  dataDir: string;
  boltPort: number;
}

/** A chainkb server as `npm start` runs it, on its own embedded Neo4j in a throw-away folder. */
async function startOwnServer(env: Record<string, string> = {}): Promise<OwnServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-supervision-'));
  const boltPort = await freePort();
  const server = runServer({
    NEO4J_DATA_DIR: dataDir,
    NEO4J_EMBEDDED_PORT: String(boltPort),
    PORT: String(await freePort()),
    SEED_ON_START: 'false',
    ...env,
  });
  return { server, url: await server.listening, dataDir, boltPort };
}

async function stopOwnServer(own: OwnServer | undefined) {
  if (!own) return;
  own.server.child.kill('SIGTERM');
  await own.server.exited;
  await rm(own.dataDir, { recursive: true, force: true });
}

async function timedGet(url: string): Promise<{ status: number; ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  return { status: res.status, ms: performance.now() - started, body };
}

function logLines(server: ServerProcess): { msg?: string; [key: string]: unknown }[] {
  return server.stdout.map((line) => JSON.parse(line) as { msg?: string });
}

async function javaPid(dataDir: string): Promise<number> {
  const pids = await javaPidsFor(dataDir);
  expect(pids).toHaveLength(1);
  return pids[0]!;
}

async function boltError(uri: string, auth: ReturnType<typeof neo4j.auth.basic> | undefined): Promise<string | undefined> {
  const driver = neo4j.driver(uri, auth);
  try {
    await driver.executeQuery('RETURN 1');
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    await driver.close();
  }
}

/** `npm run seed` (built, without the build step) with the server's embedded settings and no NEO4J_URI. */
async function runSeedAgainst(own: OwnServer): Promise<{ code: number | null; stderr: string[] }> {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../../dist/src/seed/cli.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      JAVA_HOME: process.env.JAVA_HOME,
      LOG_LEVEL: 'warn',
      NEO4J_DATA_DIR: own.dataDir,
      NEO4J_EMBEDDED_PORT: String(own.boltPort),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stderr };
}

describe('the embedded Neo4j of a running server', JAVA_STARTS, () => {
  let own: OwnServer | undefined;
  beforeAll(async () => {
    own = await startOwnServer();
  }, JAVA_STARTS.timeout);
  afterAll(() => stopOwnServer(own), 60_000);

  it('requires the password generated at start: in bolt.json (mode 0600), not on the command line; none or a wrong one is refused', async () => {
    const { dataDir, boltPort } = own!;
    const file = path.join(dataDir, 'bolt.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(await readFile(file, 'utf8')) as { uri: string; username: string; password: string };
    expect(credentials).toEqual({
      uri: `bolt://127.0.0.1:${boltPort}`,
      username: 'neo4j',
      password: expect.stringMatching(/^[\w-]{32}$/),
      pid: expect.any(Number),
    });
    const pid = await javaPid(dataDir);
    expect(await readFile(`/proc/${pid}/cmdline`, 'utf8')).not.toContain(credentials.password);
    expect(await readFile(`/proc/${pid}/environ`, 'utf8')).not.toContain(credentials.password);

    expect(await boltError(credentials.uri, undefined)).toBe('Neo.ClientError.Security.Unauthorized');
    expect(await boltError(credentials.uri, neo4j.auth.basic('neo4j', 'neo4j'))).toBe('Neo.ClientError.Security.Unauthorized');
    expect(await boltError(credentials.uri, neo4j.auth.basic('neo4j', `${credentials.password}x`))).toBe(
      'Neo.ClientError.Security.Unauthorized',
    );
    expect(await boltError(credentials.uri, neo4j.auth.basic(credentials.username, credentials.password))).toBeUndefined();
  });

  it('npm run seed loads into it through bolt.json instead of failing on the taken port', async () => {
    expect((await gql(own!.url, ZHAOBAO)).data).toEqual({ node: null });
    const seed = await runSeedAgainst(own!);
    expect(seed).toEqual({ code: 0, stderr: expect.any(Array) });
    expect((await gql(own!.url, ZHAOBAO)).data).toEqual({ node: { id: 'enterprise/zhaobao-magnet' } });
  });

  it('is restarted after SIGKILL: /readyz 503 and /healthz 200 within 100 ms meanwhile, then ready and answering again, same Node process', async () => {
    const { server, url, dataDir } = own!;
    const before = await gql(url, ZHAOBAO);
    expect(before.errors).toBeUndefined();
    const killed = await javaPid(dataDir);
    process.kill(killed, 'SIGKILL');

    const timings: number[] = [];
    const statuses = new Set<number>();
    await waitFor(
      async () => {
        const [ready, health] = await Promise.all([timedGet(`${url}/readyz`), timedGet(`${url}/healthz`)]);
        timings.push(ready.ms, health.ms);
        expect(health.status).toBe(200);
        statuses.add(ready.status);
        return statuses.has(503) && ready.status === 200 ? true : undefined;
      },
      240_000,
      '/readyz to go 503 and then 200 again',
    );
    const fast = timings.filter((ms) => ms < FAST_MS).length;
    expect(fast / timings.length, `within ${FAST_MS} ms: ${timings.map(Math.round).join(', ')}`).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...timings)).toBeLessThan(SLOW_MS);

    expect(server.child.exitCode).toBeNull();
    expect(await javaPid(dataDir)).not.toBe(killed);
    expect(await gql(url, ZHAOBAO)).toMatchObject({ status: 200, data: before.data });
    expect((await gql(url, '{ health { edition } }')).data).toEqual({ health: { edition: 'community' } });
    const logs = logLines(server);
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: expect.stringMatching(/^embedded Neo4j exited unexpectedly/), signal: 'SIGKILL' }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'restarting the embedded Neo4j', attempt: 1 }));
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'embedded Neo4j recovered', attempt: 1 }));
  });
});

describe('restarts that keep failing', JAVA_STARTS, () => {
  let own: OwnServer | undefined;
  let blocker: net.Server | undefined;
  afterAll(async () => {
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    await stopOwnServer(own);
  }, 60_000);

  it('end in exit 1 with one line, after NEO4J_EMBEDDED_MAX_RESTARTS attempts, and no Java process left', async () => {
    own = await startOwnServer({ NEO4J_EMBEDDED_MAX_RESTARTS: '2' });
    const { server, dataDir, boltPort } = own;
    process.kill(await javaPid(dataDir), 'SIGKILL');
    // A real failure: the port is taken before the first attempt (1 s later) can bind it.
    blocker = await waitFor(() => listen(boltPort), 10_000, `port ${boltPort} to be free`);

    expect(await server.exited).toBe(1);
    expect(server.stderr).toEqual([
      `chainkb: the embedded Neo4j exited (killed by SIGKILL) and 2 restart attempt(s) failed; last: port ${boltPort} on 127.0.0.1 is already in use: stop what uses it or set NEO4J_EMBEDDED_PORT to a free port`,
    ]);
    const failures = logLines(server).filter((l) => l.msg === 'restarting the embedded Neo4j failed');
    expect(failures.map((l) => l.attempt)).toEqual([1, 2]);
    expect(await javaPidsFor(dataDir)).toEqual([]);
    await expect(stat(path.join(dataDir, 'bolt.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    // Connections (the server's driver trying Bolt) are dropped at once, so close() need not wait for them.
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
