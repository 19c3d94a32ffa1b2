import { createHash } from 'node:crypto';
import { ENTITY_KIND_NAMES, ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import { toStoredEvidence } from '../model/evidence.js';
import { resolutionKeys } from '../ingest/resolution-keys.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import { statisticIndexProperties } from '../model/statistics.js';
import type { QueryResult } from 'neo4j-driver';
import type { CypherQuery, Database } from '../neo4j/database.js';
import type { SeedEntity, SeedEvidence, SeedRelation, SeedStatistic } from './format.js';
import { TOMBSTONE_LABEL } from '../model/tombstone.js';
import type { SeedData } from './validate.js';

/**
 * Writes validated seed data in ONE write transaction: batched `UNWIND … MERGE` on stable ids.
 * Each node and relation carries a hash of its seeded properties and is only rewritten when the
 * hash changed, so a second run writes nothing and the summary says so.
 *
 * Seeded nodes and relations the given data lacks ("left over": removed from the seed files, or
 * in files a partial folder does not have) are counted, by kind and type, and deleted only with
 * `prune`: a seed folder that is merely incomplete must never cost data. Anything not written by
 * the seed (`seeded` unset) is never touched, except relations attached to a pruned node.
 */
export interface LoadSummary {
  nodesCreated: number;
  nodesUpdated: number;
  nodesDeleted: number;
  relationsCreated: number;
  relationsUpdated: number;
  relationsDeleted: number;
}

/** Counts by entity kind (or SourceDocument, Statistic) and by relation type, sorted by name. */
export interface LeftOver {
  nodes: Record<string, number>;
  relations: Record<string, number>;
}

export interface LoadResult {
  summary: LoadSummary;
  /** What the database holds from earlier seeds and the data lacks: kept, or deleted if pruned. */
  leftOver: LeftOver;
  /**
   * Seed entries that were written through the API since (corrected, merged away or deleted), by
   * id, sorted: the load leaves them as the API left them (see `written` in schema/MODEL.md).
   */
  written: { nodes: string[]; relations: string[] };
}

export interface LoadOptions {
  /** Delete the left-over seeded nodes and relations (in the same transaction). */
  prune?: boolean;
  /** Only read: report what loading would create, update and delete, writing nothing. */
  dryRun?: boolean;
  onProgress?: (message: string) => void;
}

type Props = Record<string, unknown>;
export interface Row {
  id: string;
  props: Props;
  from?: string;
  to?: string;
}
type NodeRow = Row & { label: EntityKind; otherLabels: EntityKind[] };
type RelationRow = Row & { type: RelationType };
interface Keep {
  nodes: string[];
  relations: string[];
}

export function totalChanges(s: LoadSummary): number {
  return Object.values(s).reduce((a, b) => a + b, 0);
}

export const countOf = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Rows per statement: big imports stay in one transaction but never build one huge parameter list. */
const BATCH_SIZE = 1000;

type Step = 'written' | 'nodes' | 'relations' | 'leftNodes' | 'leftRelations' | 'prune';

export async function loadSeed(db: Database, data: SeedData, options: LoadOptions = {}): Promise<LoadResult> {
  const nodes: NodeRow[] = [...nodeRows(data)].flatMap(([label, rows]) => rows.map((row) => ({ ...row, label, otherLabels: ENTITY_KIND_NAMES.filter((k) => k !== label) })));
  const relations: RelationRow[] = [...relationRows(data)].flatMap(([type, rows]) => rows.map((row) => ({ ...row, type })));
  const keep: Keep = { nodes: nodes.map((r) => r.id), relations: relations.map((r) => r.id) };
  if (options.dryRun) return planLoad(db, nodes, relations, keep, options.prune ?? false);
  const queries: { query: CypherQuery; step: Step }[] = [
    // First, so it reports what the API wrote before this load (the upserts below skip it).
    { query: writtenEntries(nodes, relations), step: 'written' },
    ...chunks(nodes).map((rows) => ({ query: upsertNodes(rows), step: 'nodes' as const })),
    ...chunks(relations).map((rows) => ({ query: upsertRelations(rows), step: 'relations' as const })),
    { query: leftOverNodes(keep), step: 'leftNodes' },
    { query: leftOverRelations(keep), step: 'leftRelations' },
    ...(options.prune ? [pruneRelations(keep), pruneNodes(keep)].map((query) => ({ query, step: 'prune' as const })) : []),
  ];
  const results = await db.writeAll(
    queries.map((q) => q.query),
    (done) => options.onProgress?.(`seed: ${done}/${queries.length} batches written`),
  );
  return tally(results, queries.map((q) => q.step));
}

/** The summary from each statement's counters (and the changed rows an upsert returns), and the left-over counts. */
function tally(results: QueryResult[], steps: Step[]): LoadResult {
  const summary = noChanges();
  const leftOver: LeftOver = { nodes: {}, relations: {} };
  let written: LoadResult['written'] = { nodes: [], relations: [] };
  results.forEach((result, i) => {
    const counters = result.summary.counters.updates();
    const step = steps[i];
    const changed = () => Number(result.records[0]?.get('changed') ?? 0);
    if (step === 'written') written = writtenOf(result);
    else if (step === 'nodes') {
      summary.nodesCreated += counters.nodesCreated;
      summary.nodesUpdated += changed() - counters.nodesCreated;
    } else if (step === 'relations') {
      summary.relationsCreated += counters.relationshipsCreated;
      summary.relationsUpdated += changed() - counters.relationshipsCreated;
    } else if (step === 'leftNodes') leftOver.nodes = countsByName(result);
    else if (step === 'leftRelations') leftOver.relations = countsByName(result);
    summary.nodesDeleted += counters.nodesDeleted;
    summary.relationsDeleted += counters.relationshipsDeleted;
  });
  return { summary, leftOver, written };
}

const noChanges = (): LoadSummary => ({ nodesCreated: 0, nodesUpdated: 0, nodesDeleted: 0, relationsCreated: 0, relationsUpdated: 0, relationsDeleted: 0 });

/** The dry run: the same counts as a load, from reads alone (each row's stored hash against its new one). */
async function planLoad(db: Database, nodes: NodeRow[], relations: RelationRow[], keep: Keep, prune: boolean): Promise<LoadResult> {
  const summary = noChanges();
  for (const rows of chunks(nodes)) {
    const record = (await db.read(planNodes(rows))).records[0]!;
    summary.nodesCreated += Number(record.get('created'));
    summary.nodesUpdated += Number(record.get('updated'));
  }
  for (const rows of chunks(relations)) {
    const record = (await db.read(planRelations(rows))).records[0]!;
    summary.relationsCreated += Number(record.get('created'));
    summary.relationsUpdated += Number(record.get('updated'));
  }
  const leftOver: LeftOver = { nodes: countsByName(await db.read(leftOverNodes(keep))), relations: countsByName(await db.read(leftOverRelations(keep))) };
  if (prune) {
    summary.nodesDeleted = countOf(leftOver.nodes);
    summary.relationsDeleted = countOf(leftOver.relations);
  }
  return { summary, leftOver, written: writtenOf(await db.read(writtenEntries(nodes, relations))) };
}

function countsByName(result: QueryResult): Record<string, number> {
  const counts = result.records.map((r) => [r.get('name') as string, Number(r.get('count'))] as const);
  return Object.fromEntries(counts.sort(([a], [b]) => a.localeCompare(b)));
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_SIZE) out.push(rows.slice(i, i + BATCH_SIZE));
  return out;
}

function withHash(props: Props): Props {
  const clean = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  const seedHash = createHash('sha256').update(JSON.stringify(clean)).digest('base64url').slice(0, 22);
  return { ...clean, seeded: true, seedHash };
}

const evidenceProps = (evidence: SeedEvidence[]) => toStoredEvidence(evidence.map((e) => ({ sourceId: e.source, paragraph: e.paragraph, quote: e.quote, assertedBy: e.assertedBy })));

// How each kind of entry is stored: the seed loader, imports and the API's writes (src/write/) all use these.

/** An entity's properties as stored. */
export function entityProps(e: SeedEntity): Props & { id: string } {
  const { evidence, aliases, kind: _kind, ...rest } = e;
  return { ...rest, aliases, aliasText: aliases.join(' ; '), ...evidenceProps(evidence) };
}

/** A statistic's node properties as stored. */
export function statisticProps(s: SeedStatistic): Props & { id: string } {
  const { evidence, period, subject, ...rest } = s;
  return { ...rest, subjectId: subject, name: s.measureZh, nameEn: s.measure, periodLabel: period.label, periodStart: period.start, periodEnd: period.end, ...statisticIndexProperties(s.measure, s.measureZh), ...evidenceProps(evidence) };
}

/** A relation's properties as stored, under its stable id. */
export function relationProps(r: SeedRelation, id: string): Props & { id: string } {
  return { id, ...r.props, ...evidenceProps(r.evidence) };
}

/** The MEASURES relation of a statistic: its id and properties (the statistic's evidence). */
export function measuresRelation(s: SeedStatistic): { id: string; from: string; to: string; props: Props & { id: string } } {
  const id = `MEASURES:${s.id}->${s.subject}`;
  return { id, from: s.id, to: s.subject, props: { id, ...evidenceProps(s.evidence) } };
}

/** The seed's nodes as stored, by kind (also the generator's CSV export of the seed). */
export function nodeRows(data: SeedData): Map<EntityKind, Row[]> {
  const rows = new Map<EntityKind, Row[]>(ENTITY_KIND_NAMES.map((k) => [k, []]));
  for (const s of data.sources) {
    const props = { id: s.id, name: s.title, nameEn: s.titleEn, date: s.date, language: s.language, publisher: s.publisher, description: s.description, file: s.file, text: s.text };
    rows.get('SourceDocument')!.push({ id: s.id, props: withHash(props) });
  }
  // Resolution keys are derived from the name and aliases, so they stay out of the hash.
  for (const e of data.entities) rows.get(e.kind)!.push({ id: e.id, props: { ...withHash(entityProps(e)), resolveKeys: resolutionKeys(e.kind, e.name, e.aliases) } });
  for (const s of data.statistics) rows.get('Statistic')!.push({ id: s.id, props: withHash(statisticProps(s)) });
  return new Map([...rows].filter(([, r]) => r.length > 0));
}

/** The seed's relations (and each statistic's MEASURES) as stored, by type. */
export function relationRows(data: SeedData): Map<RelationType, Row[]> {
  const rows = new Map<RelationType, Row[]>(RELATION_TYPE_NAMES.map((t) => [t, []]));
  for (const r of data.relations) rows.get(r.type as RelationType)!.push({ id: r.key, from: r.from, to: r.to, props: withHash(relationProps(r, r.key)) });
  for (const s of data.statistics) {
    const m = measuresRelation(s);
    rows.get('MEASURES')!.push({ ...m, props: withHash(m.props) });
  }
  return new Map([...rows].filter(([, r]) => r.length > 0));
}

// Labels and relation types are written with Cypher's dynamic `$(…)` syntax, and their values
// come only from the model tables: the validator has checked every kind and type against them.
//
// What the API wrote wins over the seed: a node or relation marked `written` is not rewritten, and
// an id with a tombstone (merged away or deleted through the API) is not created again.
const NOT_TOMBSTONED = (id: string) => `NOT EXISTS { MATCH (:${TOMBSTONE_LABEL} {id: ${id}}) }`;

function upsertNodes(rows: Row[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      WITH row WHERE ${NOT_TOMBSTONED('row.id')}
      MERGE (n:${ENTITY_LABEL} {id: row.id})
      WITH n, row WHERE NOT coalesce(n.written, false) AND (n.seedHash IS NULL OR n.seedHash <> row.props.seedHash)
      SET n = row.props, n:$(row.label)
      REMOVE n:$(row.otherLabels)
      RETURN count(n) AS changed`,
    params: { rows },
  };
}

function upsertRelations(rows: Row[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      WITH row WHERE ${NOT_TOMBSTONED('row.id')}
      MATCH (a:${ENTITY_LABEL} {id: row.from}), (b:${ENTITY_LABEL} {id: row.to})
      MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
      WITH r, row WHERE NOT coalesce(r.written, false) AND (r.seedHash IS NULL OR r.seedHash <> row.props.seedHash)
      SET r = row.props
      RETURN count(r) AS changed`,
    params: { rows },
  };
}

/** Rows for the dry run: only what decides between created, updated and unchanged. */
const hashRows = (rows: Row[]) => rows.map((r) => ({ id: r.id, from: r.from, to: r.to, hash: r.props.seedHash }));

function planNodes(rows: NodeRow[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      WITH row WHERE ${NOT_TOMBSTONED('row.id')}
      OPTIONAL MATCH (n:${ENTITY_LABEL} {id: row.id})
      RETURN count(row) - count(n) AS created,
        count(CASE WHEN NOT coalesce(n.written, false) AND (n.seedHash IS NULL OR n.seedHash <> row.hash) THEN n END) AS updated`,
    params: { rows: hashRows(rows) },
  };
}

function planRelations(rows: RelationRow[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      WITH row WHERE ${NOT_TOMBSTONED('row.id')} AND ${NOT_TOMBSTONED('row.from')} AND ${NOT_TOMBSTONED('row.to')}
      OPTIONAL MATCH (:${ENTITY_LABEL} {id: row.from})-[r:$(row.type) {id: row.id}]->(:${ENTITY_LABEL} {id: row.to})
      RETURN count(row) - count(r) AS created,
        count(CASE WHEN NOT coalesce(r.written, false) AND (r.seedHash IS NULL OR r.seedHash <> row.hash) THEN r END) AS updated`,
    params: { rows: hashRows(rows).map((r, i) => ({ ...r, type: rows[i]!.type })) },
  };
}

// A left-over node's kind is its label besides Entity. Its relations are counted (and deleted)
// with it even when not seeded themselves: DETACH DELETE removes them, so the report says so.
function leftOverNodes(keep: Keep): CypherQuery {
  return {
    cypher: `MATCH (n:${ENTITY_LABEL}) WHERE ${LEFT_OVER_NODE('n')}
      RETURN [l IN labels(n) WHERE l <> $entity][0] AS name, count(n) AS count`,
    params: { nodes: keep.nodes, entity: ENTITY_LABEL },
  };
}

function leftOverRelations(keep: Keep): CypherQuery {
  return { cypher: `MATCH (a)-[r]->(b) WHERE ${LEFT_OVER_RELATION} RETURN type(r) AS name, count(r) AS count`, params: { ...keep } };
}

/** A seeded node the data lacks; one the API has written since is the API's, never left over. */
const LEFT_OVER_NODE = (v: string) => `${v}.seeded AND NOT coalesce(${v}.written, false) AND NOT ${v}.id IN $nodes`;

const LEFT_OVER_RELATION = `(r.seeded AND NOT coalesce(r.written, false) AND NOT r.id IN $relations)
  OR (a:${ENTITY_LABEL} AND ${LEFT_OVER_NODE('a')})
  OR (b:${ENTITY_LABEL} AND ${LEFT_OVER_NODE('b')})`;

function pruneRelations(keep: Keep): CypherQuery {
  return { cypher: `MATCH (a)-[r]->(b) WHERE ${LEFT_OVER_RELATION} DELETE r`, params: { ...keep } };
}

function pruneNodes(keep: Keep): CypherQuery {
  return { cypher: `MATCH (n:${ENTITY_LABEL}) WHERE ${LEFT_OVER_NODE('n')} DETACH DELETE n`, params: { nodes: keep.nodes } };
}

/**
 * The seed's entries the API has written since: nodes and relations marked `written`, ids with a
 * tombstone, and relations with a tombstoned end (an entity merged away or deleted).
 */
function writtenEntries(nodes: Row[], relations: RelationRow[]): CypherQuery {
  return {
    cypher: `CALL () {
        UNWIND $nodes AS id
        OPTIONAL MATCH (n:${ENTITY_LABEL} {id: id})
        WITH id, n WHERE n.written OR NOT ${NOT_TOMBSTONED('id')}
        RETURN collect(id) AS nodes
      }
      CALL () {
        UNWIND $relations AS row
        OPTIONAL MATCH (:${ENTITY_LABEL} {id: row.from})-[r:$(row.type) {id: row.id}]->(:${ENTITY_LABEL} {id: row.to})
        WITH row, r WHERE r.written OR NOT (${NOT_TOMBSTONED('row.id')} AND ${NOT_TOMBSTONED('row.from')} AND ${NOT_TOMBSTONED('row.to')})
        RETURN collect(row.id) AS relations
      }
      RETURN nodes, relations`,
    params: { nodes: nodes.map((n) => n.id), relations: relations.map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to })) },
  };
}

function writtenOf(result: QueryResult): LoadResult['written'] {
  const record = result.records[0];
  const sorted = (key: string) => [...((record?.get(key) as string[] | undefined) ?? [])].sort();
  return { nodes: sorted('nodes'), relations: sorted('relations') };
}
