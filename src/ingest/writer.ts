import type { CypherQuery, Database } from '../neo4j/database.js';
import { batchesOf, entityKey, relationKey, type Batch } from './batches.js';
import { Checkpoint } from './checkpoint.js';
import { entityBatchQuery, probeQuery, relationBatchQuery, type WriteMode } from './cypher.js';
import { Progress } from './progress.js';
import { checkEntityRow, checkRelationRow, type EntityRow, type RelationRow } from './rows.js';

/**
 * The one bulk-write path (the generator uses it; an import can): rows in, many transactions of
 * `UNWIND $rows` out, entities first and relations after every entity batch has committed (their
 * ends are matched by id). Resumable: committed batches are recorded in a Checkpoint and skipped
 * on a re-run over the same input; batches that may have committed without being recorded (the
 * ones in flight when the last run died) are probed in the database first.
 *
 * Apply the schema (src/neo4j/schema.ts) before: the relation phase finds its ends through the
 * unique constraint on :Entity(id), without it every row would scan the label.
 */
export interface BulkInput {
  entities: Iterable<EntityRow>;
  /** Called once every entity batch has committed. */
  relations: () => Iterable<RelationRow>;
  /** Rows expected in all, for the progress bar's ETA; an estimate will do. */
  totalRows: number;
}

export interface BulkOptions {
  mode?: WriteMode;
  /** Rows per transaction. */
  batchSize?: number;
  /** Transactions in flight at once. */
  concurrency?: number;
  checkpoint?: Checkpoint;
  /** Stop (cleanly, as if interrupted) after this many batches written by this run: for tests of resuming. */
  stopAfterBatches?: number;
  /** The progress line's label; false: no progress line. */
  progress?: string | false;
}

export interface BulkReport {
  entitiesWritten: number;
  relationsWritten: number;
  batchesWritten: number;
  /** Batches found committed by an earlier run (checkpoint or probe) and not written again. */
  batchesSkipped: number;
  seconds: number;
  /** Entities + relations written per second by this run. */
  rowsPerSecond: number;
  /** True when stopAfterBatches ended the run early. */
  stopped: boolean;
}

/** Measured on the 2-core machine (see README, "Generating data"): 10k rows balance parameter size and commits. */
export const DEFAULT_BATCH_SIZE = 10_000;
export const DEFAULT_CONCURRENCY = 2;
/** A batch of 10k rows on a busy machine can take seconds; far more than a request's timeout. */
const BATCH_TIMEOUT_MS = 600_000;

export class IngestError extends Error {
  override name = 'IngestError';
}

type AnyBatch = Batch<EntityRow> | Batch<RelationRow>;

export async function bulkWrite(db: Database, input: BulkInput, options: BulkOptions = {}): Promise<BulkReport> {
  const run = new BulkRun(db, options, input.totalRows);
  const entityBatches = batchesOf(checked(input.entities, checkEntityRow), entityKey, run.batchSize, 'entities');
  const entityCount = await run.drain(entityBatches);
  if (!run.stopped)
    await run.drain(batchesOf(checked(input.relations(), checkRelationRow), relationKey, run.batchSize, 'relations', entityCount));
  if (!run.stopped) await run.checkpoint.markComplete();
  return run.report();
}

function* checked<R>(rows: Iterable<R>, check: (row: R) => void): Generator<R> {
  for (const row of rows) {
    check(row);
    yield row;
  }
}

class BulkRun {
  readonly batchSize: number;
  readonly checkpoint: Checkpoint;
  private readonly mode: WriteMode;
  private readonly concurrency: number;
  private readonly progress: Progress | undefined;
  private readonly started = Date.now();
  private readonly counts = { entities: 0, relations: 0, written: 0, skipped: 0, dispatched: 0 };
  stopped = false;

  constructor(
    private readonly db: Database,
    private readonly options: BulkOptions,
    totalRows: number,
  ) {
    this.mode = options.mode ?? 'create';
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.checkpoint = options.checkpoint ?? Checkpoint.inMemory();
    this.progress = options.progress === false ? undefined : new Progress({ label: options.progress ?? 'ingest', total: totalRows });
  }

  /** Writes every batch (up to `concurrency` at once) and waits for all; returns the next batch number. */
  async drain(batches: Generator<AnyBatch, number>): Promise<number> {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    let next = batches.next();
    for (; !next.done && failure === undefined && !this.stopped; next = batches.next()) {
      const batch = next.value;
      if (this.checkpoint.isDone(batch.index)) {
        this.skip(batch);
        continue;
      }
      while (inFlight.size >= this.concurrency) await Promise.race(inFlight);
      if (failure !== undefined) break;
      const job: Promise<void> = this.write(batch).then(
        () => void inFlight.delete(job),
        (error: unknown) => {
          failure ??= error;
          inFlight.delete(job);
        },
      );
      inFlight.add(job);
      this.counts.dispatched++;
      this.stopped = this.options.stopAfterBatches !== undefined && this.counts.dispatched >= this.options.stopAfterBatches;
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    // A stopped run leaves the generator unfinished: its return value (the batch count) is unknown then.
    return next.done ? next.value : -1;
  }

  report(): BulkReport {
    this.progress?.finish();
    const seconds = (Date.now() - this.started) / 1000;
    const rows = this.counts.entities + this.counts.relations;
    return {
      entitiesWritten: this.counts.entities,
      relationsWritten: this.counts.relations,
      batchesWritten: this.counts.written,
      batchesSkipped: this.counts.skipped,
      seconds,
      rowsPerSecond: seconds > 0 ? rows / seconds : 0,
      stopped: this.stopped,
    };
  }

  private skip(batch: AnyBatch): void {
    this.counts.skipped++;
    this.progress?.add(batch.rows.length, true);
  }

  private async write(batch: AnyBatch): Promise<void> {
    if (await this.committedEarlier(batch)) {
      await this.checkpoint.markDone(batch.index);
      return this.skip(batch);
    }
    try {
      await this.db.write(this.query(batch), BATCH_TIMEOUT_MS);
    } catch (error) {
      throw new IngestError(
        `batch ${batch.index} (${batch.rows.length} ${batch.key} ${batch.phase}, first id ${firstId(batch)}) failed: ${(error as Error).message}${hint(error)}`,
      );
    }
    await this.checkpoint.markDone(batch.index);
    this.counts[batch.phase] += batch.rows.length;
    this.counts.written++;
    this.progress?.add(batch.rows.length);
  }

  /** Only batches that were possibly in flight when an earlier run stopped are looked up. */
  private async committedEarlier(batch: AnyBatch): Promise<boolean> {
    if (this.mode === 'merge' || !this.checkpoint.resumed || batch.index >= this.checkpoint.frontier + this.concurrency) return false;
    const result = await this.db.read(probeQuery({ kind: batch.phase, key: batch.key, firstId: firstId(batch) }));
    return Boolean(result.records[0]?.get('present'));
  }

  private query(batch: AnyBatch): CypherQuery {
    return batch.phase === 'entities'
      ? entityBatchQuery(batch.key, batch.rows as EntityRow[], this.mode)
      : relationBatchQuery(batch.key, batch.rows as RelationRow[], this.mode);
  }
}

const firstId = (batch: AnyBatch): string => batch.rows[0]!.props.id;

function hint(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code.includes('ConstraintValidationFailed'))
    return ' — the database already holds an entity of this batch: this data was loaded before without its checkpoint; load into a fresh data dir, or write in merge mode';
  return '';
}
