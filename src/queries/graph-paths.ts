import neo4j from 'neo4j-driver';
import { DEFAULT_CLAIM_STATUS, type ClaimStatus } from '../model/claims.js';
import { RELATION_TYPES, type RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import {
  entityValues,
  readEntity,
  readRelation,
  relationValues,
  type EntityRecord,
  type EntityValues,
  type PropertyList,
  type RelationRecord,
  type RelationValues,
} from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { PageEdge, type Cursor, type PageResult } from './pagination.js';

export interface PathRecord {
  nodes: EntityRecord[];
  relations: RelationRecord[];
}

/**
 * The stored properties read for the entities and for the relations of paths: those the selected
 * fields need (see lookahead.ts), or null for all of them. Whole nodes carry descriptions, aliases
 * and evidence quotes, most of their bytes.
 */
export interface PathProjection {
  entity: PropertyList;
  relation: PropertyList;
}

/** Cypher for path `p` as [entities, relations] with the properties of `$entityKeys` and `$relationKeys`. */
const PATH_VALUES = (p: string) =>
  `[[x IN nodes(${p}) | ${entityValues('x', '$entityKeys')}], [y IN relationships(${p}) | ${relationValues('y', '$relationKeys')}]]`;
type PathValues = [EntityValues[], RelationValues[]];

const projectionParams = (projection: PathProjection) => ({ entityKeys: projection.entity, relationKeys: projection.relation });

function readPath([nodes, relations]: PathValues, projection: PathProjection): PathRecord {
  return {
    nodes: nodes.map((n) => readEntity(n, projection.entity)),
    relations: relations.map((r) => readRelation(r, projection.relation)),
  };
}

export interface RelationStepValue {
  types: RelationType[];
  direction: 'OUT' | 'IN' | 'BOTH';
  /** Conditions on the entity this step reaches (for the last step, `to` applies too). */
  via?: EntityFilterValue | null;
  /** Only relations of these claim statuses (distinct, sorted); null or absent for all. */
  status?: ClaimStatus[] | null;
}

export interface RelationMatch {
  from: EntityRecord;
  to: EntityRecord;
  path: PathRecord;
}

/** `-[r:A|B]->` for relation variable `r`; types come from the model table (anything else throws), never from free text. */
export function relationPattern(variable: string, types: readonly RelationType[], direction: 'OUT' | 'IN' | 'BOTH'): string {
  const unknown = types.find((t) => !Object.hasOwn(RELATION_TYPES, t));
  if (unknown !== undefined || types.length === 0) throw new Error(`not relation types: ${JSON.stringify(types)}`);
  const rel = `[${variable}:${types.join('|')}]`;
  if (direction === 'OUT') return `-${rel}->`;
  if (direction === 'IN') return `<-${rel}-`;
  return `-${rel}-`;
}

/**
 * Cypher: relation `r`'s claim status is in list `param` ('true' when no statuses are asked for).
 * A relation without one is actual. No index answers it: it is checked on each relation the page
 * reads anyway (a page's, a walk's), so it narrows a page without widening its reads.
 */
export function statusCondition(r: string, param: string, statuses: readonly ClaimStatus[] | null | undefined): string {
  return statuses ? `coalesce(${r}.status, '${DEFAULT_CLAIM_STATUS}') IN ${param}` : 'true';
}

/** A relation query: the ends' filters and the steps between them. */
export interface RelationQuery {
  from: EntityFilterValue;
  steps: RelationStepValue[];
  to: EntityFilterValue | null;
}

/**
 * A match's place in the order: the names at both ends, then its key (the path's relation ids, then
 * the start id, which together name one path). The cursor's `sort` holds the two names as JSON.
 */
export interface MatchPosition {
  from: string;
  to: string;
  key: string;
}

/** Why 10,000: counting walks every match; past that, a count tells a reader no more than "very many". */
export const MAX_COUNTED_MATCHES = 10_000;

/** `MATCH ... WHERE ...` for the query's paths `p` (start `n0`, end `last`) and its parameters. */
export function matchClause(query: RelationQuery): { cypher: string; last: string; params: Record<string, unknown> } {
  const { from, steps, to } = query;
  const hops = steps.map((step, i) => `${relationPattern(`r${i + 1}`, step.types, step.direction)}(n${i + 1}:Entity)`).join('');
  const last = `n${steps.length}`;
  const conditions = [
    entityFilterCondition('n0', 'from', from),
    ...steps.map((s, i) => entityFilterCondition(`n${i + 1}`, `via${i + 1}`, s.via)),
    ...steps.map((s, i) => statusCondition(`r${i + 1}`, `$status${i + 1}`, s.status)).filter((c) => c !== 'true'),
    entityFilterCondition(last, 'to', to),
  ];
  const params: Record<string, unknown> = { from: entityFilterParam(from), to: entityFilterParam(to) };
  steps.forEach((s, i) => {
    params[`via${i + 1}`] = entityFilterParam(s.via);
    if (s.status) params[`status${i + 1}`] = s.status;
  });
  return { cypher: `MATCH p = (n0:Entity)${hops}\n    WHERE ${conditions.join(' AND ')}`, last, params };
}

/** Cypher: the row's (a, b, k) comes strictly after (or before) the position `$c`, in tuple order. */
function beyondCondition(c: string, after: boolean): string {
  const op = after ? '>' : '<';
  return `(a ${op} ${c}.from OR (a = ${c}.from AND (b ${op} ${c}.to OR (b = ${c}.to AND k ${op} ${c}.key))))`;
}

/** The cursor's position in the match order; null for a cursor whose `sort` is not two names (forged). */
export function matchPosition(cursor: Cursor): MatchPosition | null {
  let names: unknown;
  try {
    names = JSON.parse(String(cursor.sort));
  } catch {
    return null;
  }
  if (!Array.isArray(names) || names.length !== 2 || !names.every((n) => typeof n === 'string')) return null;
  return { from: names[0] as string, to: names[1] as string, key: cursor.id };
}

/**
 * The general relation query: chains of typed steps between entities chosen by filters, e.g.
 * institutes -LICENSED_PATENTS_TO-> enterprises holding the single-champion designation.
 * Matches are ordered by the names at both ends, then by the relation ids of the path (then the
 * start id). Keyset paging: the page starts strictly after (before) the cursor's position, and
 * `ORDER BY … LIMIT first + 1` keeps only the page in memory (a top-k, not a sort of every match);
 * the extra row says whether a next page exists. Only the page's paths are projected.
 */
export async function findRelations(
  runner: RequestRunner,
  query: RelationQuery,
  page: { limit: number; backwards: boolean; after: MatchPosition | null; before: MatchPosition | null },
  projection: PathProjection,
): Promise<PageResult<RelationMatch>> {
  const match = matchClause(query);
  const window = [page.after && beyondCondition('$after', true), page.before && beyondCondition('$before', false)].filter(Boolean);
  const order = page.backwards ? 'a DESC, b DESC, k DESC' : 'a, b, k';
  const cypher = `${match.cypher}
    WITH p, coalesce(n0.name, '') AS a, coalesce(${match.last}.name, '') AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k
    ${window.length > 0 ? `WHERE ${window.join(' AND ')}` : ''}
    WITH p, a, b, k ORDER BY ${order} LIMIT $limit
    RETURN a, b, k, ${PATH_VALUES('p')} AS path`;
  const params = {
    ...match.params,
    after: page.after,
    before: page.before,
    limit: neo4j.int(page.limit + 1),
    ...projectionParams(projection),
  };
  const rows = (await runner.read({ cypher, params })).records.map((r) => r.toObject());
  const more = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  if (page.backwards) kept.reverse();
  const edges = kept.map((row) => {
    const path = readPath(row.path as PathValues, projection);
    return new PageEdge<RelationMatch>(
      { from: path.nodes[0]!, to: path.nodes.at(-1)!, path },
      { sort: JSON.stringify([row.a, row.b]), id: row.k as string },
    );
  });
  // Paging forwards, items before the cursor exist as far as the client knows (it came from one);
  // saying so costs no second match (Relay allows the cheap answer). Likewise backwards.
  return {
    edges,
    totalCount: -1,
    hasNextPage: page.backwards ? page.before !== null : more || page.before !== null,
    hasPreviousPage: page.backwards ? more || page.after !== null : page.after !== null,
  };
}

/**
 * How many matches the query has, counting at most `cap` (the match stops at `cap + 1`): the count,
 * and whether it stopped there (then the count is `cap`, a lower bound).
 */
export async function countRelations(
  runner: RequestRunner,
  query: RelationQuery,
  cap: number,
): Promise<{ count: number; capped: boolean }> {
  const match = matchClause(query);
  const cypher = `CALL () {
    ${match.cypher}
    RETURN 1 AS one LIMIT $cap
  }
  RETURN count(one) AS n`;
  const result = await runner.read({ cypher, params: { ...match.params, cap: neo4j.int(cap + 1) } });
  const n = Number(result.records[0]?.get('n') ?? 0);
  return { count: Math.min(n, cap), capped: n > cap };
}

/**
 * Shortest paths between two entities (Neo4j 5 `SHORTEST k` syntax), at most `maxHops` long,
 * through entities of at most `hubLimit` relations.
 * `maxHops` and `k` are validated integers: quantifiers cannot be parameters in Cypher.
 * Returns null when either entity does not exist.
 */
export async function shortestPaths(
  runner: RequestRunner,
  fromId: string,
  toId: string,
  types: RelationType[],
  limits: { maxHops: number; k: number; hubLimit: number },
  projection: PathProjection,
): Promise<PathRecord[] | null> {
  const { maxHops, k } = limits;
  // Paths do not pass through hubs (more than $hubLimit relations, counted from the degree store):
  // the search would fan out over every one of their neighbours, and past a hub of 10^5 relations it
  // ran for minutes, past the transaction timeout. The ends themselves may be hubs.
  const cypher = `OPTIONAL MATCH (a:Entity {id: $fromId})
    OPTIONAL MATCH (b:Entity {id: $toId})
    WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
    OPTIONAL MATCH p = SHORTEST ${Math.trunc(k)} (a)(()-[:${types.join('|')}]-(x:Entity WHERE x = b OR COUNT { (x)--() } <= $hubLimit)){1,${Math.trunc(maxHops)}}(b)
    WITH a, p ORDER BY length(p)
    RETURN a.id AS fromId, collect(CASE WHEN p IS NULL THEN null ELSE ${PATH_VALUES('p')} END) AS paths`;
  const result = await runner.read({
    cypher,
    params: { fromId, toId, hubLimit: neo4j.int(limits.hubLimit), ...projectionParams(projection) },
  });
  const record = result.records[0];
  if (!record) return null;
  if (fromId === toId) return [];
  return (record.get('paths') as PathValues[]).map((p) => readPath(p, projection));
}
