import { createHash } from 'node:crypto';
import { ENTITY_KIND_NAMES, ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import { toStoredEvidence } from '../model/evidence.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import type { CypherQuery, Database } from '../neo4j/database.js';
import type { SeedEvidence } from './format.js';
import type { SeedData } from './validate.js';

/**
 * Writes validated seed data in ONE write transaction: batched `UNWIND … MERGE` on stable ids.
 * Each node and relation carries a hash of its seeded properties and is only rewritten when the
 * hash changed, so a second run writes nothing and the summary says so. Seeded nodes and relations
 * that left the seed files are deleted; anything not written by the seed (`seeded` unset) is kept.
 */
export interface LoadSummary {
  nodesCreated: number;
  nodesUpdated: number;
  nodesDeleted: number;
  relationsCreated: number;
  relationsUpdated: number;
  relationsDeleted: number;
}

type Props = Record<string, unknown>;
interface Row {
  id: string;
  props: Props;
  from?: string;
  to?: string;
}

export function totalChanges(s: LoadSummary): number {
  return Object.values(s).reduce((a, b) => a + b, 0);
}

/** Rows per statement: big imports stay in one transaction but never build one huge parameter list. */
const BATCH_SIZE = 1000;

export async function loadSeed(db: Database, data: SeedData, onProgress?: (message: string) => void): Promise<LoadSummary> {
  const nodes = [...nodeRows(data)].flatMap(([label, rows]) => rows.map((row) => ({ ...row, label, otherLabels: ENTITY_KIND_NAMES.filter((k) => k !== label) })));
  const relations = [...relationRows(data)].flatMap(([type, rows]) => rows.map((row) => ({ ...row, type })));
  const queries: { query: CypherQuery; counts: 'nodes' | 'relations' | 'prune' }[] = [
    ...chunks(nodes).map((rows) => ({ query: upsertNodes(rows), counts: 'nodes' as const })),
    ...chunks(relations).map((rows) => ({ query: upsertRelations(rows), counts: 'relations' as const })),
    { query: pruneRelations(relations.map((r) => r.id)), counts: 'prune' },
    { query: pruneNodes(nodes.map((r) => r.id)), counts: 'prune' },
  ];
  const results = await db.writeAll(
    queries.map((q) => q.query),
    (done) => onProgress?.(`seed: ${done}/${queries.length} batches written`),
  );
  const summary: LoadSummary = { nodesCreated: 0, nodesUpdated: 0, nodesDeleted: 0, relationsCreated: 0, relationsUpdated: 0, relationsDeleted: 0 };
  results.forEach((result, i) => {
    const counters = result.summary.counters.updates();
    const changed = Number(result.records[0]?.get('changed') ?? 0);
    if (queries[i]!.counts === 'nodes') {
      summary.nodesCreated += counters.nodesCreated;
      summary.nodesUpdated += changed - counters.nodesCreated;
    } else if (queries[i]!.counts === 'relations') {
      summary.relationsCreated += counters.relationshipsCreated;
      summary.relationsUpdated += changed - counters.relationshipsCreated;
    }
    summary.nodesDeleted += counters.nodesDeleted;
    summary.relationsDeleted += counters.relationshipsDeleted;
  });
  return summary;
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

const evidenceProps = (evidence: SeedEvidence[]) => toStoredEvidence(evidence.map((e) => ({ sourceId: e.source, paragraph: e.paragraph, quote: e.quote })));

function nodeRows(data: SeedData): Map<EntityKind, Row[]> {
  const rows = new Map<EntityKind, Row[]>(ENTITY_KIND_NAMES.map((k) => [k, []]));
  for (const s of data.sources) {
    const props = { id: s.id, name: s.title, nameEn: s.titleEn, date: s.date, language: s.language, publisher: s.publisher, description: s.description, file: s.file, text: s.text };
    rows.get('SourceDocument')!.push({ id: s.id, props: withHash(props) });
  }
  for (const e of data.entities) {
    const { evidence, aliases, kind: _kind, ...rest } = e;
    const props = { ...rest, aliases, aliasText: aliases.join(' ; '), ...evidenceProps(evidence) };
    rows.get(e.kind)!.push({ id: e.id, props: withHash(props) });
  }
  for (const s of data.statistics) {
    const { evidence, period, subject, ...rest } = s;
    const props = { ...rest, subjectId: subject, name: s.measureZh, nameEn: s.measure, periodLabel: period.label, periodStart: period.start, periodEnd: period.end, ...evidenceProps(evidence) };
    rows.get('Statistic')!.push({ id: s.id, props: withHash(props) });
  }
  return new Map([...rows].filter(([, r]) => r.length > 0));
}

function relationRows(data: SeedData): Map<RelationType, Row[]> {
  const rows = new Map<RelationType, Row[]>(RELATION_TYPE_NAMES.map((t) => [t, []]));
  for (const r of data.relations) {
    const props = { id: r.key, ...r.props, ...evidenceProps(r.evidence) };
    rows.get(r.type as RelationType)!.push({ id: r.key, from: r.from, to: r.to, props: withHash(props) });
  }
  for (const s of data.statistics) {
    const id = `MEASURES:${s.id}->${s.subject}`;
    rows.get('MEASURES')!.push({ id, from: s.id, to: s.subject, props: withHash({ id, ...evidenceProps(s.evidence) }) });
  }
  return new Map([...rows].filter(([, r]) => r.length > 0));
}

// Labels and relation types are written with Cypher's dynamic `$(…)` syntax, and their values
// come only from the model tables: the validator has checked every kind and type against them.
function upsertNodes(rows: Row[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      MERGE (n:${ENTITY_LABEL} {id: row.id})
      WITH n, row WHERE n.seedHash IS NULL OR n.seedHash <> row.props.seedHash
      SET n = row.props, n:$(row.label)
      REMOVE n:$(row.otherLabels)
      RETURN count(n) AS changed`,
    params: { rows },
  };
}

function upsertRelations(rows: Row[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      MATCH (a:${ENTITY_LABEL} {id: row.from}), (b:${ENTITY_LABEL} {id: row.to})
      MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
      WITH r, row WHERE r.seedHash IS NULL OR r.seedHash <> row.props.seedHash
      SET r = row.props
      RETURN count(r) AS changed`,
    params: { rows },
  };
}

function pruneRelations(keep: string[]): CypherQuery {
  return { cypher: 'MATCH ()-[r]->() WHERE r.seeded AND NOT r.id IN $keep DELETE r', params: { keep } };
}

function pruneNodes(keep: string[]): CypherQuery {
  return { cypher: `MATCH (n:${ENTITY_LABEL}) WHERE n.seeded AND NOT n.id IN $keep DETACH DELETE n`, params: { keep } };
}
