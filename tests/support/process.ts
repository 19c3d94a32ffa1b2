import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const MAIN = path.resolve(import.meta.dirname, '../../dist/src/main.js');

export interface ServerProcess {
  child: ChildProcess;
  stderr: string[];
  stdout: string[];
  exited: Promise<number | null>;
  /** Resolves with the URL once the server logs that it listens. */
  listening: Promise<string>;
}

/** Runs the built server (`npm start` without the build) as a child process with the given env. */
export function runServer(env: Record<string, string | undefined>): ServerProcess {
  const child = spawn(process.execPath, [MAIN], {
    // No start-up warm-up unless a test asks: on a shared 2-core runner it would slow the other files.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      JAVA_HOME: process.env.JAVA_HOME,
      LOG_LEVEL: 'info',
      WARM_UP: 'false',
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      const msg = JSON.parse(line) as { msg?: string; url?: string };
      if (msg.msg === 'chainkb listening') resolve(msg.url!.replace(/\/graphql$/, ''));
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr.join('\n')}`)));
  });
  listening.catch(() => {});
  return { child, stdout, stderr, exited, listening };
}

/** PIDs of Java processes serving the given data directory (our embedded Neo4j). */
export async function javaPidsFor(dataDir: string): Promise<number[]> {
  const child = spawn('pgrep', ['-f', '--', `--data-dir ${dataDir}`]);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  await new Promise((resolve) => child.once('exit', resolve));
  return out.split('\n').filter(Boolean).map(Number);
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
