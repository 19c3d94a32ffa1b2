import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

/**
 * The scale benchmark's HTTP clients, in a worker thread of their own (as in bench/http-client.ts:
 * a client in the orchestrator's thread would add its JSON handling and its sampling timers to the
 * servers' times). node:http with kept-alive connections.
 *
 * - `latency`: one request at a time, alternating over the targets (floor, peer, chainkb, floor,
 *   ...) so a burst of background load moves every server's figures, not their ratios; `warmup`
 *   rounds first, then up to `rounds` measured rounds or until `maxMs` has passed.
 * - `throughput`: `concurrency` clients sending one request after another to one target for `ms`.
 */
export interface Target {
  url: string;
  body: string;
  headers?: Record<string, string>;
}
export type LoadRequest =
  | { kind: 'latency'; targets: Target[]; warmup: number; warmupMaxMs: number; rounds: number; maxMs: number }
  | { kind: 'throughput'; target: Target; concurrency: number; ms: number }
  | { kind: 'once'; target: Target };
export type LoadAnswer =
  | { kind: 'latency'; samples: number[][]; errors: string[][] }
  | { kind: 'throughput'; requests: number; errors: number; firstError?: string; ms: number; latencies: number[] }
  | { kind: 'once'; status: number; text: string; ms: number };

const agents = new Map<string, http.Agent>();
function agentFor(url: URL, sockets: number): http.Agent {
  const key = `${url.host}/${sockets}`;
  let agent = agents.get(key);
  if (!agent) agents.set(key, (agent = new http.Agent({ keepAlive: true, maxSockets: sockets })));
  return agent;
}

/** One POST; resolves with its status, text and time (the answer's transfer included, not its parsing). */
function post(target: Target, sockets = 1): Promise<{ status: number; text: string; ms: number }> {
  const url = new URL(target.url);
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(target.body)), ...target.headers };
  const start = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: agentFor(url, sockets), headers, timeout: 120_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - start }),
        );
        res.on('error', (error) => resolve({ status: 0, text: String(error), ms: performance.now() - start }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout (120 s)')));
    req.on('error', (error) => resolve({ status: 0, text: String(error), ms: performance.now() - start }));
    req.end(target.body);
  });
}

/** A failed answer: not a 2xx, or a GraphQL `errors` member (the answer is parsed only when the text mentions it). */
function failure(answer: { status: number; text: string }): string | undefined {
  if (answer.status < 200 || answer.status >= 300) return `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (!answer.text.includes('"errors"')) return undefined;
  try {
    const parsed = JSON.parse(answer.text) as { errors?: unknown[] };
    return parsed.errors?.length ? JSON.stringify(parsed.errors).slice(0, 300) : undefined;
  } catch {
    return 'unparsable answer';
  }
}

async function latency(request: Extract<LoadRequest, { kind: 'latency' }>): Promise<LoadAnswer> {
  const samples: number[][] = request.targets.map(() => []);
  const errors: string[][] = request.targets.map(() => []);
  const warmStart = performance.now();
  for (let i = 0; i < request.warmup && performance.now() - warmStart < request.warmupMaxMs; i++)
    for (const target of request.targets) await post(target);
  const start = performance.now();
  for (let i = 0; i < request.rounds && (i < 5 || performance.now() - start < request.maxMs); i++) {
    for (const [t, target] of request.targets.entries()) {
      const answer = await post(target);
      const error = failure(answer);
      if (error) errors[t]!.push(error);
      else samples[t]!.push(answer.ms);
    }
  }
  return { kind: 'latency', samples, errors };
}

async function throughput(request: Extract<LoadRequest, { kind: 'throughput' }>): Promise<LoadAnswer> {
  let requests = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + request.ms;
  const client = async () => {
    while (performance.now() < deadline) {
      const answer = await post(request.target, request.concurrency);
      const error = failure(answer);
      if (error) {
        errors += 1;
        firstError ??= error;
      } else {
        requests += 1;
        latencies.push(answer.ms);
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, client));
  return { kind: 'throughput', requests, errors, firstError, ms: performance.now() - start, latencies };
}

parentPort!.on('message', async (request: LoadRequest) => {
  if (request.kind === 'latency') parentPort!.postMessage(await latency(request));
  else if (request.kind === 'throughput') parentPort!.postMessage(await throughput(request));
  else parentPort!.postMessage({ kind: 'once', ...(await post(request.target)) } satisfies LoadAnswer);
});
