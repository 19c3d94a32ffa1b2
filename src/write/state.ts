import { ENTITY_KIND_NAMES, ENTITY_LABEL, type EntityKind } from '../model/entity-kinds.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import { TOMBSTONE_LABEL } from '../model/tombstone.js';
import type { CypherQuery } from '../neo4j/database.js';
import type { WriteTransaction } from '../neo4j/database.js';
import { conflictError } from '../errors/codes.js';

/**
 * The graph as a write sees it: the nodes and relations it touches, each whole (labels, type, ends
 * and every property). A write is a pair of states, `before` (read) and `after` (wanted); applying
 * it turns the one into the other, and reverting it applies the pair the other way round. History
 * stores the pair, so every change says exactly what it did.
 */
export interface NodeState {
  id: string;
  /** The kind, or Tombstone. */
  label: EntityKind | typeof TOMBSTONE_LABEL;
  props: Record<string, unknown>;
}

export interface RelationState {
  id: string;
  type: RelationType;
  from: string;
  to: string;
  props: Record<string, unknown>;
}

export interface GraphState {
  nodes: NodeState[];
  relations: RelationState[];
}

export const emptyState = (): GraphState => ({ nodes: [], relations: [] });

/** The entity nodes (and tombstones) with these ids, as they are. */
export async function readNodes(tx: WriteTransaction, ids: readonly string[]): Promise<NodeState[]> {
  const result = await tx.run({
    cypher: `UNWIND $ids AS id
      CALL (id) {
        MATCH (n:${ENTITY_LABEL} {id: id}) RETURN n
        UNION
        MATCH (n:${TOMBSTONE_LABEL} {id: id}) RETURN n
      }
      RETURN n.id AS id, [l IN labels(n) WHERE l <> $entity][0] AS label, properties(n) AS props`,
    params: { ids: [...new Set(ids)], entity: ENTITY_LABEL },
  });
  return result.records.map((r) => ({ id: r.get('id'), label: r.get('label'), props: r.get('props') }));
}

/** Every relation of an entity, both directions. */
export async function relationsOf(tx: WriteTransaction, id: string): Promise<RelationState[]> {
  const result = await tx.run({
    cypher: `MATCH (:${ENTITY_LABEL} {id: $id})-[r]-() RETURN DISTINCT ${RELATION_FIELDS}`,
    params: { id },
  });
  return result.records.map(toRelationState);
}

/** A relation by its stable id (`TYPE:from->to#qualifier`, which names its type and ends), or undefined. */
export async function readRelation(tx: WriteTransaction, id: string): Promise<RelationState | undefined> {
  const parsed = parseRelationId(id);
  if (!parsed) return undefined;
  const result = await tx.run({
    cypher: `MATCH (:${ENTITY_LABEL} {id: $from})-[r:$($type) {id: $id}]->(:${ENTITY_LABEL} {id: $to}) RETURN ${RELATION_FIELDS}`,
    params: { id, ...parsed },
  });
  return result.records.map(toRelationState)[0];
}

const RELATION_FIELDS = 'r.id AS id, type(r) AS type, startNode(r).id AS from, endNode(r).id AS to, properties(r) AS props';
const toRelationState = (r: { get(key: string): unknown }): RelationState => ({
  id: r.get('id') as string,
  type: r.get('type') as RelationType,
  from: r.get('from') as string,
  to: r.get('to') as string,
  props: r.get('props') as Record<string, unknown>,
});

/** Type and ends of a relation id; undefined when it is not one (or names no known type). */
export function parseRelationId(id: string): { type: RelationType; from: string; to: string } | undefined {
  const match = /^([A-Z_]+):([a-z]+\/[a-z0-9-]+)->([a-z]+\/[a-z0-9-]+)(#.*)?$/.exec(id);
  if (!match || !(RELATION_TYPE_NAMES as readonly string[]).includes(match[1]!)) return undefined;
  return { type: match[1] as RelationType, from: match[2]!, to: match[3]! };
}

/** JSON with sorted keys: two states are the same exactly when these strings are. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * Turns `before` into `after` in the transaction: relations and nodes only in `before` go (a node
 * that still has other relations makes Neo4j refuse, and the whole write with it), nodes and
 * relations of `after` are written whole. Labels and types reach the Cypher text only after a
 * check against the model's tables.
 */
export async function applyState(tx: WriteTransaction, before: GraphState, after: GraphState): Promise<void> {
  for (const query of applyStatements(before, after)) {
    const result = await tx.run(query);
    // A relation whose end is gone matches nothing: refuse instead of writing less than asked.
    if (query.relationsWritten && Number(result.records[0]?.get('written')) !== query.relationsWritten.length)
      throw conflictError(`An end of ${query.relationsWritten.join(', ')} does not exist (any more); nothing was written.`);
  }
}

/** The statements of `applyState`, in order (a test reads them without a database). */
export function applyStatements(before: GraphState, after: GraphState): (CypherQuery & { relationsWritten?: string[] })[] {
  const keptRelations = new Set(after.relations.map((r) => r.id));
  const keptNodes = new Set(after.nodes.map((n) => `${n.label}|${n.id}`));
  const goneRelations = before.relations.filter((r) => !keptRelations.has(r.id));
  const goneNodes = before.nodes.filter((n) => !keptNodes.has(`${n.label}|${n.id}`));
  const queries: (CypherQuery & { relationsWritten?: string[] })[] = [];
  if (goneRelations.length > 0) queries.push(deleteRelations(goneRelations));
  const [goneEntities, goneTombstones] = partition(goneNodes);
  if (goneEntities.length > 0) queries.push(deleteNodes(ENTITY_LABEL, goneEntities));
  if (goneTombstones.length > 0) queries.push(deleteNodes(TOMBSTONE_LABEL, goneTombstones));
  const [entities, tombstones] = partition(after.nodes);
  if (entities.length > 0) queries.push(writeEntities(entities));
  if (tombstones.length > 0) queries.push(writeTombstones(tombstones));
  if (after.relations.length > 0) queries.push({ ...writeRelations(after.relations), relationsWritten: after.relations.map((r) => r.id) });
  return queries;
}

function partition(nodes: NodeState[]): [NodeState[], NodeState[]] {
  for (const n of nodes)
    if (n.label !== TOMBSTONE_LABEL && !ENTITY_KIND_NAMES.includes(n.label)) throw new Error(`not an entity kind: ${String(n.label)}`);
  return [nodes.filter((n) => n.label !== TOMBSTONE_LABEL), nodes.filter((n) => n.label === TOMBSTONE_LABEL)];
}

function checkTypes(relations: RelationState[]): RelationState[] {
  for (const r of relations) if (!RELATION_TYPE_NAMES.includes(r.type)) throw new Error(`not a relation type: ${String(r.type)}`);
  return relations;
}

const relationRows = (relations: RelationState[]) =>
  checkTypes(relations).map(({ id, type, from, to, props }) => ({ id, type, from, to, props }));

function deleteRelations(relations: RelationState[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      MATCH (:${ENTITY_LABEL} {id: row.from})-[r:$(row.type) {id: row.id}]->(:${ENTITY_LABEL} {id: row.to})
      DELETE r`,
    params: { rows: relationRows(relations) },
  };
}

function deleteNodes(label: string, nodes: NodeState[]): CypherQuery {
  return { cypher: `UNWIND $ids AS id MATCH (n:${label} {id: id}) DELETE n`, params: { ids: nodes.map((n) => n.id) } };
}

function writeEntities(nodes: NodeState[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      MERGE (n:${ENTITY_LABEL} {id: row.id})
      SET n = row.props, n:$(row.label)`,
    params: { rows: nodes.map((n) => ({ id: n.id, label: n.label, props: n.props })) },
  };
}

function writeTombstones(nodes: NodeState[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row MERGE (t:${TOMBSTONE_LABEL} {id: row.id}) SET t = row.props`,
    params: { rows: nodes.map((n) => ({ id: n.id, props: n.props })) },
  };
}

function writeRelations(relations: RelationState[]): CypherQuery {
  return {
    cypher: `UNWIND $rows AS row
      MATCH (a:${ENTITY_LABEL} {id: row.from}), (b:${ENTITY_LABEL} {id: row.to})
      MERGE (a)-[r:$(row.type) {id: row.id}]->(b)
      SET r = row.props
      RETURN count(r) AS written`,
    params: { rows: relationRows(relations) },
  };
}
