import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import neo4j, { type Driver } from 'neo4j-driver';
import { createLogger } from '../../src/logger.js';
import { Database } from '../../src/neo4j/database.js';
import { freePort, generateBoltPassword, startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/neo4j/embedded.js';
import type { RelationType } from '../../src/model/relation-types.js';
import { addScaledData } from '../scaled-data.js';
import type { LoadAnswer, LoadRequest, Target } from './load-worker.js';
import { buildMix, mixRelationTypes, type HubSpec, type MixParams, type MixQuery } from './mix.js';
import { formatReport, type QueryResult, type ScaleResult, type ServerName, type BenchReport } from './report.js';

/**
 * `npm run bench:scale`: the query mix (mix.ts) against three servers over the same Neo4j, at each
 * scale in turn: the floor (floor-server.ts), the peer (@neo4j/graphql, peer-server.ts) and chainkb
 * (`node dist/src/main.js`), each a child process. Per scale: one embedded Neo4j on a copy of the
 * generator's data directory; the query parameters picked from the data; a preflight (every query
 * once per server: errors, Cypher statements, answer size, the floor's and chainkb's answers
 * compared); p50/p99 at concurrency 1 (the servers alternating); throughput at concurrency 8 with
 * each server's and Neo4j's CPU per request from /proc; Node RSS and Neo4j's heap. Progress on
 * stderr; the report as Markdown on stdout and into SCALE_OUT.md, and as JSON into SCALE_OUT.json.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const settings = {
  /** label=dir pairs; a missing dir is skipped (and said so). */
  dataDirs: (env.SCALE_DATA_DIRS ?? '10k=/tmp/chainkb-gen-10k,100k=/tmp/chainkb-gen-100k,1m=/tmp/chainkb-gen-1m').split(',').map((pair) => {
    const [label, dir] = pair.split('=');
    return { label: label!, dir: dir! };
  }),
  /** Instead of data dirs: throwaway scales of the seed plus `bench/scaled-data.ts` (comma-separated enterprise counts), for debugging the harness. */
  synthetic: env.SCALE_SYNTHETIC ? env.SCALE_SYNTHETIC.split(',').map(Number) : undefined,
  chainkbDir: path.resolve(env.CHAINKB_DIR ?? ROOT),
  warmupRounds: Number(env.SCALE_WARMUP ?? 100),
  warmupSeconds: Number(env.SCALE_WARMUP_SECONDS ?? 15),
  rounds: Number(env.SCALE_ROUNDS ?? 300),
  latencySeconds: Number(env.SCALE_LATENCY_SECONDS ?? 25),
  throughputSeconds: Number(env.SCALE_THROUGHPUT_SECONDS ?? 5),
  concurrency: Number(env.SCALE_CONCURRENCY ?? 8),
  out: path.resolve(env.SCALE_OUT ?? path.join(ROOT, 'bench/scale/results')),
  only: env.SCALE_QUERIES?.split(','),
};
const SERVERS: ServerName[] = ['floor', 'peer', 'chainkb'];
const log = createLogger('warn');
const say = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CLK_TCK = 100;

// ---------------------------------------------------------------------------------------------
// Progress: every step has a planned upper bound, so the ETA is the plan's remainder.
const plan = { totalS: 0, doneS: 0, start: performance.now() };
function planned(seconds: number) {
  plan.totalS += seconds;
}
function stepDone(seconds: number, line: string) {
  plan.doneS += seconds;
  const elapsed = (performance.now() - plan.start) / 1000;
  // Steps finish early or late: scale the remaining plan by how the plan has gone so far.
  const pace = plan.doneS > 0 ? elapsed / plan.doneS : 1;
  const eta = Math.max(0, (plan.totalS - plan.doneS) * pace);
  say(`${line} · ${Math.round((100 * plan.doneS) / plan.totalS)}% · ETA ${fmtDuration(eta)}`);
}
const fmtDuration = (s: number) => (s >= 90 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

// ---------------------------------------------------------------------------------------------
// Child processes
interface Child {
  name: ServerName;
  url: string;
  proc: ChildProcess;
  logFile: string;
}

async function startChild(
  name: ServerName,
  script: string,
  extraEnv: NodeJS.ProcessEnv,
  ready: (url: string) => Promise<boolean>,
): Promise<Child> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `chainkb-scale-${name}-${process.pid}.log`);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ...extraEnv };
  const proc = spawn(process.execPath, [script], {
    cwd: name === 'chainkb' ? settings.chainkbDir : ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile);
  proc.stdout!.pipe(out);
  proc.stderr!.pipe(out);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode} before it was ready:\n${await tail(logFile)}`);
    if (await ready(url).catch(() => false)) return { name, url, proc, logFile };
    await sleep(300);
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} was not ready after 300 s:\n${await tail(logFile)}`);
}

async function stopChild(child: Child | undefined) {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((resolve) => child.proc.once('exit', resolve));
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function tail(file: string, lines = 30): Promise<string> {
  return (await readFile(file, 'utf8').catch(() => '')).trimEnd().split('\n').slice(-lines).join('\n');
}

/** utime + stime of a process, in ms, from /proc/<pid>/stat. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** VmRSS and VmHWM (peak) in MB, from /proc/<pid>/status. */
async function memoryMb(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------
// The load worker
const worker = new Worker(new URL('./load-worker.js', import.meta.url));
function load<T extends LoadAnswer['kind']>(request: LoadRequest & { kind: T }): Promise<Extract<LoadAnswer, { kind: T }>> {
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (answer: LoadAnswer) => {
      worker.off('error', reject);
      resolve(answer as Extract<LoadAnswer, { kind: T }>);
    });
    worker.postMessage(request);
  });
}

function targetOf(server: ServerName, child: Child, query: MixQuery, countHeader = false): Target | undefined {
  const headers = countHeader ? { 'x-chainkb-query-count': '1' } : undefined;
  if (server === 'floor') return { url: `${child.url}/q/${query.name}`, body: JSON.stringify(query.floor.params), headers };
  if (server === 'chainkb') return { url: `${child.url}/graphql`, body: JSON.stringify(query.chainkb), headers };
  if ('unsupported' in query.peer) return undefined;
  return { url: `${child.url}/graphql`, body: JSON.stringify({ query: query.peer.query, variables: query.peer.variables }), headers };
}

// ---------------------------------------------------------------------------------------------
// The data: facts and query parameters

async function readFacts(driver: Driver) {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  const one = async (cypher: string, params: Record<string, unknown> = {}) =>
    (await session.run(cypher, params)).records[0]?.toObject() as Record<string, any> | undefined;
  try {
    const entities = Number((await one('MATCH (n:Entity) RETURN count(n) AS c'))!.c);
    const relations = Number((await one('MATCH ()-[r]->() RETURN count(r) AS c'))!.c);
    const hubRow = (await one(
      'MATCH (n:Entity) WITH n, COUNT { (n)--() } AS d ORDER BY d DESC, n.id LIMIT 1 RETURN n.id AS id, [l IN labels(n) WHERE l <> "Entity"][0] AS kind, d',
    ))!;
    const dominant = (await one(
      'MATCH (h:Entity {id: $id})-[r]-() RETURN type(r) AS type, CASE WHEN startNode(r) = h THEN "OUT" ELSE "IN" END AS direction, count(*) AS c ORDER BY c DESC LIMIT 1',
      { id: hubRow.id },
    ))!;
    const median = Number((await one('MATCH (n:Entity) RETURN percentileDisc(COUNT { (n)--() }, 0.5) AS d'))!.d);
    const quiet = (await one(
      `MATCH (n:Entity) WHERE COUNT { (n)--() } = $median
       WITH n ORDER BY n.id LIMIT 1000
       CALL (n) { MATCH (n)--(m) RETURN max(COUNT { (m)--() }) AS reach }
       RETURN n.id AS id, reach ORDER BY reach, id LIMIT 1`,
      { median: neo4j.int(median) },
    ))!;
    const seedIds = ['enterprise/zhaobao-magnet', 'designation/single-champion', 'institute/nimte', 'org/zhenhai-state-assets'];
    const present = (await one(
      'UNWIND $ids AS id OPTIONAL MATCH (n:Entity {id: id}) RETURN collect(CASE WHEN n IS NULL THEN id END) AS missing',
      { ids: seedIds },
    ))!;
    const hub: HubSpec = {
      id: hubRow.id,
      kind: hubRow.kind,
      type: dominant.type as RelationType,
      direction: dominant.direction,
      degree: Number(hubRow.d),
    };
    return {
      entities,
      relations,
      hub,
      hubTypeCount: Number(dominant.c),
      median,
      quiet: { id: quiet.id as string, reach: Number(quiet.reach) },
      missingSeedIds: present.missing as string[],
    };
  } finally {
    await session.close();
  }
}

/** Neo4j's heap in use and its maximum, in MB, from its JMX bean. */
async function neo4jHeapMb(driver: Driver): Promise<{ used: number; max: number } | undefined> {
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.run("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes RETURN attributes");
    const heap = result.records[0]?.get('attributes')?.HeapMemoryUsage?.value?.properties;
    if (!heap) return undefined;
    return { used: Number(heap.used) / 2 ** 20, max: Number(heap.max) / 2 ** 20 };
  } catch {
    return undefined;
  } finally {
    await session.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Answers

/** The answer's size: how many entity names, labels and ids it holds (the same walk for all three servers' JSON). */
function answerSize(data: unknown): number {
  let count = 0;
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'name' || key === 'label') && typeof inner === 'string') count += 1;
        else walk(inner);
      }
  };
  walk(data);
  return count;
}

/** JSON with object keys sorted, numbers as they print: two answers are the same when their texts are. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** Where two answers first differ, for the report. */
function firstDifference(a: unknown, b: unknown, at = 'data'): string | undefined {
  if (canonical(a) === canonical(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items against ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as any)[key], (b as any)[key], `${at}.${key}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 120)} against ${JSON.stringify(b)?.slice(0, 120)}`;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! : NaN;

// ---------------------------------------------------------------------------------------------
// One scale

interface Dataset {
  label: string;
  /** A data dir to copy, or the number of synthetic enterprises on the seed. */
  dir?: string;
  synthetic?: number;
}

async function runScale(dataset: Dataset): Promise<ScaleResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), `chainkb-scale-${dataset.label}-`));
  let embedded: EmbeddedNeo4j | undefined;
  let driver: Driver | undefined;
  const children: Partial<Record<ServerName, Child>> = {};
  try {
    const started = performance.now();
    const dataDir = path.join(work, 'data');
    if (dataset.dir) {
      say(`[${dataset.label}] copying ${dataset.dir} (the generator's data stays untouched)`);
      await cp(dataset.dir, dataDir, { recursive: true });
      await rm(path.join(dataDir, 'bolt.json'), { force: true });
    }
    embedded = await startEmbeddedNeo4j({ port: await freePort(), dataDir, log, password: generateBoltPassword() });
    say(
      `[${dataset.label}] Neo4j ${embedded.version} ready at ${embedded.uri} (pid ${embedded.pid}) after ${Math.round((performance.now() - started) / 1000)} s`,
    );
    const neo4jEnv = { NEO4J_URI: embedded.uri, NEO4J_USERNAME: embedded.username, NEO4J_PASSWORD: embedded.password };
    driver = neo4j.driver(embedded.uri, neo4j.auth.basic(embedded.username, embedded.password));

    // chainkb first: it applies its schema (constraints and indexes) at start, which all three then share.
    children.chainkb = await startChild(
      'chainkb',
      path.join(settings.chainkbDir, 'dist/src/main.js'),
      { ...neo4jEnv, SEED_ON_START: dataset.synthetic !== undefined ? 'true' : 'false', WARM_UP: 'false', LOG_LEVEL: 'warn' },
      async (url) => (await fetch(`${url}/readyz`)).ok,
    );
    if (dataset.synthetic) {
      const db = new Database(
        embedded.uri,
        { username: embedded.username, password: embedded.password },
        { database: undefined, queryTimeoutMs: 600_000, connectTimeoutMs: 10_000 },
        log,
      );
      await addScaledData(db, dataset.synthetic, (line) => say(`[${dataset.label}] ${line.trim()}`));
      await db.close();
    }
    await driver.executeQuery('CALL db.awaitIndexes(600)');
    const facts = await readFacts(driver);
    say(
      `[${dataset.label}] ${facts.entities.toLocaleString('en')} entities, ${facts.relations.toLocaleString('en')} relations; hub ${facts.hub.id} (${facts.hub.degree} relations, ${facts.hubTypeCount} ${facts.hub.direction} ${facts.hub.type}); median degree ${facts.median}: ${facts.quiet.id} (neighbours' max degree ${facts.quiet.reach})${facts.missingSeedIds.length ? `; MISSING seed ids: ${facts.missingSeedIds.join(', ')}` : ''}`,
    );
    const params: MixParams = {
      enterprise: 'enterprise/zhaobao-magnet',
      designation: 'designation/single-champion',
      searchText: '招宝',
      pathFrom: 'institute/nimte',
      pathTo: 'org/zhenhai-state-assets',
      hub: facts.hub,
      quiet: facts.quiet.id,
    };
    const mix = buildMix(params).filter((q) => !settings.only || settings.only.includes(q.name));
    const mixFile = path.join(work, 'mix.json');
    await writeFile(mixFile, JSON.stringify(mix));
    children.floor = await startChild(
      'floor',
      path.join(ROOT, 'dist/bench/scale/floor-server.js'),
      { ...neo4jEnv, SCALE_MIX_FILE: mixFile },
      async (url) => (await fetch(`${url}/q/none`, { method: 'POST' })).status === 404,
    );
    children.peer = await startChild(
      'peer',
      path.join(ROOT, 'dist/bench/scale/peer-server.js'),
      { ...neo4jEnv, PEER_RELATION_TYPES: mixRelationTypes(params).join(',') },
      async (url) => (await fetch(`${url}/graphql?query=%7B__typename%7D`, { headers: { 'apollo-require-preflight': '1' } })).ok,
    );
    const pids = { floor: children.floor.proc.pid!, peer: children.peer.proc.pid!, chainkb: children.chainkb.proc.pid! };
    const memoryAtStart = Object.fromEntries(await Promise.all(SERVERS.map(async (s) => [s, (await memoryMb(pids[s])).rss]))) as Record<
      ServerName,
      number
    >;

    // Heap sampled every 2 s through the run: its maximum is the figure (a single reading lands anywhere in a GC cycle).
    const heapSamples: number[] = [];
    let heapMax = 0;
    const heapTimer = setInterval(() => void neo4jHeapMb(driver!).then((h) => h && (heapSamples.push(h.used), (heapMax = h.max))), 2000);

    const queries: QueryResult[] = [];
    for (const query of mix) {
      const result: QueryResult = { name: query.name, title: query.title, servers: {} };
      if ('unsupported' in query.peer) result.peerUnsupported = query.peer.unsupported;
      else if (!query.peer.equivalent) result.peerNote = query.peer.note;
      // Preflight: each server once, with the statement count asked for.
      const answers: Partial<Record<ServerName, unknown>> = {};
      for (const server of SERVERS) {
        const target = targetOf(server, children[server]!, query, true);
        if (!target) continue;
        const once = await load({ kind: 'once', target });
        let parsed: {
          data?: unknown;
          errors?: { message: string; extensions?: { code?: string } }[];
          extensions?: { cypherQueries?: number };
        } = {};
        try {
          parsed = JSON.parse(once.text);
        } catch {
          parsed = { errors: [{ message: once.text.slice(0, 300) }] };
        }
        const error =
          once.status !== 200 || parsed.errors?.length
            ? `HTTP ${once.status}: ${(parsed.errors ?? [])
                .map((e) => `${e.extensions?.code ?? ''} ${e.message}`)
                .join('; ')
                .slice(0, 400)}`
            : undefined;
        result.servers[server] = {
          firstMs: once.ms,
          statements: parsed.extensions?.cypherQueries,
          bytes: Buffer.byteLength(once.text),
          size: answerSize(parsed.data),
          error,
        };
        answers[server] = parsed.data;
        if (error) say(`[${dataset.label}] ${query.name}: ${server} FAILED: ${error}`);
      }
      if (!result.servers.floor?.error && !result.servers.chainkb?.error)
        result.sameAnswer = firstDifference(answers.floor, answers.chainkb) ?? true;
      if (result.sameAnswer !== true && result.sameAnswer !== undefined)
        say(`[${dataset.label}] ${query.name}: the floor's and chainkb's answers differ: ${result.sameAnswer}`);

      const live = SERVERS.filter((s) => result.servers[s] && !result.servers[s]!.error);
      // Latency at concurrency 1, the servers alternating.
      const latencyBudget = settings.warmupSeconds + settings.latencySeconds;
      const t0 = performance.now();
      const latency = await load({
        kind: 'latency',
        targets: live.map((s) => targetOf(s, children[s]!, query)!),
        warmup: settings.warmupRounds,
        warmupMaxMs: settings.warmupSeconds * 1000,
        rounds: settings.rounds,
        maxMs: settings.latencySeconds * 1000,
      });
      live.forEach((s, i) => {
        const sorted = [...latency.samples[i]!].sort((a, b) => a - b);
        Object.assign(result.servers[s]!, {
          p50: quantile(sorted, 0.5),
          p99: quantile(sorted, 0.99),
          samples: sorted.length,
          latencyErrors: latency.errors[i]!.length,
          latencyError: latency.errors[i]![0],
        });
      });
      const latencyS = (performance.now() - t0) / 1000;
      stepDone(
        latencyBudget,
        `[${dataset.label}] ${query.name}: c=1 ${live.map((s) => `${s} p50 ${result.servers[s]!.p50?.toFixed(2)} ms`).join(', ')} (${latency.samples[0]?.length ?? 0} rounds in ${latencyS.toFixed(1)} s)`,
      );

      // Throughput at concurrency 8, one server at a time, with the server's and Neo4j's CPU.
      for (const s of live) {
        const before = { server: await cpuMs(pids[s]), neo4j: await cpuMs(embedded.pid) };
        const tp = await load({
          kind: 'throughput',
          target: targetOf(s, children[s]!, query)!,
          concurrency: settings.concurrency,
          ms: settings.throughputSeconds * 1000,
        });
        const after = { server: await cpuMs(pids[s]), neo4j: await cpuMs(embedded.pid) };
        const total = tp.requests + tp.errors;
        Object.assign(result.servers[s]!, {
          throughput: (tp.requests * 1000) / tp.ms,
          throughputErrors: tp.errors,
          throughputError: tp.firstError,
          cpuMsPerRequest: total ? (after.server - before.server) / total : undefined,
          neo4jCpuMsPerRequest: total ? (after.neo4j - before.neo4j) / total : undefined,
          p50AtConcurrency: quantile(
            [...tp.latencies].sort((a, b) => a - b),
            0.5,
          ),
        });
        stepDone(
          settings.throughputSeconds,
          `[${dataset.label}] ${query.name}: c=${settings.concurrency} ${s} ${((tp.requests * 1000) / tp.ms).toFixed(1)} req/s, ${result.servers[s]!.cpuMsPerRequest?.toFixed(2)} ms server CPU/request${tp.errors ? `, ${tp.errors} errors: ${tp.firstError}` : ''}`,
        );
      }
      // Steps planned for servers that could not run this query.
      stepDone((SERVERS.length - live.length) * settings.throughputSeconds, `[${dataset.label}] ${query.name}: done`);
      queries.push(result);
    }
    clearInterval(heapTimer);
    const heapEnd = await neo4jHeapMb(driver);
    const memory = Object.fromEntries(
      await Promise.all(SERVERS.map(async (s) => [s, { start: memoryAtStart[s], ...(await memoryMb(pids[s])) }])),
    ) as ScaleResult['memory'];
    const neo4jMemory = await memoryMb(embedded.pid);
    return {
      label: dataset.label,
      dataDir: dataset.dir,
      synthetic: dataset.synthetic,
      facts,
      params,
      queries,
      memory,
      neo4j: {
        version: embedded.version,
        rssMb: neo4jMemory.rss,
        peakRssMb: neo4jMemory.peak,
        heapUsedMaxMb: Math.max(0, ...heapSamples, heapEnd?.used ?? 0),
        heapUsedEndMb: heapEnd?.used,
        heapMaxMb: heapMax || heapEnd?.max,
      },
    };
  } finally {
    for (const s of SERVERS) await stopChild(children[s]).catch(() => {});
    await driver?.close();
    await embedded?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const datasets: Dataset[] = settings.synthetic
  ? settings.synthetic.map((n) => ({ label: `seed+${n}`, synthetic: n }))
  : settings.dataDirs.filter((d) => {
      if (existsSync(d.dir)) return true;
      say(`skipping ${d.label}: ${d.dir} does not exist`);
      return false;
    });
if (datasets.length === 0) throw new Error('no data: set SCALE_DATA_DIRS (label=dir,...) or SCALE_SYNTHETIC (enterprise counts)');
const mixSize = settings.only?.length ?? 8;
for (let i = 0; i < datasets.length; i++)
  planned(mixSize * (settings.warmupSeconds + settings.latencySeconds + SERVERS.length * settings.throughputSeconds));
say(
  `scale benchmark: ${datasets.map((d) => d.label).join(', ')}; chainkb from ${settings.chainkbDir}; planned at most ${fmtDuration(plan.totalS)} of load plus start-ups`,
);

const report: BenchReport = {
  startedAt: new Date().toISOString(),
  machine: {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg()[0]!,
    launcherJvmArgs: (await readFile(path.join(ROOT, 'neo4j-embedded/jvm-args.txt'), 'utf8'))
      .split('\n')
      .filter((l) => /^-Xm[sx]/.test(l.trim()))
      .join(' '),
  },
  chainkbCommit: await gitCommit(settings.chainkbDir),
  settings: { ...settings, dataDirs: settings.dataDirs.map((d) => `${d.label}=${d.dir}`).join(','), out: undefined },
  scales: [],
};
try {
  for (const dataset of datasets) {
    try {
      report.scales.push(await runScale(dataset));
    } catch (error) {
      say(`[${dataset.label}] FAILED: ${(error as Error).stack ?? error}`);
      report.scales.push({
        label: dataset.label,
        dataDir: dataset.dir,
        synthetic: dataset.synthetic,
        failed: String((error as Error).message ?? error),
      } as ScaleResult);
    }
  }
} finally {
  await worker.terminate();
}
report.finishedAt = new Date().toISOString();
report.machine.loadAverageAtEnd = os.loadavg()[0]!;
const markdown = formatReport(report);
await writeFile(`${settings.out}.json`, `${JSON.stringify(report, null, 2)}\n`);
await writeFile(`${settings.out}.md`, markdown);
console.log(markdown);
say(`written ${settings.out}.md and ${settings.out}.json`);

async function gitCommit(dir: string): Promise<string | undefined> {
  const marker = path.join(dir, 'COMMIT');
  if (existsSync(marker)) return (await readFile(marker, 'utf8')).trim();
  return new Promise((resolve) => {
    const git = spawn('git', ['-C', dir, 'describe', '--always', '--dirty'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    git.stdout.on('data', (d: Buffer) => (out += d));
    git.on('exit', () => resolve(out.trim() || undefined));
  });
}
