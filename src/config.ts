import path from 'node:path';
import { z } from 'zod';
import { MAX_COST } from './graphql/cost.js';
import { ApiKeyFileError, loadApiKeys, type ApiKey } from './auth/keys.js';

/**
 * Every setting chainkb reads from the environment, validated once at start-up.
 * A bad value stops the process with one line naming the variable (see `loadConfig`).
 */
const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be an integer`)
    .min(1, `${name} must be between 1 and 65535`)
    .max(65535, `${name} must be between 1 and 65535`);

const positiveMs = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a number of milliseconds` })
    .int()
    .positive(`${name} must be > 0`);

/** Sizes as Java and Neo4j write them: `512m`, `2g`. */
export interface EmbeddedMemory {
  heap: string;
  pagecache: string;
  /** The most one transaction may hold (`db.memory.transaction.max`), so one query cannot take the heap. */
  transactionMemoryMax: string;
}

/**
 * Why these: a million entities with their relations take ~1.5 GB on disk, so a 1 GB page cache
 * keeps the hot part in memory; a 2 GB heap leaves room for Neo4j's caches and a few concurrent
 * transactions of at most 512 MB each (Neo4j refuses one past that, which clients see as
 * MEMORY_LIMIT_EXCEEDED, instead of letting it exhaust the heap). About 3.5 GB of RAM in all.
 */
export const DEFAULT_EMBEDDED_MEMORY: EmbeddedMemory = { heap: '2g', pagecache: '1g', transactionMemoryMax: '512m' };

/** A memory size as Java and Neo4j write it: 512m, 2g. */
const size = (name: string) => z.string().regex(/^[0-9]+[kmg]$/i, `${name} must be a size such as 512m or 2g`);

/** 256 MiB: a million plain rows of NDJSON is about 300 MB, so files that size go through `npm run import`. */
export const DEFAULT_IMPORT_MAX_UPLOAD_BYTES = 256 * 2 ** 20;

const boolFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z
  .object({
    PORT: port('PORT').default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    NEO4J_URI: z
      .string()
      .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^/\s]+\/?$/, 'NEO4J_URI must look like bolt://host:7687 or neo4j+s://host')
      .optional(),
    NEO4J_USERNAME: z.string().min(1).optional(),
    NEO4J_PASSWORD: z.string().min(1).optional(),
    NEO4J_DATABASE: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9.-]{0,62}$/, 'NEO4J_DATABASE must be a database name')
      .optional(),
    NEO4J_EMBEDDED_PORT: port('NEO4J_EMBEDDED_PORT').default(7697),
    NEO4J_DATA_DIR: z.string().min(1).optional(),
    NEO4J_EMBEDDED_MAX_RESTARTS: z.coerce
      .number({ error: 'NEO4J_EMBEDDED_MAX_RESTARTS must be a whole number' })
      .int('NEO4J_EMBEDDED_MAX_RESTARTS must be a whole number')
      .min(0, 'NEO4J_EMBEDDED_MAX_RESTARTS must be >= 0')
      .default(5),
    NEO4J_EMBEDDED_HEAP: size('NEO4J_EMBEDDED_HEAP').default(DEFAULT_EMBEDDED_MEMORY.heap),
    NEO4J_EMBEDDED_PAGECACHE: size('NEO4J_EMBEDDED_PAGECACHE').default(DEFAULT_EMBEDDED_MEMORY.pagecache),
    NEO4J_EMBEDDED_TRANSACTION_MEMORY_MAX: size('NEO4J_EMBEDDED_TRANSACTION_MEMORY_MAX').default(
      DEFAULT_EMBEDDED_MEMORY.transactionMemoryMax,
    ),
    NEO4J_QUERY_TIMEOUT_MS: positiveMs('NEO4J_QUERY_TIMEOUT_MS').default(15_000),
    NEO4J_CONNECT_TIMEOUT_MS: positiveMs('NEO4J_CONNECT_TIMEOUT_MS').default(3_000),
    SHUTDOWN_TIMEOUT_MS: positiveMs('SHUTDOWN_TIMEOUT_MS').default(10_000),
    SEED_ON_START: boolFlag.optional(),
    WARM_UP: boolFlag.default(true),
    WARM_UP_OPERATIONS: z.string().min(1).optional(),
    MAX_QUERY_COST: z.coerce
      .number({ error: 'MAX_QUERY_COST must be a number' })
      .int('MAX_QUERY_COST must be an integer')
      .positive('MAX_QUERY_COST must be > 0')
      .default(MAX_COST),
    API_KEYS_FILE: z.string().min(1).optional(),
    API_KEYS: z.string().min(1).optional(),
    READS_REQUIRE_AUTH: boolFlag.default(false),
    IMPORT_MAX_UPLOAD_BYTES: z.coerce
      .number({ error: 'IMPORT_MAX_UPLOAD_BYTES must be a number of bytes' })
      .int('IMPORT_MAX_UPLOAD_BYTES must be a whole number of bytes')
      .positive('IMPORT_MAX_UPLOAD_BYTES must be > 0')
      .max(Number.MAX_SAFE_INTEGER, 'IMPORT_MAX_UPLOAD_BYTES is too large')
      .default(DEFAULT_IMPORT_MAX_UPLOAD_BYTES),
  })
  .superRefine((env, ctx) => {
    if (!env.NEO4J_URI) return;
    for (const key of ['NEO4J_USERNAME', 'NEO4J_PASSWORD'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when NEO4J_URI is set` });
    }
  });

export type Neo4jTarget =
  | {
      kind: 'embedded';
      port: number;
      dataDir: string;
      /** Consecutive failed restarts of a dead embedded Neo4j before the server gives up and exits (see neo4j/supervisor.ts). */
      maxRestarts: number;
      /** Heap, page cache and per-transaction memory of the embedded Neo4j; its defaults when absent. */
      memory?: EmbeddedMemory;
    }
  | { kind: 'external'; uri: string; username: string; password: string };

export interface Config {
  port: number;
  host: string;
  logLevel: string;
  neo4j: Neo4jTarget;
  /** undefined = the driver's default database of the server. */
  database: string | undefined;
  queryTimeoutMs: number;
  connectTimeoutMs: number;
  shutdownTimeoutMs: number;
  /** Validate and load the seed at every start (unchanged data writes nothing): on by default for the embedded database. */
  seedOnStart: boolean;
  /**
   * A GraphQL document whose named operations run once at start-up, so Neo4j has planned their
   * statements before the first user sends them (see http/warm-up.ts); undefined: no warm-up.
   */
  warmUpOperations: string | undefined;
  /** The most an operation may cost (graphql/cost.ts), checked before it runs. */
  maxQueryCost: number;
  /** The operator's API keys (hashed; auth/keys.ts), from API_KEYS_FILE and API_KEYS. None: nobody can write. */
  apiKeys: ApiKey[];
  /** Reads need an API key too (any role); off by default: reads are public. */
  readsRequireAuth: boolean;
  /** The largest `POST /import` upload, in bytes; larger is 413 before anything is checked. */
  importMaxUploadBytes: number;
}

/** The operations the explorer and the README's examples send (relative to the project root). */
export const DEFAULT_WARM_UP_OPERATIONS = 'schema/warm-up.graphql';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const projectRoot = path.resolve(import.meta.dirname, import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** Parses the environment; throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    // Values that may hold credentials are never echoed into logs.
    const secret = name === 'NEO4J_PASSWORD' || name === 'NEO4J_URI' || name === 'API_KEYS';
    const got = name in blankless && !secret ? ` (got ${JSON.stringify(blankless[name])})` : '';
    const message = issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    throw new ConfigError(`invalid configuration: ${message}${got}`);
  }
  const e = parsed.data;
  const neo4j: Neo4jTarget = e.NEO4J_URI
    ? { kind: 'external', uri: e.NEO4J_URI, username: e.NEO4J_USERNAME!, password: e.NEO4J_PASSWORD! }
    : {
        kind: 'embedded',
        port: e.NEO4J_EMBEDDED_PORT,
        dataDir: path.resolve(projectRoot, e.NEO4J_DATA_DIR ?? '.neo4j-data'),
        maxRestarts: e.NEO4J_EMBEDDED_MAX_RESTARTS,
        memory: {
          heap: e.NEO4J_EMBEDDED_HEAP,
          pagecache: e.NEO4J_EMBEDDED_PAGECACHE,
          transactionMemoryMax: e.NEO4J_EMBEDDED_TRANSACTION_MEMORY_MAX,
        },
      };
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    neo4j,
    database: e.NEO4J_DATABASE,
    queryTimeoutMs: e.NEO4J_QUERY_TIMEOUT_MS,
    connectTimeoutMs: e.NEO4J_CONNECT_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    seedOnStart: e.SEED_ON_START ?? neo4j.kind === 'embedded',
    maxQueryCost: e.MAX_QUERY_COST,
    apiKeys: apiKeysOf(e.API_KEYS_FILE, e.API_KEYS),
    readsRequireAuth: e.READS_REQUIRE_AUTH,
    importMaxUploadBytes: e.IMPORT_MAX_UPLOAD_BYTES,
    warmUpOperations: e.WARM_UP ? path.resolve(projectRoot, e.WARM_UP_OPERATIONS ?? DEFAULT_WARM_UP_OPERATIONS) : undefined,
  };
}

/** The keys, or a ConfigError naming the file and line (relative paths are under the project root). */
function apiKeysOf(file: string | undefined, inline: string | undefined): ApiKey[] {
  try {
    return loadApiKeys(file && path.resolve(projectRoot, file), inline);
  } catch (error) {
    if (error instanceof ApiKeyFileError) throw new ConfigError(`invalid configuration: ${error.message}`);
    throw error;
  }
}
