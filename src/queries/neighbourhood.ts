import neo4j from 'neo4j-driver';
import type { EntityKind } from '../model/entity-kinds.js';
import type { RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { hasKindIn } from './entity-filter.js';
import { NODE_PROJECTION, REL_PROJECTION, toEntity, toRelation, type EntityRecord, type RelationRecord } from '../neo4j/records.js';

export interface NeighbourhoodRecord {
  center: EntityRecord;
  nodes: (EntityRecord & { distance: number })[];
  relations: RelationRecord[];
  truncated: boolean;
}

/**
 * The entities within `depth` hops of one entity and the relations among them. Nearer entities
 * are kept first; past `limit` nodes (or 3 × limit relations) the rest is cut and `truncated` set.
 * Returns null when the entity does not exist. `depth` is a validated integer (a quantifier
 * cannot be a parameter); types and kinds travel as parameters.
 */
export async function neighbourhood(runner: RequestRunner, id: string, depth: number, types: RelationType[], kinds: EntityKind[] | null, limit: number): Promise<NeighbourhoodRecord | null> {
  // ANY SHORTEST finds each reachable entity once, breadth-first, instead of every path to it.
  const cypher = `MATCH (c:Entity {id: $id})
    CALL (c) {
      MATCH p = ANY SHORTEST (c)(()-[r WHERE type(r) IN $types]-(x:Entity WHERE $kinds IS NULL OR ${hasKindIn('x', '$kinds')})){1,${Math.trunc(depth)}}(m)
      WHERE m <> c
      WITH m, min(length(p)) AS distance
      ORDER BY distance, m.name, m.id
      RETURN collect({m: m, distance: distance}) AS reached
    }
    WITH reached, [{m: c, distance: 0}] + reached[0..$limit - 1] AS kept
    WITH reached, kept, [k IN kept | k.m] AS keptNodes
    CALL (keptNodes) {
      UNWIND keptNodes AS a
      MATCH (a)-[r]->(b) WHERE b IN keptNodes AND type(r) IN $types
      WITH DISTINCT r ORDER BY r.id
      RETURN collect(r) AS rels
    }
    // One row per node (the centre first), then one per relation: see pageRows on why rows.
    WITH size(reached) + 1 > $limit OR size(rels) > $limit * 3 AS truncated, kept + [r IN rels[0..$limit * 3] | {r: r}] AS elements
    UNWIND elements AS element
    WITH truncated, element.m AS x, element.distance AS distance, element.r AS r
    RETURN truncated,
      CASE WHEN x IS NULL THEN null ELSE ${NODE_PROJECTION('x')} END AS node, distance,
      CASE WHEN r IS NULL THEN null ELSE ${REL_PROJECTION('r')} END AS relation`;
  const result = await runner.read({ cypher, params: { id, types, kinds, limit: neo4j.int(limit) } });
  if (result.records.length === 0) return null;
  const nodes: NeighbourhoodRecord['nodes'] = [];
  const relations: RelationRecord[] = [];
  for (const record of result.records) {
    const node = record.get('node') as Record<string, unknown> | null;
    if (node) nodes.push({ ...toEntity(node), distance: record.get('distance') as number });
    else relations.push(toRelation(record.get('relation') as Record<string, unknown>));
  }
  return { center: nodes[0]!, nodes, relations, truncated: result.records[0]!.get('truncated') as boolean };
}
