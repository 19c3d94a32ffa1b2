import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../src/logger.js';
import { readBoltFile } from '../src/neo4j/bolt-file.js';
import { Database } from '../src/neo4j/database.js';
import { freePort } from '../src/neo4j/embedded.js';
import { addScaledData } from './scaled-data.js';

/** The server under soak: where it answers, its process (for RSS) when we started it, and how to stop it. */
export interface SoakServer {
  url: string;
  pid: number | undefined;
  logFile: string | undefined;
  /** Whether the server process is still alive (always true for a server we did not start). */
  alive(): boolean;
  stop(): Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The first start may build the embedded Neo4j launcher with Maven (about a minute) before the seed loads.
const READY_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 30_000;

/** A server someone else runs: no process of ours, so its RSS is only known if its pid is given. */
export function runningServer(url: string, pid: number | undefined): SoakServer {
  return { url: url.replace(/\/(graphql)?$/, ''), pid, logFile: undefined, alive: () => true, stop: async () => {} };
}

/**
 * `node dist/src/main.js` as a child process, so its RSS is its own and not shared with the
 * clients, on an embedded Neo4j in a throwaway directory (NEO4J_URI is dropped: the soak, and the
 * synthetic data of SOAK_SCALE, must never reach a real database). Its log goes to a file kept
 * after the run.
 */
export async function startServerProcess(scale: number, maxCost: number | undefined): Promise<SoakServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chainkb-soak-'));
  const logFile = path.join(os.tmpdir(), `chainkb-soak-server-${process.pid}.log`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    NEO4J_DATA_DIR: dataDir,
    NEO4J_EMBEDDED_PORT: String(await freePort()),
    WARM_UP: 'false',
    LOG_LEVEL: 'warn',
    ...(maxCost === undefined ? {} : { MAX_QUERY_COST: String(maxCost) }),
  };
  delete env.NEO4J_URI;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const server: SoakServer = {
    url,
    pid: child.pid,
    logFile,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => stopChild(child, dataDir),
  };
  try {
    await waitUntilReady(url, child, logFile);
    if (scale > 0) await addScaledDataTo(dataDir, scale);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with code ${child.exitCode} before it was ready:\n${await tail(logFile)}`);
    const ready = await fetch(`${url}/readyz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${await tail(logFile)}`);
}

/** The synthetic enterprises, written through the embedded Neo4j's Bolt with the credentials the server leaves in its data directory. */
async function addScaledDataTo(dataDir: string, scale: number): Promise<void> {
  const credentials = await readBoltFile(dataDir);
  if (!credentials) throw new Error(`SOAK_SCALE needs the server's ${dataDir}/bolt.json, which it did not write`);
  const db = new Database(
    credentials.uri,
    credentials,
    { database: undefined, queryTimeoutMs: 600_000, connectTimeoutMs: 10_000 },
    createLogger('warn'),
  );
  try {
    await addScaledData(db, scale, (line) => process.stderr.write(`${line}\n`));
  } finally {
    await db.close();
  }
}

/** SIGTERM (the server drains and stops its Neo4j), SIGKILL if that takes too long; then the throwaway data goes. */
async function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  await rm(dataDir, { recursive: true, force: true });
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Resident memory of a process and of its children (the embedded Neo4j's JVM), from /proc, in MB; undefined once it is gone. */
export async function residentMb(pid: number): Promise<{ rssMb: number; childrenRssMb: number } | undefined> {
  const rss = await vmRssMb(pid);
  if (rss === undefined) return undefined;
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const childRss = await Promise.all(
    children
      .split(/\s+/)
      .filter(Boolean)
      .map((child) => vmRssMb(Number(child))),
  );
  return { rssMb: rss, childrenRssMb: childRss.reduce<number>((sum, mb) => sum + (mb ?? 0), 0) };
}

async function vmRssMb(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status?.match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}
