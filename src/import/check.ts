import { kindOfId, type EntityKind } from '../model/entity-kinds.js';
import type { Database } from '../neo4j/database.js';
import { resolutionKeys } from '../ingest/resolution-keys.js';
import type { SeedEntity } from '../seed/format.js';
import { checkEntity, checkQuote, checkRelation, checkStatistic, identityKey, type Located, type SeedProblem } from '../seed/validate.js';
import { candidatesByKey, existingIds, sourceTexts } from './cypher.js';
import { parseEntry, type Entry } from './entries.js';
import { readRecords, type Format } from './read.js';

/**
 * The first pass over a file, before anything is written: every row parsed and checked with the
 * seed's rules, every reference and quote checked against the file and the database, and every
 * incoming entity resolved — by id, else by its normalised name and aliases within its kind, against
 * the database and against the file's earlier entity rows alike (two rows spelling one firm two ways
 * become one entity: the later row merges into the earlier one's). The database is asked once per
 * batch of rows, never once per row.
 */
export interface Merge {
  where: string;
  /** The id the file gives. */
  incoming: string;
  /** The existing entity it is merged into. */
  into: string;
  /** The name or alias both share (normalised). */
  matchedOn: string;
  /** The earlier row of the file that `into` comes from, when the match is with the file rather than the database. */
  inFile?: string;
}

export interface Refusal {
  where: string;
  incoming: string;
  candidates: { id: string; name: string }[];
}

export interface CheckResult {
  problems: SeedProblem[];
  /** Incoming id → the existing entity it resolved to (only entities not found by their own id). */
  merges: Map<string, Merge>;
  refused: Refusal[];
  rows: number;
  /** Ids of the file's entities and statistics the database held when checked. */
  existing: Set<string>;
  /** The entities rows were merged into: more than one row may write each (apply.ts compares each row with the one before). */
  mergeTargets: Set<string>;
}

export const CHECK_BATCH = 5000;

export async function checkFile(db: Database, file: string, format: Format, label = file): Promise<CheckResult> {
  const pass = new CheckPass(db, label);
  let batch: Entry[] = [];
  for await (const record of readRecords(file, format)) {
    pass.rows++;
    const entry = parseEntry(label, record, pass.problems, pass.invalidIds);
    if (entry) batch.push(entry);
    if (batch.length >= CHECK_BATCH) {
      await pass.check(batch);
      batch = [];
    }
  }
  await pass.check(batch);
  await pass.finish();
  return {
    problems: pass.problems,
    merges: pass.merges,
    refused: pass.refused,
    rows: pass.rows,
    existing: pass.existing,
    mergeTargets: new Set([...pass.merges.values()].map((m) => m.into)),
  };
}

class CheckPass {
  readonly problems: SeedProblem[] = [];
  readonly invalidIds = new Set<string>();
  readonly merges = new Map<string, Merge>();
  readonly refused: Refusal[] = [];
  rows = 0;
  /** Entity and statistic ids of the file → where each is first defined. */
  private readonly defined = new Map<string, string>();
  /** Relations of the file by identity → where first given. */
  private readonly relations = new Map<string, string>();
  /** Ids referred to but neither defined in the file so far nor yet found in the database → where. */
  private pending = new Map<string, { file: string; entry: string; field: string }[]>();
  private readonly texts = new Map<string, string[]>();
  /** Entity and statistic ids of the file the database holds already: the second pass reads only these (and merge targets). */
  readonly existing = new Set<string>();
  /**
   * The resolution keys of the file's entity rows so far → the entity each row writes (its own id,
   * or the one it merged into), and where that row is; several entities when rows that were not
   * merged share a key. What lets a later row find an earlier one. Memory: one map entry per
   * distinct key, the key string and the map's slot (the id and place are the row's own strings,
   * shared): measured at 84 bytes a key for 2 million keys of 8-30 characters, so 161 MiB for a
   * million entity rows of two names each, beside the `defined` map the check keeps already.
   */
  private readonly fileKeys = new Map<string, FileHolder | FileHolder[]>();

  constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {}

  async check(batch: Entry[]): Promise<void> {
    await this.loadTexts(batch);
    const kindOf = (id: string): EntityKind | undefined => kindOfId(id);
    const entities: Located<SeedEntity>[] = [];
    for (const entry of batch) {
      const at = entry.at as Located<{ evidence: { source: string; paragraph: number; quote: string }[] }>;
      at.value.evidence.forEach((ev, i) => checkQuote(at, `evidence[${i}]`, ev, this.texts, this.problems, this.invalidIds));
      if (entry.section === 'entities') {
        this.claim(entry.at.value.id, entry.at);
        checkEntity(entry.at, this.problems);
        entities.push(entry.at);
      } else if (entry.section === 'statistics') {
        this.claim(entry.at.value.id, entry.at);
        checkStatistic(entry.at, kindOf, this.problems, this.invalidIds);
        this.refer(entry.at.value.subject, entry.at, 'subject');
      } else {
        checkRelation(entry.at, kindOf, this.problems, this.invalidIds);
        this.claimRelation(entry.at as Located<Parameters<typeof identityKey>[0]>);
        this.refer(entry.at.value.from, entry.at, 'from');
        this.refer(entry.at.value.to, entry.at, 'to');
      }
    }
    await this.findExisting(batch);
    await this.resolve(entities);
    if (this.pending.size >= CHECK_BATCH) await this.settlePending();
  }

  /** References still open at the end: defined later in the file, in the database, or unknown. */
  async finish(): Promise<void> {
    for (const id of this.defined.keys()) this.pending.delete(id);
    await this.settlePending();
    for (const [id, places] of this.pending) {
      if (this.invalidIds.has(id)) continue;
      for (const p of places) this.problems.push({ ...p, message: `unknown entity ${id}: neither in this file nor in the database` });
    }
  }

  private claim(id: string, at: Located<unknown>): void {
    const first = this.defined.get(id);
    if (first)
      this.problems.push({ file: at.file, entry: at.entry, field: 'id', message: `duplicate id ${id} (first defined at ${first})` });
    else this.defined.set(id, at.entry);
  }

  private claimRelation(at: Located<Parameters<typeof identityKey>[0]>): void {
    const key = identityKey(at.value);
    const first = this.relations.get(key);
    if (!first) this.relations.set(key, at.entry);
    else
      this.problems.push({
        file: at.file,
        entry: at.entry,
        field: '(entry)',
        message: `duplicate relation (first at ${first}); give a distinct role to tell them apart`,
      });
  }

  private refer(id: string, at: Located<unknown>, field: string): void {
    if (this.defined.has(id) || !kindOfId(id)) return;
    let places = this.pending.get(id);
    if (!places) this.pending.set(id, (places = []));
    places.push({ file: at.file, entry: at.entry, field });
  }

  /** Drops the pending ids the database holds, in batches. */
  private async settlePending(): Promise<void> {
    const ids = [...this.pending.keys()];
    for (let i = 0; i < ids.length; i += CHECK_BATCH) {
      const found = await this.db.read(existingIds(ids.slice(i, i + CHECK_BATCH)));
      for (const r of found.records) this.pending.delete(r.get('id') as string);
    }
  }

  private async loadTexts(batch: Entry[]): Promise<void> {
    const wanted = new Set<string>();
    for (const e of batch) for (const ev of e.at.value.evidence) if (!this.texts.has(ev.source)) wanted.add(ev.source);
    if (wanted.size === 0) return;
    const result = await this.db.read(sourceTexts([...wanted]));
    for (const r of result.records) this.texts.set(r.get('id') as string, String(r.get('text') ?? '').split('\n'));
  }

  /** Which of the batch's entities and statistics the database holds by their own id. */
  private async findExisting(batch: Entry[]): Promise<void> {
    const ids = batch.filter((e) => e.section !== 'relations').map((e) => (e.at.value as { id: string }).id);
    if (ids.length === 0) return;
    for (const r of (await this.db.read(existingIds(ids))).records) this.existing.add(r.get('id') as string);
  }

  /**
   * By id first; an entity the database lacks is looked up by each of its keys, in the database and
   * among the file's earlier rows, and merged when exactly one entity holds them. Rows in file order,
   * so each sees every row before it.
   */
  private async resolve(entities: Located<SeedEntity>[]): Promise<void> {
    if (entities.length === 0) return;
    const keysOf = new Map(entities.map((e) => [e, resolutionKeys(e.value.kind, e.value.name, e.value.aliases)]));
    const unmatched = entities.filter((e) => !this.existing.has(e.value.id));
    const allKeys = [...new Set(unmatched.flatMap((e) => keysOf.get(e)!))];
    const holders = allKeys.length > 0 ? await this.holders(allKeys) : new Map<string, Candidate[]>();
    for (const e of entities) {
      const into = this.existing.has(e.value.id) ? e.value.id : this.decide(e, keysOf.get(e)!, holders);
      if (into !== undefined) this.remember(keysOf.get(e)!, { id: into, where: this.merges.get(e.value.id)?.inFile ?? e.entry });
    }
  }

  /** The database's entities holding each key. */
  private async holders(keys: string[]): Promise<Map<string, Candidate[]>> {
    const wanted = new Set(keys);
    const holders = new Map<string, Candidate[]>();
    for (const r of (await this.db.read(candidatesByKey(keys))).records) {
      for (const key of (r.get('keys') as string[]).filter((k) => wanted.has(k))) {
        let list = holders.get(key);
        if (!list) holders.set(key, (list = []));
        list.push({ id: r.get('id') as string, name: r.get('name') as string });
      }
    }
    return holders;
  }

  private remember(keys: string[], holder: FileHolder): void {
    for (const key of keys) {
      const held = this.fileKeys.get(key);
      if (held === undefined) this.fileKeys.set(key, holder);
      else if (Array.isArray(held)) {
        if (!held.some((h) => h.id === holder.id)) held.push(holder);
      } else if (held.id !== holder.id) this.fileKeys.set(key, [held, holder]);
    }
  }

  /** The entity the row merges into, its own id when it matches none, or undefined when it matches several (refused). */
  private decide(e: Located<SeedEntity>, keys: string[], holders: Map<string, Candidate[]>): string | undefined {
    const candidates = new Map<string, Candidate & { key: string; inFile?: string }>();
    for (const key of keys) {
      for (const h of holders.get(key) ?? []) if (!candidates.has(h.id)) candidates.set(h.id, { ...h, key });
      const held = this.fileKeys.get(key);
      for (const h of held === undefined ? [] : Array.isArray(held) ? held : [held])
        if (!candidates.has(h.id)) candidates.set(h.id, { id: h.id, name: normalisedName(key), key, inFile: h.where });
    }
    if (candidates.size === 0) return e.value.id;
    if (candidates.size === 1) {
      const [only] = candidates.values();
      const merge: Merge = { where: e.entry, incoming: e.value.id, into: only!.id, matchedOn: normalisedName(only!.key) };
      if (only!.inFile) merge.inFile = only!.inFile;
      this.merges.set(e.value.id, merge);
      return only!.id;
    }
    const list = [...candidates.values()].sort((a, b) => a.id.localeCompare(b.id));
    const inFile = list.filter((c) => c.inFile).length;
    const where = inFile === 0 ? 'existing' : inFile === list.length ? 'earlier' : 'existing and earlier';

    this.refused.push({ where: e.entry, incoming: e.value.id, candidates: list.map(({ id, name }) => ({ id, name })) });
    this.problems.push({
      file: e.file,
      entry: e.entry,
      field: 'name',
      message: `ambiguous: the name or an alias matches ${list.length} ${where} ${e.value.kind} entities (${list.map((c) => `${c.id} ${c.name}${c.inFile ? ` at ${c.inFile}` : ''}`).join('; ')}); give the id of the one meant, or a name that tells them apart`,
    });
    return undefined;
  }
}

type Candidate = { id: string; name: string };
/** An entity written by rows of the file: its id and the first row that writes it. */
type FileHolder = { id: string; where: string };
const normalisedName = (key: string) => key.slice(key.indexOf('|') + 1);
