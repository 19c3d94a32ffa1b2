import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { inject } from 'vitest';
import type { Neo4jAuth } from '../global-setup.js';

const CLI = path.resolve(import.meta.dirname, '../../dist/src/seed/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string[];
  stderr: string[];
}

/** Runs the built `npm run seed` CLI (without the build step) against the Neo4j at `uri` (by default the run's). */
export async function runSeedCli(uri: string, args: string[] = [], auth: Neo4jAuth = inject('neo4jAuth')): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'warn',
      NEO4J_URI: uri,
      NEO4J_USERNAME: auth.username,
      NEO4J_PASSWORD: auth.password,
      ...(process.env.NEO4J_DATABASE ? { NEO4J_DATABASE: process.env.NEO4J_DATABASE } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = readline.createInterface({ input: child.stdout });
  const err = readline.createInterface({ input: child.stderr });
  out.on('line', (l) => stdout.push(l));
  err.on('line', (l) => stderr.push(l));
  const closed = (rl: readline.Interface) => new Promise((resolve) => rl.once('close', resolve));
  const [code] = await Promise.all([new Promise<number | null>((resolve) => child.once('exit', resolve)), closed(out), closed(err)]);
  return { code, stdout, stderr };
}
