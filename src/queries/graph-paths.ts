import { RELATION_TYPES, type RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import { entityValues, readEntity, readRelation, relationValues, type EntityRecord, type EntityValues, type PropertyList, type RelationRecord, type RelationValues } from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { pageClause, pageParam, pageRows, readPageRows, type PagePlan, type PageResult } from './pagination.js';

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
const PATH_VALUES = (p: string) => `[[x IN nodes(${p}) | ${entityValues('x', '$entityKeys')}], [y IN relationships(${p}) | ${relationValues('y', '$relationKeys')}]]`;
type PathValues = [EntityValues[], RelationValues[]];

const projectionParams = (projection: PathProjection) => ({ entityKeys: projection.entity, relationKeys: projection.relation });

function readPath([nodes, relations]: PathValues, projection: PathProjection): PathRecord {
  return { nodes: nodes.map((n) => readEntity(n, projection.entity)), relations: relations.map((r) => readRelation(r, projection.relation)) };
}

export interface RelationStepValue {
  types: RelationType[];
  direction: 'OUT' | 'IN' | 'BOTH';
  /** Conditions on the entity this step reaches (for the last step, `to` applies too). */
  via?: EntityFilterValue | null;
}

/** Why 5000: sorting and counting matches is done in memory; past that, the question needs narrower ends. */
export const MAX_MATCHES = 5000;

export class TooManyMatchesError extends Error {
  override name = 'TooManyMatchesError';
  constructor() {
    super(`more than ${MAX_MATCHES} matches`);
  }
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
 * The general relation query: chains of typed steps between entities chosen by filters, e.g.
 * institutes -LICENSED_PATENTS_TO-> enterprises holding the single-champion designation.
 * Matches are ordered by the names at both ends, then by the relation ids of the path.
 */
export async function findRelations(
  runner: RequestRunner,
  from: EntityFilterValue,
  steps: RelationStepValue[],
  to: EntityFilterValue | null,
  page: PagePlan,
  projection: PathProjection,
): Promise<PageResult<RelationMatch>> {
  const hops = steps.map((step, i) => `${relationPattern(`r${i + 1}`, step.types, step.direction)}(n${i + 1}:Entity)`).join('');
  const last = `n${steps.length}`;
  const conditions = [
    entityFilterCondition('n0', 'from', from),
    ...steps.map((s, i) => entityFilterCondition(`n${i + 1}`, `via${i + 1}`, s.via)),
    entityFilterCondition(last, 'to', to),
  ];
  const params: Record<string, unknown> = { from: entityFilterParam(from), to: entityFilterParam(to), page: pageParam(page), ...projectionParams(projection) };
  steps.forEach((s, i) => (params[`via${i + 1}`] = entityFilterParam(s.via)));
  // At most MAX_MATCHES + 1 matches are read (LIMIT before sorting stops the match early); only
  // the page's paths are projected.
  const cypher = `MATCH p = (n0:Entity)${hops}
    WHERE ${conditions.join(' AND ')}
    WITH p, n0, ${last} LIMIT ${MAX_MATCHES + 1}
    WITH p, n0.name + '\u0000' + ${last}.name AS s, reduce(k = '', r IN relationships(p) | k + r.id + ';') AS id
    ORDER BY s, id
    WITH collect({s: s, id: id, p: p}) AS sorted
    ${pageClause('sorted', '$page', false, [], page)}
    ${pageRows((m) => `{s: ${m}.s, id: ${m}.id, path: ${PATH_VALUES(`${m}.p`)}}`)}
    RETURN total, hasNextPage, hasPreviousPage, item`;
  const result = await runner.read({ cypher, params });
  if ((result.records[0]?.get('total') as number) > MAX_MATCHES) throw new TooManyMatchesError();
  return readPageRows(result, (item) => {
    const path = readPath(item.path as PathValues, projection);
    return { from: path.nodes[0]!, to: path.nodes.at(-1)!, path };
  });
}

/**
 * Shortest paths between two entities (Neo4j 5 `SHORTEST k` syntax), at most `maxHops` long.
 * `maxHops` and `k` are validated integers: quantifiers cannot be parameters in Cypher.
 * Returns null when either entity does not exist.
 */
export async function shortestPaths(
  runner: RequestRunner,
  fromId: string,
  toId: string,
  types: RelationType[],
  limits: { maxHops: number; k: number },
  projection: PathProjection,
): Promise<PathRecord[] | null> {
  const { maxHops, k } = limits;
  const cypher = `OPTIONAL MATCH (a:Entity {id: $fromId})
    OPTIONAL MATCH (b:Entity {id: $toId})
    WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
    OPTIONAL MATCH p = SHORTEST ${Math.trunc(k)} (a)-[:${types.join('|')}]-{1,${Math.trunc(maxHops)}}(b)
    WITH a, p ORDER BY length(p)
    RETURN a.id AS fromId, collect(CASE WHEN p IS NULL THEN null ELSE ${PATH_VALUES('p')} END) AS paths`;
  const result = await runner.read({ cypher, params: { fromId, toId, ...projectionParams(projection) } });
  const record = result.records[0];
  if (!record) return null;
  if (fromId === toId) return [];
  return (record.get('paths') as PathValues[]).map((p) => readPath(p, projection));
}
