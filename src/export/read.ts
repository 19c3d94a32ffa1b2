import { EVIDENCE_PROPERTIES } from '../model/evidence.js';
import neo4j from 'neo4j-driver';
import { ENTITY_PROPERTY_NAMES, RELATION_PROPERTY_NAMES } from '../model/properties.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import type { CypherQuery } from '../neo4j/database.js';
import {
  entityValues,
  readEntity,
  readRelation,
  relationValues,
  type EntityRecord,
  type EntityValues,
  type RelationRecord,
  type RelationValues,
} from '../neo4j/records.js';
import { relationPattern } from '../queries/graph-paths.js';
import type { ExportEdge, ExportNode } from './fields.js';

/**
 * The Cypher of an export and the decoding of its rows. Nothing here holds more than one page:
 * the whole graph is read in keyset pages (entities by id, through the `:Entity(id)` uniqueness
 * index; relations type by type by relation id, through each type's `id` index), a subgraph in
 * pages of its member ids. Each page is its own short read, so no transaction lives as long as
 * the export, and the next page is read while the last one is written.
 */
const EVIDENCE_KEYS: readonly string[] = EVIDENCE_PROPERTIES;
/** The stored properties read: the model's (period* included, evidence as its parallel lists). */
export const NODE_KEYS: readonly string[] = [...ENTITY_PROPERTY_NAMES, ...EVIDENCE_KEYS];
export const EDGE_KEYS: readonly string[] = [...RELATION_PROPERTY_NAMES, ...EVIDENCE_KEYS];

/** Reads one page: the caller's database access (a read transaction of its own per page). */
export type PageReader = (query: CypherQuery) => Promise<{ records: { get(key: string): unknown }[] }>;

export function toExportNode(record: EntityRecord): ExportNode {
  const properties: Record<string, unknown> = {};
  const period = record.period as { label?: string; start?: string; end?: string } | undefined;
  for (const name of ENTITY_PROPERTY_NAMES) properties[name] = record[name];
  if (period) Object.assign(properties, { periodLabel: period.label, periodStart: period.start, periodEnd: period.end });
  return { id: record.id, kind: record.kind, properties, evidence: record.evidence };
}

export function toExportEdge(record: RelationRecord): ExportEdge {
  const properties: Record<string, unknown> = {};
  for (const name of RELATION_PROPERTY_NAMES) properties[name] = record[name];
  return { id: record.id, type: record.type, source: record.fromId, target: record.toId, properties, evidence: record.evidence };
}

const nodeRows = (records: { get(key: string): unknown }[]) =>
  records.map((r) => toExportNode(readEntity(r.get('v') as EntityValues, NODE_KEYS)));
const edgeRows = (records: { get(key: string): unknown }[]) =>
  records.map((r) => toExportEdge(readRelation(r.get('v') as RelationValues, EDGE_KEYS)));

/** Entities after `$after` in id order: a walk of the `entity_id` index, LIMIT the page. */
export const graphNodesQuery = (after: string, limit: number): CypherQuery => ({
  cypher: `MATCH (n:Entity) WHERE n.id > $after
    WITH n ORDER BY n.id LIMIT $limit
    RETURN ${entityValues('n', '$keys')} AS v`,
  params: { after, limit: neo4j.int(limit), keys: NODE_KEYS },
});

/** Relations of one type after `$after` in relation-id order: a walk of that type's `id` index. */
export const graphEdgesQuery = (type: RelationType, after: string, limit: number): CypherQuery => ({
  cypher: `MATCH ()${relationPattern('r', [type], 'OUT')}() WHERE r.id > $after
    WITH r ORDER BY r.id LIMIT $limit
    RETURN ${relationValues('r', '$keys')} AS v`,
  params: { after, limit: neo4j.int(limit), keys: EDGE_KEYS },
});

/** The members `$ids` (one page of a subgraph's sorted ids), in id order. */
export const memberNodesQuery = (ids: readonly string[]): CypherQuery => ({
  cypher: `UNWIND $ids AS id
    MATCH (n:Entity {id: id})
    WITH n ORDER BY n.id
    RETURN ${entityValues('n', '$keys')} AS v`,
  params: { ids, keys: NODE_KEYS },
});

/**
 * The relations starting at the members `$ids` (one page) and ending at a member: all of them
 * (`$relations` null), or the listed ones and the MEASURES relations of the subgraph's statistics.
 * `b` has no label on purpose: with `:Entity` the planner seeks every member `b` by index for each
 * `a` and expands into them (members × page); without, it expands each `a`'s own relations.
 */
export const memberEdgesQuery = (ids: readonly string[], members: readonly string[], relations: readonly string[] | null): CypherQuery => ({
  cypher: `UNWIND $ids AS id
    MATCH (a:Entity {id: id})-[r]->(b)
    WHERE b.id IN $members AND ($relations IS NULL OR r.id IN $relations OR type(r) = 'MEASURES')
    WITH r ORDER BY r.id
    RETURN ${relationValues('r', '$keys')} AS v`,
  params: { ids, members, relations, keys: EDGE_KEYS },
});

/** How many relations memberEdgesQuery finds over all the members (for the progress line). */
export const memberEdgeCountQuery = (members: readonly string[], relations: readonly string[] | null): CypherQuery => ({
  cypher: `UNWIND $members AS id
    MATCH (a:Entity {id: id})-[r]->(b)
    WHERE b.id IN $members AND ($relations IS NULL OR r.id IN $relations OR type(r) = 'MEASURES')
    RETURN count(r) AS n`,
  params: { members, relations },
});

/**
 * Yields page after page, asking for the next one as soon as a page arrives, so reading the next
 * page overlaps writing this one; at most two pages are held. `next` returns undefined after the last.
 */
async function* readAhead<T>(first: Promise<T[]>, next: (page: T[]) => Promise<T[]> | undefined): AsyncGenerator<T[]> {
  let pending: Promise<T[]> | undefined = first;
  try {
    while (pending) {
      const page: T[] = await pending;
      pending = next(page);
      if (page.length > 0) yield page;
    }
  } finally {
    // Stopped early (the client went away): a page still in flight must not fail unobserved.
    pending?.catch(() => {});
  }
}

export function graphNodes(read: PageReader, pageSize: number): AsyncGenerator<ExportNode[]> {
  const load = (after: string) => read(graphNodesQuery(after, pageSize)).then((r) => nodeRows(r.records));
  return readAhead(load(''), (page) => (page.length === pageSize ? load(page.at(-1)!.id) : undefined));
}

export async function* graphEdges(read: PageReader, pageSize: number): AsyncGenerator<ExportEdge[]> {
  for (const type of RELATION_TYPE_NAMES) {
    const load = (after: string) => read(graphEdgesQuery(type, after, pageSize)).then((r) => edgeRows(r.records));
    yield* readAhead(load(''), (page) => (page.length === pageSize ? load(page.at(-1)!.id) : undefined));
  }
}

/** Pages of a sorted id list, each loaded by `load`, the next while the last is written. */
function chunked<T>(ids: readonly string[], size: number, load: (chunk: readonly string[]) => Promise<T[]>): AsyncGenerator<T[]> {
  let offset = 0;
  const nextChunk = () => {
    if (offset >= ids.length) return undefined;
    const chunk = ids.slice(offset, (offset += size));
    return load(chunk);
  };
  return readAhead(nextChunk() ?? Promise.resolve([]), () => nextChunk());
}

export function memberNodes(read: PageReader, members: readonly string[], pageSize: number): AsyncGenerator<ExportNode[]> {
  return chunked(members, pageSize, (ids) => read(memberNodesQuery(ids)).then((r) => nodeRows(r.records)));
}

export function memberEdges(
  read: PageReader,
  members: readonly string[],
  relations: readonly string[] | null,
  pageSize: number,
): AsyncGenerator<ExportEdge[]> {
  return chunked(members, pageSize, (ids) => read(memberEdgesQuery(ids, members, relations)).then((r) => edgeRows(r.records)));
}
