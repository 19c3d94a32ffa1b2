import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { projectRoot } from '../config.js';
import { javaExecutable } from './embedded.js';

/**
 * The one way chainkb runs `neo4j-admin` (the generator's offline import, backup's dump and load):
 * Neo4j's admin CLI (org.neo4j.cli.AdminTool) from the jars the embedded launcher's Maven build
 * already has, with NEO4J_HOME = an embedded data dir, so no Neo4j installation is needed.
 */
export class AdminToolError extends Error {
  override name = 'AdminToolError';
}

/** Neo4j's jars, with the admin CLI. */
export const ADMIN_LIB = path.join(projectRoot, 'neo4j-embedded', 'target', 'lib');

/** Whether an embedded data dir holds chainkb's database (`neo4j`). */
export function databaseExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, 'data', 'databases', 'neo4j'));
}

export interface AdminToolRun {
  /** The embedded data dir the tool works on (its NEO4J_HOME). */
  dataDir: string;
  /** The tool's arguments, e.g. ['database', 'dump', 'neo4j', '--to-stdout']. */
  args: string[];
  /** The JVM's heap: the import wants gigabytes, dump and load little. */
  heap: string;
  /** The tool's output, condensed (see `condenser`). */
  onLine?: (line: string) => void;
  /** Piped to the tool's stdin / from its stdout; otherwise stdin is closed and stdout read as output. */
  stdin?: Readable;
  stdout?: Writable;
}

/** Runs neo4j-admin to its end; an AdminToolError names the command, its exit code and the line saying why. */
export async function runAdminTool({ dataDir, args, heap, onLine = () => {}, stdin, stdout }: AdminToolRun): Promise<void> {
  if (!existsSync(ADMIN_LIB))
    throw new AdminToolError(`${ADMIN_LIB} is missing: start the embedded Neo4j once (npm start) so Maven fetches Neo4j's jars`);
  const command = `neo4j-admin ${args.slice(0, 2).join(' ')}`;
  const child = spawn(javaExecutable(), [`-Xmx${heap}`, '-cp', path.join(ADMIN_LIB, '*'), 'org.neo4j.cli.AdminTool', ...args], {
    env: { ...process.env, NEO4J_HOME: path.resolve(dataDir) },
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const output = outputReader(onLine);
  readline.createInterface({ input: child.stderr! }).on('line', output.read);
  if (!stdout) readline.createInterface({ input: child.stdout! }).on('line', output.read);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new AdminToolError(`cannot run Java for ${command}: ${e.message}`)));
    child.on('exit', (code) => resolve(code));
  });
  // A copy that breaks because neo4j-admin exited early is reported by its exit code and output, the clearer of the two.
  let copyError: Error | undefined;
  const copies = [stdin && pipeline(stdin, child.stdin!), stdout && pipeline(child.stdout!, stdout)].map((copy) =>
    copy?.catch((e: Error) => void (copyError ??= e)),
  );
  const [code] = await Promise.all([exited, ...copies]);
  if (code !== 0) throw new AdminToolError(`${command} failed (exit ${code})${output.failure()}`);
  if (copyError) throw new AdminToolError(`${command}: copying its data failed: ${copyError.message}`);
}

/** The tool's output lines, condensed and passed on; the failure: its first line saying so, else its last lines. */
function outputReader(onLine: (line: string) => void) {
  const condense = condenser();
  const tail: string[] = [];
  let failure: string | undefined;
  return {
    read(raw: string) {
      const line = condense(raw);
      if (line === undefined) return;
      onLine(line);
      if (!failure && /fail|error|exception|not a valid/i.test(line)) failure = line;
      tail.push(line);
      if (tail.length > 15) tail.shift();
    },
    failure: () => (failure ? `: ${failure}` : tail.length > 0 ? `:\n${tail.join('\n')}` : ''),
  };
}

/**
 * neo4j-admin's output, shortened: log lines without their timestamp and logger, progress ("Files:
 * 3/36, data: 10.3%") per 10 % instead of per percent, no rows of progress dots, repeated lines once.
 */
function condenser(): (line: string) => string | undefined {
  let last: string | undefined;
  let decile = -1;
  return (raw) => {
    const line = raw.replace(/^\S+ \S+\+\d{4} +[A-Z]+ +\[[^\]]+\] /, '').trim();
    if (!line || line === last || line.startsWith('..........')) return undefined;
    last = line;
    const progress = /^Files: .*data: +([\d.]+)%/.exec(line);
    if (progress) {
      const reached = Math.floor(Number(progress[1]) / 10);
      if (reached === decile) return undefined;
      decile = reached;
    }
    return line;
  };
}
