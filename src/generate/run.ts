import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { ENTITY_KIND_NAMES, type EntityKind } from '../model/entity-kinds.js';
import type { RelationType } from '../model/relation-types.js';
import type { Database } from '../neo4j/database.js';
import { applySchema } from '../neo4j/schema.js';
import { batchesOf, entityKey, relationKey } from '../ingest/batches.js';
import { adminImport } from '../ingest/admin-import.js';
import { Checkpoint } from '../ingest/checkpoint.js';
import { CsvWriter } from '../ingest/csv.js';
import type { EntityRow, RelationRow } from '../ingest/rows.js';
import { bulkWrite, type BulkReport } from '../ingest/writer.js';
import { nodeRows, relationRows } from '../seed/load.js';
import { seedDatabase } from '../seed/run.js';
import type { SeedData } from '../seed/validate.js';
import { GraphGenerator, type GeneratedSummary } from './generator.js';

/**
 * The generator as a library (the CLI and the scale benchmark call it): generated data into a
 * database through the bulk-write path, or into neo4j-admin CSV files.
 */
export interface GenerateOptions {
  entities: number;
  seed: number;
  seedData: SeedData;
  /** Checkpoint file; without one a stopped run cannot resume. */
  checkpointFile?: string;
  batchSize?: number;
  concurrency?: number;
  stopAfterBatches?: number;
  /** Progress line on stderr (default true). */
  progress?: boolean;
}

export interface GenerateReport extends GeneratedSummary {
  /** The bulk writer's figures for this run; undefined when the checkpoint said the data was already complete. */
  write: BulkReport | undefined;
  alreadyComplete: boolean;
  seconds: number;
}

/** A name for the checkpoint that changes whenever the rows would (generator, size, seed, batch size). */
export const checkpointKey = (o: Pick<GenerateOptions, 'entities' | 'seed' | 'batchSize'>, batchSize: number) =>
  `generate v1 entities=${o.entities} seed=${o.seed} batch=${o.batchSize ?? batchSize}`;

export async function generateIntoDatabase(db: Database, log: Logger, options: GenerateOptions): Promise<GenerateReport> {
  const started = Date.now();
  const generator = new GraphGenerator(options);
  const batchSize = options.batchSize ?? 10_000;
  const checkpoint = await Checkpoint.open(options.checkpointFile, checkpointKey(options, batchSize));
  if (checkpoint.complete) {
    // Counting needs the rows, not the database: generate them again without writing.
    for (const _ of generator.relationRows());
    return { ...generator.summary(), write: undefined, alreadyComplete: true, seconds: (Date.now() - started) / 1000 };
  }
  await applySchema(db);
  // Idempotent: an unchanged seed writes nothing, so a resumed run may do it again.
  await seedDatabase(db, log);
  const write = await bulkWrite(
    db,
    {
      entities: generator.entityRows(),
      relations: () => generator.relationRows(),
      totalRows: options.entities + generator.estimatedRelations(),
    },
    {
      checkpoint,
      batchSize,
      concurrency: options.concurrency,
      stopAfterBatches: options.stopAfterBatches,
      progress: options.progress === false ? false : 'generate',
    },
  );
  return { ...generator.summary(), write, alreadyComplete: false, seconds: (Date.now() - started) / 1000 };
}

/**
 * The offline path for big sizes: CSV files, `neo4j-admin database import full` into the fresh
 * data dir, then the embedded Neo4j started on it builds the schema's indexes and the seed loader
 * finds its rows unchanged. The checkpoint is marked complete, so generateIntoDatabase on the same
 * data dir and options knows the data is there.
 */
export async function importIntoDataDir(
  dataDir: string,
  csvDir: string,
  options: GenerateOptions,
  open: () => Promise<{ db: Database; close: () => Promise<void> }>,
  log: Logger,
): Promise<GenerateReport & { phases: Record<string, number> }> {
  const started = Date.now();
  const phases: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const result = await work();
    phases[name] = (Date.now() - t) / 1000;
    return result;
  };
  const checkpoint = await Checkpoint.open(options.checkpointFile, checkpointKey(options, options.batchSize ?? 10_000));
  const csv = await timed('csv', () => generateCsv(csvDir, options));
  await timed('import', () => adminImport(dataDir, csvDir, (line) => log.debug(line)));
  const { db, close } = await open();
  try {
    await timed('indexes', () => applySchema(db));
    await timed('seed', () => seedDatabase(db, log));
  } finally {
    await close();
  }
  await checkpoint.markComplete();
  const seconds = (Date.now() - started) / 1000;
  const write: BulkReport = {
    entitiesWritten: 0,
    relationsWritten: 0,
    batchesWritten: 0,
    batchesSkipped: 0,
    seconds,
    rowsPerSecond: csv.rows / seconds,
    stopped: false,
  };
  return { ...csv, write, alreadyComplete: false, seconds, phases };
}

/** The seed's rows and the generated ones as neo4j-admin CSV files (the seed's carry their seedHash, so `npm run seed` later finds them unchanged). */
export async function generateCsv(dir: string, options: GenerateOptions): Promise<GeneratedSummary & { seconds: number; rows: number }> {
  const started = Date.now();
  const generator = new GraphGenerator(options);
  const csv = await CsvWriter.create(dir);
  try {
    const entities = chain(seedEntityRows(options.seedData), generator.entityRows());
    for (const batch of batchesOf(entities, entityKey, 10_000, 'entities')) await csv.writeEntities(batch.rows);
    const relations = chain(seedRelationRows(options.seedData), generator.relationRows());
    for (const batch of batchesOf(relations, relationKey, 10_000, 'relations')) await csv.writeRelations(batch.rows);
  } finally {
    await csv.close();
  }
  return { ...generator.summary(), seconds: (Date.now() - started) / 1000, rows: csv.written.nodes + csv.written.relationships };
}

function* chain<T>(...parts: Iterable<T>[]): Generator<T> {
  for (const part of parts) yield* part;
}

function* seedEntityRows(data: SeedData): Generator<EntityRow> {
  for (const [kind, rows] of nodeRows(data)) for (const row of rows) yield { kind, props: row.props as EntityRow['props'] };
}

function* seedRelationRows(data: SeedData): Generator<RelationRow> {
  for (const [type, rows] of relationRows(data))
    for (const row of rows) yield { type, from: row.from!, to: row.to!, props: row.props as RelationRow['props'] };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The human summary: entities by kind, relations by type, the biggest hub, time and rate. */
export function summaryLines(summary: GeneratedSummary, extra: { seconds: number; rowsPerSecond?: number; storeBytes?: number }): string[] {
  const entities = Object.values(summary.entitiesByKind).reduce((a, b) => a + b, 0);
  const relations = Object.values(summary.relationsByType).reduce((a, b) => a + b, 0);
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${fmt(n)}`)
      .join(', ');
  return [
    `generated ${fmt(entities)} entities and ${fmt(relations)} relations (${(relations / entities).toFixed(2)} per entity), on top of the seed`,
    `  entities by kind: ${list(orderBy(summary.entitiesByKind, ENTITY_KIND_NAMES))}`,
    `  relations by type: ${list(summary.relationsByType)}`,
    `  max degree: ${fmt(summary.maxDegree.degree)} relations at ${summary.maxDegree.id}`,
    `  time: ${extra.seconds.toFixed(1)} s${extra.rowsPerSecond !== undefined ? `, ${fmt(extra.rowsPerSecond)} entities+relations/s written` : ''}${extra.storeBytes !== undefined ? `, Neo4j store ${(extra.storeBytes / 2 ** 20).toFixed(0)} MiB` : ''}`,
  ];
}

const orderBy = (counts: Record<string, number>, order: readonly string[]) =>
  Object.fromEntries(order.filter((k) => k in counts).map((k) => [k, counts[k]!]));

/** Bytes under `dir` (du), for the store size; undefined where du is missing. */
export function directoryBytes(dir: string): number | undefined {
  try {
    return Number(execFileSync('du', ['-sb', path.resolve(dir)], { encoding: 'utf8' }).split('\t')[0]);
  } catch {
    return undefined;
  }
}

export type { EntityKind, RelationType };
