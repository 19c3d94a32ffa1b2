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
 * incoming entity resolved — by id, else by its normalised name and aliases within its kind. The
 * database is asked once per batch of rows, never once per row.
 */
export interface Merge {
  where: string;
  /** The id the file gives. */
  incoming: string;
  /** The existing entity it is merged into. */
  into: string;
  /** The name or alias both share (normalised). */
  matchedOn: string;
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
  return { problems: pass.problems, merges: pass.merges, refused: pass.refused, rows: pass.rows, existing: pass.existing };
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
    const targets = new Map<string, string>();
    for (const merge of this.merges.values()) {
      const other = this.defined.get(merge.into) ?? targets.get(merge.into);
      if (other)
        this.problems.push({
          file: this.file,
          entry: merge.where,
          field: 'id',
          message: `${merge.incoming} resolves to ${merge.into}, which ${other} also writes; give the two rows as one`,
        });
      targets.set(merge.into, merge.where);
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

  /** By id first; an entity the database lacks is looked up by each of its keys, and merged when exactly one entity holds them. */
  private async resolve(entities: Located<SeedEntity>[]): Promise<void> {
    if (entities.length === 0) return;
    const unmatched = entities.filter((e) => !this.existing.has(e.value.id));
    const keysOf = new Map(unmatched.map((e) => [e, resolutionKeys(e.value.kind, e.value.name, e.value.aliases)]));
    const allKeys = [...new Set([...keysOf.values()].flat())];
    if (allKeys.length === 0) return;
    const wanted = new Set(allKeys);
    const holders = new Map<string, { id: string; name: string }[]>();
    for (const r of (await this.db.read(candidatesByKey(allKeys))).records) {
      for (const key of (r.get('keys') as string[]).filter((k) => wanted.has(k))) {
        let list = holders.get(key);
        if (!list) holders.set(key, (list = []));
        list.push({ id: r.get('id') as string, name: r.get('name') as string });
      }
    }
    for (const e of unmatched) this.decide(e, keysOf.get(e)!, holders);
  }

  private decide(e: Located<SeedEntity>, keys: string[], holders: Map<string, { id: string; name: string }[]>): void {
    const candidates = new Map<string, { id: string; name: string; key: string }>();
    for (const key of keys) for (const h of holders.get(key) ?? []) if (!candidates.has(h.id)) candidates.set(h.id, { ...h, key });
    if (candidates.size === 1) {
      const [only] = candidates.values();
      this.merges.set(e.value.id, {
        where: e.entry,
        incoming: e.value.id,
        into: only!.id,
        matchedOn: only!.key.slice(only!.key.indexOf('|') + 1),
      });
    } else if (candidates.size > 1) {
      const list = [...candidates.values()].sort((a, b) => a.id.localeCompare(b.id));
      this.refused.push({ where: e.entry, incoming: e.value.id, candidates: list.map(({ id, name }) => ({ id, name })) });
      this.problems.push({
        file: e.file,
        entry: e.entry,
        field: 'name',
        message: `ambiguous: the name or an alias matches ${list.length} existing ${e.value.kind} entities (${list.map((c) => `${c.id} ${c.name}`).join('; ')}); give the id of the one meant, or a name that tells them apart`,
      });
    }
  }
}
