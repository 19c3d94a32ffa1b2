import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The soak's load: `clients` concurrent clients, each sending one request after another until the
 * time is up, in a worker thread of their own so that the main thread's `/healthz` sampling and
 * progress lines never wait behind the clients' response handling. Messages out: `progress` every
 * second (running totals), then `done` with every request's outcome by operation.
 */
export interface SoakOperation {
  name: string;
  /** The JSON body to POST to /graphql. */
  body: string;
  /** Relative frequency in the mix. */
  weight: number;
  /** The server must refuse it with a 4xx (the over-the-limit request). */
  expectRefusal: boolean;
}

export interface ClientsSettings {
  graphqlUrl: string;
  clients: number;
  seconds: number;
  timeoutMs: number;
  operations: SoakOperation[];
}

/** One request: when it started (seconds into the run), its latency, its HTTP status (0 when no answer came: refused connection, timeout) and its GraphQL error codes. */
export interface Outcome {
  startS: number;
  ms: number;
  status: number;
  codes: string[];
}

export type ClientsMessage =
  { kind: 'progress'; requests: number; errors: number; refused: number } | { kind: 'done'; outcomes: Record<string, Outcome[]> };

/** Whether an outcome is a failure: the over-the-limit request must get a 4xx; everything else a 2xx without errors. */
export function isFailure(operation: Pick<SoakOperation, 'expectRefusal'>, outcome: Outcome): boolean {
  if (operation.expectRefusal) return outcome.status < 400 || outcome.status >= 500;
  return outcome.status < 200 || outcome.status >= 300 || outcome.codes.length > 0;
}

/**
 * The order each client sends operations in: every operation `weight` times, shuffled with a fixed
 * seed so runs are comparable and the expensive ones do not arrive in bursts. Client i starts at
 * its own offset, so at any moment the clients are spread over the whole mix.
 */
export function schedule(operations: SoakOperation[], seed = 20261201): SoakOperation[] {
  const list = operations.flatMap((operation) => Array.from({ length: operation.weight }, () => operation));
  // mulberry32: a tiny seeded generator (Math.random cannot be seeded).
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** GraphQL error codes of an answer; answers without `"errors"` (almost all) are not parsed, to keep the client cheap. */
function errorCodes(text: string): string[] {
  if (!text.includes('"errors"')) return [];
  try {
    const answer = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    return (answer.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
  } catch {
    return ['UNPARSABLE_ANSWER'];
  }
}

function post(url: URL, agent: http.Agent, body: string, timeoutMs: number, runStart: number): Promise<Outcome> {
  const start = performance.now();
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve) => {
    const done = (status: number, codes: string[]) =>
      resolve({ startS: (start - runStart) / 1000, ms: performance.now() - start, status, codes });
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(res.statusCode ?? 0, errorCodes(Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (error) => done(0, [`NETWORK_${(error as NodeJS.ErrnoException).code ?? 'ERROR'}`]));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error) => done(0, [`NETWORK_${(error as NodeJS.ErrnoException).code ?? 'ERROR'}`]));
    req.end(body);
  });
}

async function run(settings: ClientsSettings): Promise<void> {
  const url = new URL(settings.graphqlUrl);
  // One kept-alive connection per client, like browsers behind one load balancer.
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.clients });
  const order = schedule(settings.operations);
  const outcomes: Record<string, Outcome[]> = Object.fromEntries(settings.operations.map((o) => [o.name, []]));
  const totals = { requests: 0, errors: 0, refused: 0 };
  const runStart = performance.now();
  const deadline = runStart + settings.seconds * 1000;
  const client = async (index: number) => {
    for (let i = Math.floor((index * order.length) / settings.clients); performance.now() < deadline; i++) {
      const operation = order[i % order.length]!;
      const outcome = await post(url, agent, operation.body, settings.timeoutMs, runStart);
      outcomes[operation.name]!.push(outcome);
      totals.requests += 1;
      if (isFailure(operation, outcome)) totals.errors += 1;
      else if (operation.expectRefusal) totals.refused += 1;
    }
  };
  const progress = setInterval(() => parentPort!.postMessage({ kind: 'progress', ...totals } satisfies ClientsMessage), 1000);
  await Promise.all(Array.from({ length: settings.clients }, (_, i) => client(i)));
  clearInterval(progress);
  agent.destroy();
  parentPort!.postMessage({ kind: 'done', outcomes } satisfies ClientsMessage);
}

if (parentPort) void run(workerData as ClientsSettings);
