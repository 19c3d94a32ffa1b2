import neo4j from 'neo4j-driver';
import type { EntityKind } from '../model/entity-kinds.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { kindLabelExpression } from './entity-filter.js';
import { relationPattern } from './graph-paths.js';
import { NODE_PROJECTION, REL_PROJECTION, toEntity, toRelation, type EntityRecord, type RelationRecord } from '../neo4j/records.js';

/** An entity whose relations were not all followed: how many of the followed types it has in all. */
export interface TruncatedNodeRecord {
  id: string;
  relations: number;
}

export interface NeighbourhoodRecord {
  center: EntityRecord;
  nodes: (EntityRecord & { distance: number })[];
  relations: RelationRecord[];
  /** The node or relation limit cut something (hubs are in `truncatedAt`). */
  truncated: boolean;
  truncatedAt: TruncatedNodeRecord[];
}

export interface NeighbourhoodLimits {
  /** Most nodes (the centre included); relations are cut at 3 × nodes. */
  nodes: number;
  /** Most relations followed out of one entity in one hop. */
  perNode: number;
}

/**
 * `:A|B` for the followed types, or nothing when they are all of them: a pattern with no other-end
 * condition then lets Neo4j count a node's relations from its degree store instead of reading them.
 * Types come from the model table (relationPattern throws on anything else).
 */
function followed(types: RelationType[]): string {
  return types.length === RELATION_TYPE_NAMES.length ? '' : relationPattern('', types, 'OUT').slice(2, -3);
}

/**
 * One breadth-first hop from `frontier`: each frontier entity contributes at most `$perNode` new
 * entities (a hub's first ones in store order, not all of them sorted: sorting would read them
 * all), and those with more relations are recorded in `cuts`. The new entities, by name then id,
 * fill what is left of `$limit`. COLLECT and COUNT subqueries always give a value, so an entity
 * with nothing new (or an empty frontier) keeps its row.
 */
function hopClause(distance: number, t: string, kinds: EntityKind[] | null): string {
  const kindCondition = kinds ? ` AND ${kindLabelExpression('x', kinds)}` : '';
  return `CALL (seen, frontier) {
      UNWIND frontier AS f
      WITH f, COLLECT { MATCH (f)-[r${t}]-(x:Entity) WHERE NOT x IN seen${kindCondition} RETURN {x: x, r: r} LIMIT $perNode } AS reached, COUNT { (f)-[${t}]-() } AS degree
      WITH collect(CASE WHEN degree > $perNode THEN {id: f.id, relations: degree} END) AS hubs, reduce(acc = [], r IN collect(reached) | acc + r) AS steps
      RETURN hubs, steps, COLLECT { UNWIND steps AS s WITH DISTINCT s.x AS x RETURN x ORDER BY x.name, x.id } AS found
    }
    WITH seen, kept, tree, cuts, cut, steps, hubs, found[0..$limit - size(seen)] AS added, size(found) > $limit - size(seen) AS over
    WITH seen + added AS seen, kept + [x IN added | {m: x, distance: ${distance}}] AS kept, added AS frontier,
      tree + [s IN steps WHERE s.x IN added | s.r] AS tree, cuts + hubs AS cuts, cut OR over AS cut`;
}

/**
 * The entities within `depth` hops of one entity and the relations among them, bounded around hubs:
 * each hop follows at most `perNode` relations out of one entity (those with more are listed in
 * `truncatedAt`), nearer entities are kept first, and past `limits.nodes` nodes (or 3 × that many
 * relations) the rest is cut and `truncated` set. The relations among the kept entities: all those
 * of entities with at most `perNode` relations, and the followed ones (a hub's relations are never
 * all read). Returns null when the entity does not exist. `depth` is a validated integer (the hops
 * are written out); relation types and kinds come from the model tables, values travel as parameters.
 */
export async function neighbourhood(
  runner: RequestRunner,
  id: string,
  depth: number,
  types: RelationType[],
  kinds: EntityKind[] | null,
  limits: NeighbourhoodLimits,
): Promise<NeighbourhoodRecord | null> {
  const t = followed(types);
  const hops = Array.from({ length: Math.trunc(depth) }, (_, i) => hopClause(i + 1, t, kinds)).join('\n    ');
  const cypher = `MATCH (c:Entity {id: $id})
    WITH [c] AS seen, [{m: c, distance: 0}] AS kept, [c] AS frontier, [] AS tree, [] AS cuts, false AS cut
    ${hops}
    // Every relation of the kept entities with few enough, and the followed ones (UNION: each once).
    WITH kept, cuts, cut, COLLECT {
      UNWIND seen AS a
      WITH a WHERE COUNT { (a)-[${t}]-() } <= $perNode
      MATCH (a)-[r${t}]-(b) WHERE b IN seen
      RETURN r
      UNION
      UNWIND tree AS r
      RETURN r
    } AS found
    WITH kept, cuts, cut, COLLECT { UNWIND found AS r RETURN r ORDER BY r.id } AS rels
    // One row per node (the centre first), then one per relation: the driver decodes many small
    // records faster than one big one (a message past a Bolt chunk takes a slow path).
    WITH cut OR size(rels) > $limit * 3 AS truncated, cuts, kept + [r IN rels[0..$limit * 3] | {r: r}] AS elements
    UNWIND elements AS element
    WITH truncated, cuts, element.m AS x, element.distance AS distance, element.r AS r
    RETURN truncated, cuts,
      CASE WHEN x IS NULL THEN null ELSE ${NODE_PROJECTION('x')} END AS node, distance,
      CASE WHEN r IS NULL THEN null ELSE ${REL_PROJECTION('r')} END AS relation`;
  const params = { id, limit: neo4j.int(limits.nodes), perNode: neo4j.int(limits.perNode) };
  const result = await runner.read({ cypher, params });
  if (result.records.length === 0) return null;
  const nodes: NeighbourhoodRecord['nodes'] = [];
  const relations: RelationRecord[] = [];
  for (const record of result.records) {
    const node = record.get('node') as Record<string, unknown> | null;
    if (node) nodes.push({ ...toEntity(node), distance: record.get('distance') as number });
    else relations.push(toRelation(record.get('relation') as Record<string, unknown>));
  }
  const first = result.records[0]!;
  const truncatedAt = (first.get('cuts') as { id: string; relations: number }[]).map((c) => ({ id: c.id, relations: Number(c.relations) }));
  return { center: nodes[0]!, nodes, relations, truncated: first.get('truncated') as boolean, truncatedAt };
}
