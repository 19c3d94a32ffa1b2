import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../global-setup.js';
import { DEFAULT_WARM_UP_OPERATIONS, projectRoot } from '../../src/config.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { Readiness } from '../../src/http/readiness.js';
import { loadWarmUpOperations } from '../../src/http/warm-up.js';
import type { Database } from '../../src/neo4j/database.js';
import { runServer, waitFor } from '../support/process.js';
import { startTestServer } from '../support/server.js';

/** A logger whose lines the test reads back. */
function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines, messages: () => lines.map((l) => l.msg as string) };
}

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-warm-up-'));
  db = testDatabase(inject('neo4jUri'));
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('readiness waits for the warm-up', () => {
  it('reports "warming up" (/readyz answers 503) until the warm-up has run, then ready', async () => {
    const { log } = capturingLogger();
    const readiness = new Readiness(db, log);
    await readiness.prepare();
    let finish!: () => void;
    readiness.warmUpWith(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(await readiness.check()).toEqual({ ready: false, reason: 'warming up' });
    finish();
    await readiness.warmedUp();
    expect(await readiness.check()).toEqual({ ready: true, neo4jVersion: expect.stringMatching(/^5\.26\./) });
  });

  it('starts a warm-up given before the database was prepared only once it is', async () => {
    const { log } = capturingLogger();
    const readiness = new Readiness(db, log);
    let started = 0;
    readiness.warmUpWith(async () => void (started += 1));
    expect(started).toBe(0);
    await readiness.prepare();
    await readiness.warmedUp();
    await readiness.prepare();
    expect(started).toBe(1);
  });
});

describe('the start-up warm-up on a real server', () => {
  it('runs every default operation once, in order, each logged with its time, and then reports ready', async () => {
    const { log, lines } = capturingLogger();
    const app = await startTestServer({ warmUpOperations: path.join(projectRoot, DEFAULT_WARM_UP_OPERATIONS) }, log);
    try {
      await waitFor(
        async () => ((await fetch(`${app.server.url}/readyz`)).status === 200 ? true : undefined),
        120_000,
        '/readyz to turn 200',
      );
      const runs = lines.filter((l) => l.msg === 'warm-up: operation run');
      // The names and their order are the unit test's concern (tests/unit/warm-up.test.ts).
      const { names } = await loadWarmUpOperations(path.join(projectRoot, DEFAULT_WARM_UP_OPERATIONS), await buildGraphQLSchema());
      expect(runs.map((l) => l.operation)).toEqual(names);
      expect(runs.map((l) => [l.step, l.of])).toEqual(runs.map((_, i) => [i + 1, names.length]));
      for (const run of runs) expect(typeof run.ms).toBe('number');
      expect(lines.find((l) => l.msg === 'warm-up done')).toMatchObject({ operations: names.length, failed: 0, ms: expect.any(Number) });
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('logs an operation that fails with its error, runs the rest, and serves anyway', async () => {
    const file = path.join(dir, 'ops.graphql');
    await writeFile(
      file,
      'query TooFar { paths(from: "institute/nimte", to: "org/zhenhai-state-assets", maxHops: 99) { length } }\nquery Health { health { edition } }\n',
    );
    const { log, lines } = capturingLogger();
    const app = await startTestServer({ warmUpOperations: file }, log);
    try {
      await waitFor(
        async () => ((await fetch(`${app.server.url}/readyz`)).status === 200 ? true : undefined),
        60_000,
        '/readyz to turn 200',
      );
      expect(
        lines
          .filter((l) => l.msg.startsWith('warm-up'))
          .map(({ msg, operation, step, of, error, failed, operations }) => ({ msg, operation, step, of, error, failed, operations })),
      ).toEqual([
        { msg: 'warm-up: operation failed', operation: 'TooFar', step: 1, of: 2, error: 'maxHops: must be between 1 and 6, got 99' },
        { msg: 'warm-up: operation run', operation: 'Health', step: 2, of: 2 },
        { msg: 'warm-up done', operations: 2, failed: 1 },
      ]);
    } finally {
      await app.stop();
    }
  });

  it('stops cleanly while warming up: the running operation ends first, the rest are skipped', async () => {
    const { log, lines, messages } = capturingLogger();
    const app = await startTestServer({ warmUpOperations: path.join(projectRoot, DEFAULT_WARM_UP_OPERATIONS) }, log);
    await app.stop();
    const runs = lines.filter((l) => l.msg === 'warm-up: operation run');
    const { names } = await loadWarmUpOperations(path.join(projectRoot, DEFAULT_WARM_UP_OPERATIONS), await buildGraphQLSchema());
    expect(runs.length).toBeLessThan(names.length);
    expect(messages()).not.toContain('warm-up done');
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });
});

describe('npm start with a warm-up file that cannot serve', () => {
  it('exits 2 with one line naming the file, before starting Neo4j', async () => {
    const file = path.join(dir, 'absent.graphql');
    const server = runServer({ WARM_UP: 'true', WARM_UP_OPERATIONS: file });
    expect(await server.exited).toBe(2);
    expect(server.stderr).toEqual([
      `chainkb: warm-up operations ${file} cannot be read (ENOENT): set WARM_UP_OPERATIONS to a GraphQL file, or WARM_UP=false`,
    ]);
    expect(server.stdout.map((l) => JSON.parse(l).msg)).not.toContain('starting embedded Neo4j');
  });
});
