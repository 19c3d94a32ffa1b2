import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { DEFAULT_EMBEDDED_MEMORY, projectRoot, type EmbeddedMemory } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * Client side of the embedded Neo4j launcher (neo4j-embedded/): builds it with Maven on first use,
 * starts it as a child process, waits for its ready line and stops it again.
 *
 * The child reads its stdin until EOF and shuts down then, so even if this process is killed
 * without a chance to clean up, no Java process is left behind. The first line written to that
 * stdin is the Bolt password: a pipe only this process holds, where the command line and the
 * environment of a process can be read by other processes of the same user (ps, /proc).
 */
export class EmbeddedNeo4jError extends Error {
  override name = 'EmbeddedNeo4jError';
}

/** How the Java process ended: `code` when it exited, `signal` when a signal killed it. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedNeo4j {
  uri: string;
  version: string;
  /** Bolt credentials: the user `neo4j` and the password this start was given. */
  username: string;
  password: string;
  /** Of the Java process. */
  pid: number;
  /** Resolves when the Java process exits, whether `stop()` asked it to or not. */
  exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  port: number;
  dataDir: string;
  log: Logger;
  startTimeoutMs?: number;
  /** Bolt password; a new random one (see `generateBoltPassword`) when not given. */
  password?: string;
  /** The JVM heap, page cache and per-transaction memory limit; DEFAULT_EMBEDDED_MEMORY when not given. */
  memory?: EmbeddedMemory;
}

export const EMBEDDED_USERNAME = 'neo4j';

const LAUNCHER_DIR = path.join(projectRoot, 'neo4j-embedded');
const LAUNCHER_JAR = path.join(LAUNCHER_DIR, 'target', 'neo4j-embedded.jar');
const READY = /^NEO4J_READY (\S+) version=(\S+)/;

export function javaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** 32 URL-safe characters from 24 random bytes: no newline, and past Neo4j's 8-character minimum. */
export function generateBoltPassword(): string {
  return randomBytes(24).toString('base64url');
}

export async function startEmbeddedNeo4j(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const { port, dataDir, log } = options;
  const password = options.password ?? generateBoltPassword();
  await ensureLauncherBuilt(log);
  await assertPortFree(port);
  await mkdir(dataDir, { recursive: true });
  const jvmArgs = (await readFile(path.join(LAUNCHER_DIR, 'jvm-args.txt'), 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const memory = options.memory ?? DEFAULT_EMBEDDED_MEMORY;
  // -Xmx after jvm-args.txt's: the last one wins.
  const args = [
    ...jvmArgs,
    `-Xmx${memory.heap}`,
    '-cp',
    `${LAUNCHER_JAR}${path.delimiter}${path.join(LAUNCHER_DIR, 'target', 'lib', '*')}`,
    'chainkb.neo4j.EmbeddedNeo4j',
    ...[
      '--data-dir',
      dataDir,
      '--port',
      String(port),
      '--pagecache',
      memory.pagecache,
      '--transaction-memory-max',
      memory.transactionMemoryMax,
    ],
  ];
  log.info({ port, dataDir }, 'starting embedded Neo4j');
  const started = Date.now();
  const child = spawn(javaExecutable(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // The launcher exits by itself when stdin closes; an EPIPE here means it is gone already, which
  // waitForReady reports with the launcher's own message.
  child.stdin!.on('error', () => {});
  child.stdin!.write(`${password}\n`);
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = await waitForReady(child, options.startTimeoutMs ?? 180_000);
  log.info({ uri: ready.uri, version: ready.version, ms: Date.now() - started }, 'embedded Neo4j ready');
  return { ...ready, username: EMBEDDED_USERNAME, password, pid: child.pid!, exited, stop: () => stopChild(child) };
}

async function ensureLauncherBuilt(log: Logger): Promise<void> {
  if (existsSync(LAUNCHER_JAR) && !(await launcherSourcesNewerThan(statSync(LAUNCHER_JAR).mtimeMs))) return;
  log.info('building the embedded Neo4j launcher with Maven (first run, or its sources changed; downloads Neo4j from Maven Central once)');
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn('mvn', ['-B', '-q', '-f', path.join(LAUNCHER_DIR, 'pom.xml'), 'package', '-DskipTests'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    mvn.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new EmbeddedNeo4jError(
          e.code === 'ENOENT'
            ? 'Maven (mvn) is not installed: it is needed once to build the embedded Neo4j launcher; install Maven or set NEO4J_URI'
            : `cannot run mvn: ${e.message}`,
        ),
      ),
    );
    mvn.on('exit', (code) =>
      code === 0 ? resolve() : reject(new EmbeddedNeo4jError(`building the embedded Neo4j launcher failed (mvn exited with ${code})`)),
    );
  });
}

/** A jar built from older sources would speak an older protocol (e.g. no password line). */
async function launcherSourcesNewerThan(mtimeMs: number): Promise<boolean> {
  const sources = [
    path.join(LAUNCHER_DIR, 'pom.xml'),
    ...(await readdir(path.join(LAUNCHER_DIR, 'src'), { recursive: true })).map((f) => path.join(LAUNCHER_DIR, 'src', f)),
  ];
  return sources.some((file) => statSync(file).mtimeMs > mtimeMs);
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: for an embedded Neo4j in a throwaway folder
 * (the tests' and the scaled benchmark's), which must not take the development one's port, and for
 * the servers the tests start beside it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Fails early, with a message naming the variable, instead of a bind error from deep inside Neo4j. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(
        new EmbeddedNeo4jError(`port ${port} on 127.0.0.1 is already in use: stop what uses it or set NEO4J_EMBEDDED_PORT to a free port`),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<{ uri: string; version: string }> {
  return new Promise((resolve, reject) => {
    const stderrTail: string[] = [];
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    });
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EmbeddedNeo4jError(message));
    };
    const timer = setTimeout(() => fail(`embedded Neo4j did not become ready within ${timeoutMs / 1000} s`), timeoutMs);
    const onError = (e: NodeJS.ErrnoException) =>
      fail(
        e.code === 'ENOENT'
          ? `Java is not installed or not on PATH (looked for "${javaExecutable()}"): install Java 17+, set JAVA_HOME, or set NEO4J_URI to use an external Neo4j`
          : `cannot start Java: ${e.message}`,
      );
    const onExit = (code: number | null) => {
      const reason = stderrTail.findLast((l) => l.startsWith('neo4j-embedded:')) ?? stderrTail.at(-1) ?? 'no output';
      fail(`embedded Neo4j exited with code ${code} before it was ready: ${reason.replace(/^neo4j-embedded:\s*/, '')}`);
    };
    child.once('error', onError);
    child.once('exit', onExit);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = READY.exec(line);
      if (!match) return;
      clearTimeout(timer);
      // Only our own listeners: the caller's `exited` keeps watching.
      child.off('exit', onExit);
      child.off('error', onError);
      resolve({ uri: match[1]!, version: match[2]! });
    });
  });
}

async function stopChild(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
