import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The benchmark's HTTP client, in a worker thread: a client in the server's own thread would wait
 * on whatever the server does after writing a response (a request commits its read transaction
 * then) and would add its own JSON parsing and garbage to the server's time. A browser or a CDN
 * does neither. Messages in: a path on the server and the JSON body to POST there; out: `{ ms }`
 * (the time of that request, the answer's parsing included), with the answer on request.
 */
export interface ClientRequest {
  path: string;
  body: unknown;
  wantAnswer: boolean;
}
export type ClientAnswer = { ms: number; answer?: unknown } | { error: string };

const url = new URL(workerData as string);
// One kept-alive connection, like a browser or a CDN in front of the API. node:http rather than
// fetch: undici costs ~0.3–0.8 ms more per call on this machine, which is the client's time, not ours.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(path: string, content: unknown): Promise<{ errors?: unknown }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(content);
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = http.request({ host: url.hostname, port: url.port, path, method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

parentPort!.on('message', async ({ path, body, wantAnswer }: ClientRequest) => {
  const start = performance.now();
  try {
    const answer = await post(path, body);
    const ms = performance.now() - start;
    const reply: ClientAnswer = answer.errors ? { error: JSON.stringify(answer.errors) } : wantAnswer ? { ms, answer } : { ms };
    parentPort!.postMessage(reply);
  } catch (error) {
    parentPort!.postMessage({ error: String(error) } satisfies ClientAnswer);
  }
});
parentPort!.on('close', () => agent.destroy());
