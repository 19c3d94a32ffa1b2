import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { MAX_COST } from '../src/graphql/cost.js';
import type { ClientsMessage, ClientsSettings, Outcome } from './soak-clients.js';
import { soakMix, type MixedOperation } from './soak-operations.js';
import { buildReport, formatReport, type HealthSample, type RssSample } from './soak-report.js';
import { residentMb, runningServer, startServerProcess, type SoakServer } from './soak-server.js';

/**
 * `npm run soak`: SOAK_CLIENTS clients (50) for SOAK_SECONDS (60) over a query mix that includes the
 * most expensive operation the cost limit allows and one it must refuse (soak-operations.ts), against
 * a server it starts as a child process on a throwaway embedded Neo4j with the seed (plus
 * SOAK_SCALE synthetic enterprises), or against SOAK_URL (with SOAK_SERVER_PID for its RSS).
 * Meanwhile it samples `/healthz` every 100 ms and the server's RSS every 5 s. Prints progress every
 * 5 s, then the figures as a Markdown table and as JSON (also written to SOAK_JSON when set).
 * Exits 1 if any request failed or the server died.
 */
const settings = {
  clients: Number(process.env.SOAK_CLIENTS ?? 50),
  seconds: Number(process.env.SOAK_SECONDS ?? 60),
  url: process.env.SOAK_URL,
  serverPid: process.env.SOAK_SERVER_PID ? Number(process.env.SOAK_SERVER_PID) : undefined,
  scale: Number(process.env.SOAK_SCALE ?? 0),
  // The limit the server enforces: the server's default unless MAX_QUERY_COST says otherwise (it is passed on to the child).
  maxCost: Number(process.env.MAX_QUERY_COST ?? MAX_COST),
  expensiveAliases: Number(process.env.SOAK_EXPENSIVE_ALIASES ?? 10),
  jsonFile: process.env.SOAK_JSON,
};
// Far above any answer's time under the limits: a request that takes this long has hung.
const REQUEST_TIMEOUT_MS = 60_000;
const HEALTH_INTERVAL_MS = 100;
const RSS_INTERVAL_MS = 5_000;
const PROGRESS_INTERVAL_MS = 5_000;

const say = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each operation once before the clients start: the mix must answer without errors, the over-the-limit one with a 4xx. */
async function preflight(url: string, operations: MixedOperation[]): Promise<void> {
  for (const operation of operations) {
    const start = performance.now();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: operation.body });
    const text = await res.text();
    const ms = performance.now() - start;
    const codes = ((JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []).map((e) => e.extensions?.code);
    say(
      `  ${operation.name}: cost ${operation.cost}, HTTP ${res.status}, ${Math.round(ms)} ms, ${text.length} bytes${codes.length ? `, ${codes.join(', ')}` : ''}`,
    );
    const fine = operation.expectRefusal ? res.status >= 400 && res.status < 500 : res.ok && codes.length === 0;
    if (!fine) throw new Error(`${operation.name} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  }
}

/** Samples `/healthz` one after another, 100 ms apart, until stopped: a stalled event loop shows as one long sample. */
function sampleHealth(url: string): { stop: () => Promise<HealthSample[]> } {
  const samples: HealthSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then(
        async (res) => (await res.arrayBuffer(), res.ok),
        () => false,
      );
      const ms = performance.now() - start;
      samples.push({ ms, ok });
      await sleep(Math.max(0, HEALTH_INTERVAL_MS - ms));
    }
  })();
  return { stop: async () => ((running = false), await loop, samples) };
}

/** The server's and its Neo4j's RSS every 5 s (nothing when the server is not ours and no pid was given). */
function sampleRss(pid: number | undefined): { stop: () => Promise<RssSample[]> } {
  const samples: RssSample[] = [];
  const start = performance.now();
  const sample = async () => {
    const rss = pid === undefined ? undefined : await residentMb(pid);
    if (!rss) return;
    const atS = Math.round((performance.now() - start) / 1000);
    // The last sample, taken on stop, replaces one taken the same second by the timer.
    if (samples.at(-1)?.atS === atS) samples.pop();
    samples.push({ atS, serverRssMb: Math.round(rss.rssMb * 10) / 10, neo4jRssMb: Math.round(rss.childrenRssMb * 10) / 10 });
  };
  void sample();
  const timer = setInterval(() => void sample(), RSS_INTERVAL_MS);
  return { stop: async () => (clearInterval(timer), await sample(), samples) };
}

/** The clients' worker thread, printing its running totals every 5 s; resolves with every outcome. */
function runClients(clients: ClientsSettings, server: SoakServer): Promise<Record<string, Outcome[]>> {
  const worker = new Worker(new URL('./soak-clients.js', import.meta.url), { workerData: clients });
  const start = performance.now();
  let last = { atMs: 0, requests: 0 };
  let printedAt = 0;
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (message: ClientsMessage) => {
      if (message.kind === 'done') return void worker.terminate().then(() => resolve(message.outcomes));
      const atMs = performance.now() - start;
      if (atMs - printedAt < PROGRESS_INTERVAL_MS) return;
      const rate = ((message.requests - last.requests) * 1000) / (atMs - last.atMs);
      const eta = Math.max(0, clients.seconds - atMs / 1000);
      say(
        `  ${Math.round(atMs / 1000)} s: ${message.requests} requests, ${Math.round(rate)} req/s, ${message.errors} errors, ${message.refused} refused (expected), ETA ${Math.round(eta)} s${server.alive() ? '' : ', SERVER DIED'}`,
      );
      last = { atMs, requests: message.requests };
      printedAt = atMs;
    });
  });
}

async function startServer(): Promise<SoakServer> {
  if (settings.url) return runningServer(settings.url, settings.serverPid);
  say(
    `starting the server (node dist/src/main.js) on a throwaway embedded Neo4j${settings.scale > 0 ? ` with ${settings.scale} synthetic enterprises` : ''}`,
  );
  return startServerProcess(settings.scale, process.env.MAX_QUERY_COST ? settings.maxCost : undefined);
}

async function soak(server: SoakServer, operations: MixedOperation[]) {
  say(`preflight against ${server.url}:`);
  await preflight(server.url, operations);
  say(`${settings.clients} clients for ${settings.seconds} s`);
  const startedAt = new Date();
  const loadAtStart = os.loadavg()[0]!;
  const health = sampleHealth(server.url);
  const rss = sampleRss(server.pid);
  const start = performance.now();
  const clients: ClientsSettings = {
    graphqlUrl: `${server.url}/graphql`,
    clients: settings.clients,
    seconds: settings.seconds,
    timeoutMs: REQUEST_TIMEOUT_MS,
    operations,
  };
  const outcomes = await runClients(clients, server);
  const durationS = (performance.now() - start) / 1000;
  const loadAverage1m = { start: loadAtStart, end: os.loadavg()[0]! };
  const samples = { health: await health.stop(), rss: await rss.stop() };
  const report = buildReport({
    startedAt,
    url: server.url,
    clients: settings.clients,
    durationS,
    maxCost: settings.maxCost,
    loadAverage1m,
    operations,
    outcomes,
    ...samples,
  });
  return { report, serverAlive: server.alive() };
}

const operations = await soakMix(settings.maxCost, settings.expensiveAliases);
const expensive = operations.find((o) => o.name === 'expensive')!;
const refused = operations.find((o) => o.name === 'refused')!;
say(
  `most expensive operation: ${settings.expensiveAliases} aliased relation trees, cost ${expensive.cost} ≤ limit ${settings.maxCost}; the refused one costs ${refused.cost}`,
);
const server = await startServer();
let exitCode = 0;
try {
  const { report, serverAlive } = await soak(server, operations);
  console.log(formatReport(report));
  console.log(JSON.stringify(report, null, 2));
  if (settings.jsonFile) await writeFile(settings.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  if (server.logFile) say(`server log: ${server.logFile}`);
  if (report.failures > 0 || !serverAlive) exitCode = 1;
  if (!serverAlive) say('the server process died during the soak');
} finally {
  await server.stop();
}
process.exit(exitCode);
