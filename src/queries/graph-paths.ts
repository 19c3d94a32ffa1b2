import neo4j from 'neo4j-driver';
import { ENTITY_LABEL } from '../model/entity-kinds.js';
import { followMerged } from '../model/tombstone.js';
import { DEFAULT_CLAIM_STATUS, type ClaimStatus } from '../model/claims.js';
import { endLabel, RELATION_TYPE_NAMES, RELATION_TYPES, type RelationType } from '../model/relation-types.js';
import type { RequestRunner } from '../neo4j/request-runner.js';
import {
  entityValues,
  NODE_PROJECTION,
  readEntity,
  toEntity,
  readRelation,
  relationValues,
  type EntityRecord,
  type EntityValues,
  type PropertyList,
  type RelationRecord,
  type RelationValues,
} from '../neo4j/records.js';
import { entityFilterCondition, entityFilterParam, type EntityFilterValue } from './entity-filter.js';
import { PageEdge, WALK_MARGIN, type Cursor, type PageResult } from './pagination.js';

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
  /** Whether the entities the paths' evidence cites (`source`, `assertedBy`) are read too: `findRelations` only. */
  evidenceEntities?: boolean;
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
  /** The types it may follow: checked against the model table; every type when it lists them all. */
  types: RelationType[];
  direction: 'OUT' | 'IN' | 'BOTH';
  /** How many relations the step walks: 1 to 1 is one hop; validated integers, written into the text. */
  minHops?: number;
  maxHops?: number;
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
export function relationPattern(variable: string, types: readonly RelationType[], direction: 'OUT' | 'IN' | 'BOTH', where = ''): string {
  const unknown = types.find((t) => !Object.hasOwn(RELATION_TYPES, t));
  if (unknown !== undefined || types.length === 0) throw new Error(`not relation types: ${JSON.stringify(types)}`);
  const rel = `[${variable}:${types.join('|')}${where ? ` WHERE ${where}` : ''}]`;
  if (direction === 'OUT') return `-${rel}->`;
  if (direction === 'IN') return `<-${rel}-`;
  return `-${rel}-`;
}

/**
 * One step as a pattern ending at node `end`. A single hop keeps its relation variable; a hop range
 * is a quantified path pattern whose every entity is an Entity, e.g. `(()-[:A|B]-(:Entity)){1,3}`.
 * Every type (the whole table) is written as no type at all, which Neo4j expands without a filter.
 */
function stepPattern(step: RelationStepValue, index: number, end: string): string {
  const [min, max] = [Math.trunc(step.minHops ?? 1), Math.trunc(step.maxHops ?? 1)];
  const single = isSingleHop(step);
  const anyType = step.types.length === RELATION_TYPE_NAMES.length;
  // A single hop's status is a condition on r<index> (matchClause); a range has no one relation to
  // name, so each relation of it is checked inside the pattern.
  const variable = single ? `r${index}` : step.status ? `s${index}` : '';
  const where = !single && step.status ? statusCondition(variable, `$status${index}`, step.status) : '';
  const hop = anyType ? anyTypePattern(variable, step.direction, where) : relationPattern(variable, step.types, step.direction, where);
  if (single) return `${hop}(${end}:Entity)`;
  return ` (()${hop}(:Entity)){${min},${max}} (${end}:Entity)`;
}

const isSingleHop = (step: RelationStepValue) => (step.minHops ?? 1) === 1 && (step.maxHops ?? 1) === 1;

/** A hop of any type: `-->`, or `-[r WHERE …]->` when the relation is named or checked. */
function anyTypePattern(variable: string, direction: RelationStepValue['direction'], where = ''): string {
  const rel = variable || where ? `[${variable}${where ? ` WHERE ${where}` : ''}]` : '';
  return direction === 'OUT' ? `-${rel}->` : direction === 'IN' ? `<-${rel}-` : `-${rel}-`;
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

/**
 * The query's paths as a pattern from `n0` to `last`, and its parameters; the conditions on them
 * other than the ends' filters: `simple` (the path passes no entity twice) and those of the steps.
 */
function pathParts(query: RelationQuery): {
  pattern: string;
  last: string;
  simple: string[];
  steps: string[];
  params: Record<string, unknown>;
} {
  const { from, steps, to } = query;
  const hops = steps.map((step, i) => stepPattern(step, i + 1, `n${i + 1}`)).join('');
  // A range that could pass an entity twice would answer with walks back and forth along parallel
  // relations (two cooperations between the same two entities, say): such a path says nothing new.
  const simple = steps.some((s) => (s.maxHops ?? 1) > 1)
    ? ['all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])']
    : [];
  const conditions = [
    ...steps.map((s, i) => entityFilterCondition(`n${i + 1}`, `via${i + 1}`, s.via)),
    ...steps
      .map((s, i) => (isSingleHop(s) ? statusCondition(`r${i + 1}`, `$status${i + 1}`, s.status) : 'true'))
      .filter((c) => c !== 'true'),
  ];
  const params: Record<string, unknown> = { from: entityFilterParam(from), to: entityFilterParam(to) };
  steps.forEach((s, i) => {
    params[`via${i + 1}`] = entityFilterParam(s.via);
    if (s.status) params[`status${i + 1}`] = s.status;
  });
  return { pattern: `(n0:Entity)${hops}`, last: `n${steps.length}`, simple, steps: conditions, params };
}

/**
 * `MATCH ... WHERE ...` for the query's paths `p` (start `n0`, end `last`) and its parameters. A
 * path never uses one relation twice (Neo4j's MATCH semantics), so a hop range cannot go back and
 * forth along one relation; it may pass an entity twice by two different relations.
 */
export function matchClause(query: RelationQuery): { cypher: string; last: string; params: Record<string, unknown> } {
  const { pattern, last, simple, steps, params } = pathParts(query);
  const where = [...simple, entityFilterCondition('n0', 'from', query.from), ...steps, entityFilterCondition(last, 'to', query.to)];
  return { cypher: `MATCH p = ${pattern}\n    WHERE ${where.join(' AND ')}`, last, params };
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

/** A page of a relation query: `limit` matches after `after` and before `before`, read backwards for `last`. */
export interface MatchPage {
  limit: number;
  backwards: boolean;
  after: MatchPosition | null;
  before: MatchPosition | null;
}

/**
 * The candidates of one end that its filter names through an index or one node's relations: a
 * clause binding them to a variable, the filter field it stands for (the candidates meet it, so it
 * is not checked again), and their number, read without visiting a relation (the id list's length,
 * or the degree store of the node `lookup` finds). Ids first, then a designation's holders, then a
 * chain's members; null when the filter names none (kinds, names, a category or a region narrow
 * the candidates of the other plans, they start none).
 */
interface Anchor {
  field: 'ids' | 'designation' | 'chain';
  bind: (v: string) => string;
  lookup: string | null;
  size: string;
}

function anchorOf(param: 'from' | 'to', f: EntityFilterValue | null): Anchor | null {
  const given = (value: unknown) => value != null && value !== '';
  if (given(f?.ids))
    return {
      field: 'ids',
      bind: (v) => `UNWIND $${param}.ids AS anchorId MATCH (${v}:Entity {id: anchorId})`,
      lookup: null,
      size: `size($${param}.ids)`,
    };
  if (given(f?.designation)) return heldBy(param, 'designation', 'Designation', 'HOLDS_DESIGNATION');
  if (given(f?.chain)) return heldBy(param, 'chain', 'IndustrialChain', 'IN_CHAIN|LEADS_CHAIN');
  return null;
}

/** The entities holding the node of id `$param.field` (a designation, a chain) by relations of `types`. */
function heldBy(param: 'from' | 'to', field: 'designation' | 'chain', label: string, types: string): Anchor {
  const node = `${param}Anchor`;
  return {
    field,
    bind: (v) => `MATCH (:${label} {id: $${param}.${field}})<-[:${types}]-(${v}:Entity)`,
    lookup: `OPTIONAL MATCH (${node}:${label} {id: $${param}.${field}})`,
    size: `COUNT { (${node})<-[:${types}]-() }`,
  };
}

/** The one kind filter `f` names, if it names exactly one. */
const singleKind = (f: EntityFilterValue | null): string | null => (f?.kinds && new Set(f.kinds).size === 1 ? f.kinds[0]! : null);

/**
 * How a relation query's page is read, chosen per query inside its one statement:
 * - `walk`: the start entities in name order from their label's name index (the kind `from` names,
 *   else every entity), from the cursor, each one's paths expanded and checked, until the page is
 *   full: the order's first key comes from the index, so Neo4j sorts only the matches of the last
 *   start entity it reads (PartialTop) and stops there.
 * - `from` / `to`: from the candidates one end's filter names (`anchorOf`), each one's paths
 *   expanded, every match of theirs ordered to keep the page (a top-k): bounded by the candidates.
 * An anchored plan is taken when it is expected to read under a tenth of the walk's rows, by the
 * rule of relation pages (WALK_MARGIN, pagination.ts): candidates² ≤ 10 × label count × (page + 1),
 * the label being that of the anchored end (the walk meets a match about once per label count /
 * candidates start entities): the start kind for `from`, for `to` its one kind, else the kind the
 * last step reaches (`endLabel`), else every entity. The counts come from the count and degree
 * stores, so the choice reads no relation. The fewest candidates win if both ends qualify. E.g. at
 * 1M entities, a page of 20 institutes' licences to the 1,911 holders of a small designation starts
 * from those holders (18,000 db hits, the walk 88,000); to the 21,754 single champions, it walks the
 * institutes (8,600 db hits; starting from the champions took 5× the Neo4j CPU).
 */
export type MatchPlan = 'walk' | 'from' | 'to';

/**
 * The statement of `findRelations` (exported for the generated-Cypher tests). Matches are ordered by
 * the names at both ends, then by the relation ids of the path (then the start id); the page starts
 * strictly after (before) the cursor's position, `LIMIT first + 1` keeps only the page and one
 * more (which says whether a next page exists), and only the page's paths are projected. Every
 * entity has a name (see entity-list.ts), which lets the walk order by the index.
 */
export function findRelationsStatement(
  query: RelationQuery,
  page: MatchPage,
  projection: PathProjection,
): { cypher: string; params: Record<string, unknown> } {
  const { pattern, last, simple, steps, params } = pathParts(query);
  const lastStep = query.steps.at(-1)!;
  const label = singleKind(query.from) ?? ENTITY_LABEL;
  // Each anchor with the label its candidates are counted against (see MatchPlan).
  const anchors = [
    { plan: 'from' as const, v: 'n0', filter: query.from, anchor: anchorOf('from', query.from), label },
    {
      plan: 'to' as const,
      v: last,
      filter: query.to,
      anchor: anchorOf('to', query.to),
      label: singleKind(query.to) ?? endLabel(lastStep.types, lastStep.direction),
    },
  ].filter((a) => a.anchor !== null);
  const fromCondition = entityFilterCondition('n0', 'from', query.from);
  const toCondition = entityFilterCondition(last, 'to', query.to);
  const dir = page.backwards ? 'DESC' : 'ASC';
  const window = [page.after && beyondCondition('$after', true), page.before && beyondCondition('$before', false)].filter(Boolean);
  // Rows p, a, b, k of one plan from its start clause: the paths, their keys, the page's top.
  const rows = (start: string, conditions: readonly string[]) => {
    const checked = conditions.filter((c) => c !== 'true');
    return `${start}
      MATCH p = ${pattern}${checked.length > 0 ? ` WHERE ${checked.join(' AND ')}` : ''}
      WITH p, n0.name AS a, ${last}.name AS b, reduce(k = '', r IN relationships(p) | k + r.id + ';') + n0.id AS k${window.length > 0 ? ` WHERE ${window.join(' AND ')}` : ''}
      ORDER BY a ${dir}, b ${dir}, k ${dir} LIMIT $limit
      RETURN p, a, b, k`;
  };
  // The cursors bound the names the walk reads: Neo4j seeks the index to them. With other plans to
  // choose from, the walk's lower bound is null unless it is chosen, so that it then seeks nothing:
  // a WHERE on the choice would be checked after the index seek, on every name of the label.
  const lower = page.after ? '$after.from' : "''";
  const seek = [
    anchors.length > 0 ? `n0.name >= CASE plan WHEN 'walk' THEN ${lower} END` : page.after ? `n0.name >= ${lower}` : 'n0.name IS NOT NULL',
    ...(page.before ? ['n0.name <= $before.from'] : []),
  ];
  const walk = rows(
    `MATCH (n0:${label}) USING INDEX n0:${label}(name) WHERE ${[...seek, fromCondition].filter((c) => c !== 'true').join(' AND ')}`,
    [...simple, ...steps, toCondition],
  );
  // An anchored plan runs only if chosen: an UNWIND of the choice comes before its start clause.
  const anchored = anchors.map(({ plan, v, filter, anchor }) => {
    const rest = entityFilterCondition(v, plan, { ...filter, [anchor!.field]: null });
    const start = `UNWIND CASE plan WHEN '${plan}' THEN [plan] ELSE [] END AS chosen
      ${anchor!.bind(v)}
      WITH DISTINCT ${v}${rest === 'true' ? '' : ` WHERE ${rest}`}`;
    return rows(start, plan === 'from' ? [...simple, ...steps, toCondition] : [...simple, fromCondition, ...steps]);
  });
  const lookups = anchors.map(({ anchor }) => anchor!.lookup).filter(Boolean);
  const candidates = anchors.map(({ plan, anchor, label }) => `[${anchor!.size}, '${plan}', COUNT { (:${label}) }]`);
  const choice = `CALL () {
      ${lookups.length > 0 ? `${lookups.join(' ')}\n      ` : ''}WITH [x IN [${candidates.join(', ')}] WHERE x[0] * x[0] <= ${WALK_MARGIN} * x[2] * $limit] AS anchored
      RETURN CASE size(anchored) WHEN 0 THEN 'walk' ELSE reduce(m = anchored[0], x IN anchored | CASE WHEN x[0] < m[0] THEN x ELSE m END)[1] END AS plan
    }
    `;
  // One record: the page's rows in order, and the entities cited anywhere on the page, each once.
  const cited = projection.evidenceEntities;
  const cypher = `${anchors.length > 0 ? choice : ''}CALL (${anchors.length > 0 ? 'plan' : ''}) {
      ${[walk, ...anchored].join('\n      UNION ALL\n      ')}
    }
    WITH a, b, k, p ORDER BY a ${dir}, b ${dir}, k ${dir}
    WITH collect([a, b, k, ${PATH_VALUES('p')}]) AS rows${cited ? ', collect(p) AS paths' : ''}
    RETURN rows${cited ? `, ${CITED('paths')} AS cited` : ''}`;
  return {
    cypher,
    params: { ...params, after: page.after, before: page.before, limit: neo4j.int(page.limit + 1), ...projectionParams(projection) },
  };
}

/**
 * Cypher: the entities the evidence on the list of paths `paths` cites (sources, and who asserted
 * it), each once, whole as the entity loader reads them, as [the id cited, the entity]; an id merged
 * away reads the kept entity (model/tombstone.ts). Read with the page, they cost no second statement.
 */
const CITED = (paths: string) => `COLLECT {
      UNWIND ${paths} AS q
      UNWIND nodes(q) + relationships(q) AS x
      UNWIND coalesce(x.evidenceSources, []) + [y IN coalesce(x.evidenceAssertedBy, []) WHERE y <> ''] AS asked
      WITH DISTINCT asked ${followMerged('asked', 'id')}
      MATCH (s:Entity {id: id})
      RETURN [asked, ${NODE_PROJECTION('s')}]
    }`;

/**
 * The general relation query: chains of typed steps between entities chosen by filters, e.g.
 * institutes -LICENSED_PATENTS_TO-> enterprises holding the single-champion designation; one page
 * of its matches in one statement (`findRelationsStatement`, read as `MatchPlan` says), with the
 * entities its evidence cites when the selection reads them (`cited`, to prime the entity loader).
 */
export async function findRelations(
  runner: RequestRunner,
  query: RelationQuery,
  page: MatchPage,
  projection: PathProjection,
): Promise<PageResult<RelationMatch> & { cited: Map<string, EntityRecord> }> {
  const { cypher, params } = findRelationsStatement(query, page, projection);
  const [record] = (await runner.read({ cypher, params })).records;
  const rows = (record?.get('rows') ?? []) as [a: string, b: string, k: string, path: PathValues][];
  const more = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  if (page.backwards) kept.reverse();
  const cited = new Map<string, EntityRecord>();
  if (projection.evidenceEntities)
    for (const [id, raw] of record?.get('cited') as [string, Record<string, unknown>][]) cited.set(id, toEntity(raw));
  const edges = kept.map(([a, b, k, values]) => {
    const path = readPath(values, projection);
    return new PageEdge<RelationMatch>({ from: path.nodes[0]!, to: path.nodes.at(-1)!, path }, { sort: JSON.stringify([a, b]), id: k });
  });
  // Paging forwards, items before the cursor exist as far as the client knows (it came from one);
  // saying so costs no second match (Relay allows the cheap answer). Likewise backwards.
  return {
    edges,
    totalCount: -1,
    hasNextPage: page.backwards ? page.before !== null : more || page.before !== null,
    hasPreviousPage: page.backwards ? more || page.after !== null : page.after !== null,
    cited,
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

/** How `shortestPaths` orders the paths it finds. */
export type PathRanking = 'INFORMATIVE' | 'SHORTEST';

/**
 * The informative ranking's weights. Why: "both are located in 宁波" joins almost any two entities of
 * the graph, so a path through places, or through an entity most others are joined to, tells a
 * reader little; a licence, an investment or a post tells what happened.
 */
export const PATH_WEIGHTS = {
  /** Relations that place an entity rather than say what it did. */
  structural: ['LOCATED_IN', 'PART_OF'] as RelationType[],
  /** What a structural relation adds to a path's weight (any other adds 1). */
  structuralWeight: 3,
  /** An entity passed through with more relations than this is a hub of the seed (宁波 has 52, the busiest firm 21)… */
  hubDegree: 25,
  /** …and adds this much. */
  hubWeight: 2,
  /** The informative ranking ranks this many shortest paths: bounded work, and the informative path is rarely far longer. */
  candidates: 50,
};

/** Cypher: path `p`'s weight under PATH_WEIGHTS, with `$structural` and `$hubDegree` as parameters. */
const PATH_WEIGHT = `reduce(w = 0, r IN relationships(p) | w + CASE WHEN type(r) IN $structural THEN ${PATH_WEIGHTS.structuralWeight} ELSE 1 END)
      + ${PATH_WEIGHTS.hubWeight} * size([x IN nodes(p)[1..-1] WHERE COUNT { (x)--() } > $hubDegree])`;

/**
 * Paths between two entities (Neo4j 5 `SHORTEST k` syntax), at most `maxHops` long, through
 * entities of at most `hubLimit` relations, along `types`. SHORTEST ranking: fewest hops first.
 * INFORMATIVE: the PATH_WEIGHTS.candidates shortest are weighed (PATH_WEIGHT) and the lightest come
 * first; either way ties go by hops, then by the relation ids, so the order is stable.
 * `maxHops` and `k` are validated integers: quantifiers cannot be parameters in Cypher.
 * Returns null when either entity does not exist.
 */
export async function shortestPaths(
  runner: RequestRunner,
  fromId: string,
  toId: string,
  types: RelationType[],
  limits: { maxHops: number; k: number; hubLimit: number; ranking: PathRanking },
  projection: PathProjection,
): Promise<(PathRecord & { weight: number })[] | null> {
  const { cypher, params } = shortestPathsStatement(fromId, toId, types, limits, projection);
  const result = await runner.read({ cypher, params });
  const record = result.records[0];
  if (!record) return null;
  if (fromId === toId) return [];
  return (record.get('paths') as [PathValues, number][]).map(([p, weight]) => ({ ...readPath(p, projection), weight: Number(weight) }));
}

/** The statement of `shortestPaths`, exported for the generated-Cypher tests. */
export function shortestPathsStatement(
  fromId: string,
  toId: string,
  types: RelationType[],
  limits: { maxHops: number; k: number; hubLimit: number; ranking: PathRanking },
  projection: PathProjection,
): { cypher: string; params: Record<string, unknown> } {
  const { maxHops, k, ranking } = limits;
  const candidates = ranking === 'INFORMATIVE' ? Math.max(k, PATH_WEIGHTS.candidates) : k;
  const order = ranking === 'INFORMATIVE' ? 'weight, length(p), key' : 'length(p), key';
  const typed = types.length === RELATION_TYPE_NAMES.length ? '' : relationPattern('', types, 'BOTH').slice(2, -2);
  // Paths do not pass through hubs (more than $hubLimit relations, counted from the degree store):
  // the search would fan out over every one of their neighbours, and past a hub of 10^5 relations it
  // ran for minutes, past the transaction timeout. The ends themselves may be hubs.
  const cypher = `OPTIONAL MATCH (a:Entity {id: $fromId})
    OPTIONAL MATCH (b:Entity {id: $toId})
    WITH a, b WHERE a IS NOT NULL AND b IS NOT NULL
    OPTIONAL MATCH p = SHORTEST ${Math.trunc(candidates)} (a)(()-[${typed}]-(x:Entity WHERE x = b OR COUNT { (x)--() } <= $hubLimit)){1,${Math.trunc(maxHops)}}(b)
    WITH a, p, CASE WHEN p IS NULL THEN null ELSE ${PATH_WEIGHT} END AS weight,
      reduce(k = '', r IN relationships(p) | k + r.id + ';') AS key
    ORDER BY ${order}
    WITH a, collect(CASE WHEN p IS NULL THEN null ELSE [${PATH_VALUES('p')}, weight] END) AS paths
    RETURN a.id AS fromId, paths[0..$k] AS paths`;
  const params = {
    fromId,
    toId,
    hubLimit: neo4j.int(limits.hubLimit),
    k: neo4j.int(k),
    structural: PATH_WEIGHTS.structural,
    hubDegree: neo4j.int(PATH_WEIGHTS.hubDegree),
    ...projectionParams(projection),
  };
  return { cypher, params };
}
