import type { EntityKind } from '../model/entity-kinds.js';
import type { RelationType } from '../model/relation-types.js';
import type { CypherQuery, Database } from '../neo4j/database.js';
import { entityBatchQuery, relationBatchQuery } from '../ingest/cypher.js';
import type { Progress } from '../ingest/progress.js';
import { resolutionKey, resolutionKeys } from '../ingest/resolution-keys.js';
import { checkEntityRow, checkRelationRow, type Props } from '../ingest/rows.js';
import type { SeedRelation } from '../seed/format.js';
import { entityProps, measuresRelation, relationProps, statisticProps } from '../seed/load.js';
import { relationKey } from '../seed/validate.js';
import type { CheckResult } from './check.js';
import { changeNodes, changeRelations, heartbeat, nodesById, relationsById } from './cypher.js';
import { parseEntry, type Entry } from './entries.js';
import { readRecords, type Format } from './read.js';

/**
 * The second pass: the checked file again, each row compared with what the database holds and
 * turned into a create, a change or nothing. Entities and statistics first, relations (and each
 * statistic's MEASURES) after all of them, as the bulk writer does; new rows go through the bulk
 * writer's CREATE statements (src/ingest/cypher.ts), changes keep the previous values in
 * `importUndo` (JSON) so the import can be undone. A dry run computes exactly the same and writes
 * nothing.
 */
export interface Outcome {
  created: number;
  changed: number;
  unchanged: number;
}

export interface RowOutcome {
  where: string;
  id: string;
  outcome: keyof Outcome;
  /** The properties a change sets. */
  properties?: string[];
}

export interface ApplyOptions {
  importId: string;
  dryRun: boolean;
  progress?: Progress;
  onRow?: (row: RowOutcome) => void;
  signal?: AbortSignal;
  batchSize?: number;
  concurrency?: number;
}

export interface Applied {
  entities: Outcome;
  statistics: Outcome;
  relations: Outcome;
}

export class ImportAbortedError extends Error {
  override name = 'ImportAbortedError';
}

/** Write-side failures (an end missing at write time, a file changed between passes): the import is undone. */
export class ImportWriteError extends Error {
  override name = 'ImportWriteError';
}

const IMPORT_META = new Set(['id', 'importId', 'importUndo', 'seeded', 'seedHash']);
const HEARTBEAT_MS = 5000;

interface Planned {
  where: string;
  id: string;
  /** Entity kind, or relation type. */
  key: string;
  props: Props & { id: string };
  /** Set only for relations. */
  ends?: { from: string; to: string };
  /** The row matched an existing entity by name or alias: it fills gaps and adds names, never overwrites. */
  merged: boolean;
}

type Change = { id: string; set: Props; undo: string };

/**
 * An id more than one row of the file writes (an entity rows were merged into, a relation with
 * such an end): what the rows so far left it as, so the next row is compared with that — in a dry
 * run too, where nothing is written. Kept only for these ids, so memory follows the number of
 * merges, not the file's size.
 */
interface Written {
  props: Props;
  /** What the database held before this import; undefined when the import creates it. */
  original: Props | undefined;
  /** Every property this import's rows set on it so far: a later change's undo covers them all. */
  changedKeys: Set<string>;
  /** The write group of its last create or change, and that create or change while still unsent (a later row of the group folds into it). */
  group: number;
  create?: Planned;
  change?: Change;
}

export async function applyFile(
  db: Database,
  file: string,
  format: Format,
  label: string,
  checked: CheckResult,
  options: ApplyOptions,
): Promise<Applied> {
  const run = new ApplyRun(db, checked, options);
  await run.pass(file, format, label, 'nodes');
  await run.pass(file, format, label, 'relations');
  return run.applied;
}

class ApplyRun {
  readonly applied: Applied = { entities: zero(), statistics: zero(), relations: zero() };
  private readonly inFlight = new Set<Promise<unknown>>();
  private failure: unknown;
  private lastBeat = Date.now();
  private readonly batchSize: number;
  private readonly written = new Map<string, Written>();
  /** Counts the groups of rows whose writes are sent together (a batch of nodes; a batch's relations of one type). */
  private group = 0;
  /** A row of this group changes what an earlier group wrote: that write must have landed first. */
  private afterEarlier = false;

  constructor(
    private readonly db: Database,
    private readonly checked: CheckResult,
    private readonly options: ApplyOptions,
  ) {
    this.batchSize = options.batchSize ?? 10_000;
  }

  async pass(file: string, format: Format, label: string, phase: 'nodes' | 'relations'): Promise<void> {
    let batch: Planned[] = [];
    let rows = 0;
    const flush = async () => {
      this.options.progress?.add(rows);
      rows = 0;
      if (batch.length === 0) return;
      await (phase === 'nodes' ? this.nodes(batch) : this.relations(batch));
      batch = [];
    };
    const problems: unknown[] = [];
    for await (const record of readRecords(file, format)) {
      const entry = parseEntry(label, record, problems as never[], new Set());
      if (!entry) throw new ImportWriteError(`${label}: ${record.where} no longer passes validation: the file changed during the import`);
      const planned = phase === 'nodes' ? this.nodeRow(entry) : this.relationRow(entry);
      if (planned) batch.push(planned);
      if (phase === 'nodes' ? entry.section !== 'relations' : entry.section !== 'entities') rows++;
      if (batch.length >= this.batchSize) await flush();
    }
    await flush();
    await this.drain();
  }

  private target(id: string): string {
    return this.checked.merges.get(id)?.into ?? id;
  }

  private nodeRow(entry: Entry): Planned | undefined {
    if (entry.section === 'entities') {
      const e = entry.at.value;
      const props = defined({ ...entityProps(e), resolveKeys: resolutionKeys(e.kind, e.name, e.aliases) });
      const id = this.target(e.id);
      return { where: entry.at.entry, id, key: e.kind, props: { ...props, id }, merged: id !== e.id };
    }
    if (entry.section === 'statistics') {
      const s = { ...entry.at.value, subject: this.target(entry.at.value.subject) };
      return { where: entry.at.entry, id: s.id, key: 'Statistic', props: defined(statisticProps(s)) as Planned['props'], merged: false };
    }
    return undefined;
  }

  private relationRow(entry: Entry): Planned | undefined {
    if (entry.section === 'relations') {
      const r: SeedRelation = { ...entry.at.value, from: this.target(entry.at.value.from), to: this.target(entry.at.value.to) };
      const id = relationKey(r);
      return { where: entry.at.entry, id, key: r.type, props: defined(relationProps(r, id)) as Planned['props'], ends: r, merged: false };
    }
    if (entry.section === 'statistics') {
      const m = measuresRelation({ ...entry.at.value, subject: this.target(entry.at.value.subject) });
      return { where: entry.at.entry, id: m.id, key: 'MEASURES', props: m.props, ends: m, merged: false };
    }
    return undefined;
  }

  private async nodes(batch: Planned[]): Promise<void> {
    this.group++;
    // Only rows the check found in the database (by id, or merged) can be changes: the rest are created without a lookup.
    const known = batch.filter((r) => r.merged || this.checked.existing.has(r.id)).map((r) => r.id);
    const existing = known.length > 0 ? await this.readProps(nodesById(known)) : new Map<string, Props>();
    const creates = new Map<string, Planned[]>();
    const changes: Change[] = [];
    for (const row of batch)
      this.plan(
        row,
        existing.get(row.id),
        changes,
        creates,
        row.key === 'Statistic' ? 'statistics' : 'entities',
        this.checked.mergeTargets.has(row.id),
      );
    await this.afterEarlierWrites();
    for (const [kind, rows] of creates)
      this.write(
        entityBatchQuery(
          kind,
          rows.map((r) => checked({ kind: kind as EntityKind, props: { ...r.props, importId: this.options.importId } }, checkEntityRow)),
          'create',
        ),
      );
    if (changes.length > 0) this.write(changeNodes(this.options.importId, changes));
    await this.beat();
  }

  private async relations(batch: Planned[]): Promise<void> {
    const byType = new Map<string, Planned[]>();
    for (const row of batch) {
      let rows = byType.get(row.key);
      if (!rows) byType.set(row.key, (rows = []));
      rows.push(row);
    }
    const targets = this.checked.mergeTargets;
    for (const [type, rows] of byType) {
      this.group++;
      const existing = await this.readProps(
        relationsById(
          type,
          rows.map((r) => r.id),
        ),
      );
      const creates = new Map<string, Planned[]>();
      const changes: Change[] = [];
      for (const row of rows)
        this.plan(row, existing.get(row.id), changes, creates, 'relations', targets.has(row.ends!.from) || targets.has(row.ends!.to));
      await this.afterEarlierWrites();
      const created = creates.get(type) ?? [];
      if (created.length > 0) {
        const ingestRows = created.map((r) =>
          checked(
            { type: type as RelationType, from: r.ends!.from, to: r.ends!.to, props: { ...r.props, importId: this.options.importId } },
            checkRelationRow,
          ),
        );
        this.write(relationBatchQuery(type, ingestRows, 'create'), (result) => {
          const made = result.summary.counters.updates().relationshipsCreated;
          if (made !== created.length)
            throw new ImportWriteError(
              `${created.length - made} of ${created.length} ${type} relations found an end missing at write time (first: ${created[0]!.where}); was an entity deleted meanwhile?`,
            );
        });
      }
      if (changes.length > 0) this.write(changeRelations(this.options.importId, type, changes));
    }
    await this.beat();
  }

  /**
   * Create, change or nothing, by comparing the row with what the database holds — or, for an id
   * an earlier row of the file wrote (`tracked`), with what that row left: a row merged into an
   * entity the file creates changes it like one merged into a stored entity, whichever batch each
   * row falls in, so a dry run and the import count alike.
   */
  private plan(
    row: Planned,
    stored: Props | undefined,
    changes: Change[],
    creates: Map<string, Planned[]>,
    section: keyof Applied,
    tracked: boolean,
  ): void {
    const prior = tracked ? this.written.get(row.id) : undefined;
    const current = prior ? prior.props : stored;
    const set = current ? this.changes(row, current) : undefined;
    const outcome: keyof Outcome = !current ? 'created' : Object.keys(set!).length > 0 ? 'changed' : 'unchanged';
    this.applied[section][outcome]++;
    this.options.onRow?.({
      where: row.where,
      id: row.id,
      outcome,
      ...(outcome === 'changed' ? { properties: Object.keys(set!).sort() } : {}),
    });
    if (outcome === 'created') {
      let list = creates.get(row.key);
      if (!list) creates.set(row.key, (list = []));
      list.push(row);
      if (tracked)
        this.written.set(row.id, { props: row.props, original: undefined, changedKeys: new Set(), group: this.group, create: row });
      return;
    }
    if (!tracked) {
      if (outcome === 'changed') changes.push({ id: row.id, set: set!, undo: undoOf(current!, Object.keys(set!)) });
      return;
    }
    const w: Written = prior ?? { props: current!, original: current, changedKeys: new Set(), group: 0 };
    this.written.set(row.id, w);
    if (outcome === 'unchanged') return;
    w.props = { ...w.props, ...set };
    for (const k of Object.keys(set!)) w.changedKeys.add(k);
    // Undo restores what the database held before the import, for every property the import's rows set.
    const undo = undoOf(w.original ?? {}, [...w.changedKeys]);
    if (w.group === this.group && w.create) Object.assign(w.create.props, set);
    else if (w.group === this.group && w.change) Object.assign(w.change, { set: { ...w.change.set, ...set }, undo });
    else {
      if (prior) this.afterEarlier = true;
      w.group = this.group;
      w.create = undefined;
      w.change = { id: row.id, set: set!, undo };
      changes.push(w.change);
    }
  }

  /** The properties the row sets on what is stored (none: unchanged). */
  private changes(row: Planned, current: Props): Props {
    const next = row.merged
      ? mergedInto(current, row.props, row.key as EntityKind)
      : updated(current, row.props, row.ends ? undefined : (row.key as EntityKind));
    const set: Props = {};
    for (const [k, v] of Object.entries(next)) if (!IMPORT_META.has(k) && JSON.stringify(current[k]) !== JSON.stringify(v)) set[k] = v;
    return set;
  }

  /** Before a group changes what an earlier group wrote, that group's writes (still in flight, perhaps) must have landed. */
  private async afterEarlierWrites(): Promise<void> {
    if (!this.afterEarlier) return;
    this.afterEarlier = false;
    await this.drain();
  }

  private async readProps(query: CypherQuery): Promise<Map<string, Props>> {
    const result = await this.db.read(query);
    return new Map(result.records.map((r) => [r.get('id') as string, r.get('props') as Props]));
  }

  /** Up to `concurrency` write transactions in flight; the first failure stops the pass. */
  private write(query: CypherQuery, verify?: (result: Awaited<ReturnType<Database['write']>>) => void): void {
    if (this.options.dryRun) return;
    const job: Promise<unknown> = this.db
      .write(query, 600_000)
      .then((result) => verify?.(result))
      .catch((error: unknown) => void (this.failure ??= error))
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  private async beat(): Promise<void> {
    while (this.inFlight.size >= (this.options.concurrency ?? 2)) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
    if (this.options.signal?.aborted) throw new ImportAbortedError('the import was interrupted');
    if (!this.options.dryRun && Date.now() - this.lastBeat > HEARTBEAT_MS) {
      this.lastBeat = Date.now();
      await this.db.write(heartbeat(this.options.importId));
    }
  }

  private async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }
}

const zero = (): Outcome => ({ created: 0, changed: 0, unchanged: 0 });

/** The stored values of `keys` (null where none), and the import id it carried. */
const undoOf = (stored: Props, keys: string[]) =>
  JSON.stringify(Object.fromEntries([...keys, 'importId'].map((k) => [k, stored[k] ?? null])));

function checked<R>(row: R, check: (row: R) => void): R {
  check(row);
  return row;
}

const defined = <T extends Props>(props: T): T => Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as T;

/** Matched by id: the row's values replace the stored ones; aliases and evidence are added to, never lost. */
function updated(current: Props, incoming: Props, kind: EntityKind | undefined): Props {
  const next: Props = { ...incoming, ...unionEvidence(current, incoming) };
  // The old name, if the row renames the entity, stays findable as an alias.
  if (kind && kind !== 'Statistic')
    Object.assign(next, names(kind, incoming.name as string, current.aliases, [current.name as string, ...(incoming.aliases as string[])]));
  return next;
}

/** Matched by name or alias: the existing entity keeps its name and values; the row fills what it lacks and adds its names as aliases. */
function mergedInto(current: Props, incoming: Props, kind: EntityKind): Props {
  const next: Props = {};
  for (const [k, v] of Object.entries(incoming)) if (current[k] === undefined && !IMPORT_META.has(k)) next[k] = v;
  Object.assign(next, unionEvidence(current, incoming));
  Object.assign(next, names(kind, current.name as string, current.aliases, [incoming.name as string, ...(incoming.aliases as string[])]));
  return next;
}

/** `name`, the aliases kept plus the new names not already among them (compared normalised), and the derived aliasText and resolveKeys. */
function names(kind: EntityKind, name: string, currentAliases: unknown, newNames: string[]): Props {
  const aliases = Array.isArray(currentAliases) ? [...(currentAliases as string[])] : [];
  const known = new Set([name, ...aliases].map((n) => resolutionKey(kind, n)));
  for (const n of newNames) {
    const key = resolutionKey(kind, n);
    if (known.has(key)) continue;
    known.add(key);
    aliases.push(n);
  }
  return { aliases, aliasText: aliases.join(' ; '), resolveKeys: resolutionKeys(kind, name, aliases) };
}

/** Evidence already stored, then the row's pieces it lacks. */
function unionEvidence(current: Props, incoming: Props): Props {
  const sources = [...((current.evidenceSources as string[]) ?? [])];
  const paragraphs = [...((current.evidenceParagraphs as number[]) ?? [])];
  const quotes = [...((current.evidenceQuotes as string[]) ?? [])];
  const seen = new Set(sources.map((s, i) => `${s}\u0000${paragraphs[i]}\u0000${quotes[i]}`));
  const inSources = (incoming.evidenceSources as string[]) ?? [];
  inSources.forEach((s, i) => {
    const p = (incoming.evidenceParagraphs as number[])[i]!;
    const q = (incoming.evidenceQuotes as string[])[i]!;
    if (seen.has(`${s}\u0000${p}\u0000${q}`)) return;
    seen.add(`${s}\u0000${p}\u0000${q}`);
    sources.push(s);
    paragraphs.push(p);
    quotes.push(q);
  });
  return { evidenceSources: sources, evidenceParagraphs: paragraphs, evidenceQuotes: quotes };
}
