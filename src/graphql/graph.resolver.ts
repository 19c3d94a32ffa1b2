import type { GraphQLResolveInfo } from 'graphql';
import { itemsCountedByParent, perArgument, perItem, perPageItem } from './cost.js';
import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  InputType,
  Int,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import type { ClaimStatus } from '../model/claims.js';
import type { EntityKind } from '../model/entity-kinds.js';
import { RELATION_TYPE_NAMES, type RelationType } from '../model/relation-types.js';
import type { EntityRecord, RelationRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import {
  countRelations,
  findRelations,
  matchPosition,
  MAX_COUNTED_MATCHES,
  PATH_WEIGHTS,
  shortestPaths,
  type MatchPosition,
  type PathRanking,
  type PathRecord,
  type RelationMatch,
  type RelationStepValue,
} from '../queries/graph-paths.js';
import { resolveEntityRef } from '../queries/entity-ref.js';
import type { EntityFilterValue } from '../queries/entity-filter.js';
import { neighbourhood } from '../queries/neighbourhood.js';
import { inList, listKey, mapNodes, planPage, type Cursor } from '../queries/pagination.js';
import type { Context } from './context.js';
import { matchProjection, pathsProjection } from './lookahead.js';
import { claimStatuses, toRelationObject, typesOrAll } from './relations.js';
import { toConnection } from './types/connection.js';
import { PageInfo } from './types/common.js';
import { EntityInterface } from './types/entity.js';
import { ClaimStatusEnum, Direction, EntityKindEnum, RelationTypeEnum } from './types/enums.js';
import { ConnectionArgs, EntityFilter, EntityRef } from './types/inputs.js';
import { Relation } from './types/relation.js';
import { checkRange, validateFilter } from './validation.js';

/** Limits, each with its reason: path and neighbourhood queries grow exponentially with hops. */
const MAX_STEPS = 4;
/** A step's hop range: four hops reach most of the seed from any firm; the walk cost bounds wider ones. */
const MAX_STEP_HOPS = 4;
/** All steps together walk at most as far as `paths` looks (a Path is costed as MAX_PATH_HOPS relations). */
const MAX_QUERY_HOPS = 6;
/** The walk cost's factors (see walkCost). */
const WALK_COST = 10;
const TYPED_FANOUT = 4;
const ANY_TYPE_FANOUT = 10;
const MAX_PATH_HOPS = 6;
const MAX_PATHS = 20;
const MAX_DEPTH = 3;
const MAX_NEIGHBOURHOOD = 2000;
/**
 * Relations followed out of one entity per hop: 100 by default, above the seed's busiest entity
 * (region/ningbo, 52), so only real hubs are cut; at most 1000, so a hop reads at most
 * nodes × 1000 relations however big the hubs it meets.
 */
const DEFAULT_PER_NODE = 100;
/**
 * Paths pass through entities of at most 1000 relations by default (the seed's busiest has 52), at
 * most 10,000: a breadth-first search reads every relation of every entity it passes through.
 */
const DEFAULT_HUB_LIMIT = 1000;
const MAX_HUB_LIMIT = 10_000;
const MAX_PER_NODE = 1000;

/**
 * Why the plain id arguments stay: the explorer of earlier releases, saved operations and the
 * warm-up files of deployments send them, and GraphQL has no input that is either a string or an
 * object. New clients use the EntityRef argument; both together are refused.
 */
const KEPT_FOR_ID_CLIENTS = (ref: string) => `Use \`${ref}\`, which takes an id or a name.`;

/**
 * A neighbourhood's items for its cost: 3 × the nodes it can hold (edges are cut at 3 × nodes),
 * which is `limit`, or fewer when `perNodeLimit` admits fewer within `depth` (1 + K + K² + …).
 */
export function neighbourhoodItems(args: Record<string, unknown>): number {
  const num = (name: string, fallback: number) => (typeof args[name] === 'number' ? (args[name] as number) : fallback);
  const [limit, perNode, depth] = [num('limit', 200), num('perNodeLimit', DEFAULT_PER_NODE), num('depth', 1)];
  let reachable = 1;
  for (let hop = 1, layer = 1; hop <= depth && reachable < limit; hop++) reachable += layer *= Math.max(0, perNode);
  return 3 * Math.min(limit, reachable);
}

@InputType('RelationStep', {
  description: `One step of a relation query: one hop, or a range of hops (\`minHops\` to \`maxHops\`, at most ${MAX_STEP_HOPS} in a step and ${MAX_QUERY_HOPS} over all steps), along relations of the listed types, or of any type but \`excludeTypes\`. A range reaches the same entity by every path of those lengths, and each path is a match of its own. A walk of more than one hop per step costs more (see the README's limits): ${WALK_COST} × (the product over steps of ${TYPED_FANOUT} per extra hop of a step with types, ${ANY_TYPE_FANOUT} per extra hop of one without, minus 1).`,
})
export class RelationStep {
  @Field(() => [RelationTypeEnum], { nullable: true, description: 'Relation types this step may follow; any type when omitted.' })
  types?: RelationType[];

  @Field(() => [RelationTypeEnum], {
    nullable: true,
    description: 'Relation types this step must not follow, e.g. [LOCATED_IN, PART_OF] to skip places.',
  })
  excludeTypes?: RelationType[];

  @Field(() => Direction, {
    defaultValue: Direction.OUT,
    description: 'OUT follows from→to, IN to→from, BOTH either, at every hop of the step.',
  })
  direction!: Direction;

  @Field(() => Int, { defaultValue: 1, description: `Fewest hops this step takes (1 to ${MAX_STEP_HOPS}).` })
  minHops!: number;

  @Field(() => Int, { defaultValue: 1, description: `Most hops this step takes (minHops to ${MAX_STEP_HOPS}).` })
  maxHops!: number;

  @Field(() => EntityFilter, { nullable: true, description: 'Conditions on the entity this step reaches (after its last hop).' })
  via?: EntityFilter;

  @Field(() => [ClaimStatusEnum], {
    nullable: true,
    description:
      'Only relations of these claim statuses on this hop (e.g. [ACTUAL] for results only); all when omitted. A condition on each relation the hop follows (no index): it narrows the matches without adding reads.',
  })
  status?: ClaimStatus[];
}

/**
 * The steps as the query takes them: ranges checked, types resolved to a sorted list (every type
 * for "any", less the excluded ones). Errors name the step's field.
 */
function validateSteps(steps: RelationStep[]): RelationStepValue[] {
  checkRange('steps', steps.length, 1, MAX_STEPS);
  const values = steps.map((s, i) => {
    const at = `steps[${i}]`;
    if (s.types && s.types.length === 0)
      throw userInputError(`${at}.types`, 'must name at least one relation type, or be omitted for any type');
    checkRange(`${at}.minHops`, s.minHops, 1, MAX_STEP_HOPS);
    checkRange(`${at}.maxHops`, s.maxHops, s.minHops, MAX_STEP_HOPS);
    const excluded = new Set(s.excludeTypes ?? []);
    const types = [...new Set(s.types ?? RELATION_TYPE_NAMES)].filter((t) => !excluded.has(t)).sort();
    if (types.length === 0) throw userInputError(`${at}.excludeTypes`, 'excludes every type the step may follow');
    const status = claimStatuses(`${at}.status`, s.status) ?? undefined;
    return { types, direction: s.direction, minHops: s.minHops, maxHops: s.maxHops, via: validateFilter(`${at}.via`, s.via), status };
  });
  const hops = values.reduce((n, s) => n + s.maxHops, 0);
  if (hops > MAX_QUERY_HOPS)
    throw userInputError('steps', `may walk at most ${MAX_QUERY_HOPS} hops in all (the sum of maxHops), got ${hops}`);
  return values;
}

/**
 * What walking the steps may read, beyond the answer itself, for the cost limit: nothing for one
 * hop per step (as before hop ranges), else WALK_COST × (the product of each step's fan-out per
 * extra hop − 1): the paths walked per start, at WALK_COST records each. Why these numbers: an
 * entity has a few relations of one type and about ten of all types (the seed's median); every
 * extra hop multiplies the paths by that fan-out; a path of a few hops reads about ten records
 * (relations and entities). So one step of four hops of any type (10 × 999) fits a request, a
 * second one after it does not: the cost limit refuses it before anything runs.
 */
export function walkCost(args: Record<string, unknown>): number {
  const steps = Array.isArray(args.steps) ? (args.steps as Partial<RelationStep>[]) : [];
  const fanout = (s: Partial<RelationStep>) => (s.types ? TYPED_FANOUT : ANY_TYPE_FANOUT);
  const extraHops = (s: Partial<RelationStep>) => Math.max(0, Math.min(MAX_STEP_HOPS, Number(s.maxHops ?? 1)) - 1);
  const paths = steps.slice(0, MAX_STEPS).reduce((product, s) => product * fanout(s) ** extraHops(s), 1);
  return WALK_COST * (paths - 1);
}

export const PathRankingEnum = { INFORMATIVE: 'INFORMATIVE', SHORTEST: 'SHORTEST' } as const satisfies Record<PathRanking, PathRanking>;
registerEnumType(PathRankingEnum, {
  name: 'PathRanking',
  description: 'How `paths` orders the paths it finds.',
  valuesConfig: {
    INFORMATIVE: {
      description: `Lightest first, among the ${PATH_WEIGHTS.candidates} shortest: a path weighs 1 per relation, ${PATH_WEIGHTS.structuralWeight} per structural relation (${PATH_WEIGHTS.structural.join(', ')}), and ${PATH_WEIGHTS.hubWeight} more per entity passed through with more than ${PATH_WEIGHTS.hubDegree} relations; ties by fewer hops, then by relation ids. So a licence and an investment rank above "both are located in 宁波" even when one hop longer.`,
    },
    SHORTEST: { description: 'Fewest hops first; ties by relation ids.' },
  },
});

@ObjectType('Path', {
  simpleResolvers: true,
  description: 'A chain of relations: nodes[i] and nodes[i+1] are joined by relations[i] (in either direction; see fromId/toId).',
})
export class Path {
  @Field(() => Int, { description: 'Number of relations.' })
  length!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'The path\u2019s weight under the INFORMATIVE ranking (see PathRanking): lower is more informative. Null on relation-query matches.',
  })
  weight?: number | null;

  @Field(() => String, {
    description:
      'The path in one line: names, and each relation\u2019s type with its role (else its note) in brackets, arrows in the stored direction, e.g. "中科院宁波材料所 -[COOPERATES_WITH: joint laboratory]- …". Two different paths never read the same unless their relations differ in nothing but evidence.',
  })
  summary!: string;

  @Field(() => [EntityInterface], {
    description: 'The entities along the path, from start to end.',
    complexity: perItem(() => MAX_PATH_HOPS + 1),
  })
  nodes!: EntityRecord[];

  @Field(() => [Relation], {
    description: 'The relations joining consecutive nodes, with their evidence.',
    complexity: perItem(() => MAX_PATH_HOPS),
  })
  relations!: Relation[];
}

@ObjectType('RelationMatch', {
  simpleResolvers: true,
  description: 'One answer of a relation query: both ends and the path between them, with evidence on each relation.',
})
export class RelationMatchType {
  @Field(() => EntityInterface, { description: 'The entity the match starts at (it meets `from`).' })
  from!: EntityRecord;

  @Field(() => EntityInterface, { description: 'The entity the match ends at (it meets `to`).' })
  to!: EntityRecord;

  @Field(() => Path, { description: 'The path from `from` to `to`.' })
  path!: Path;
}

@ObjectType('RelationMatchEdge', { simpleResolvers: true, description: 'One item of a RelationMatchConnection, with its cursor.' })
class RelationMatchEdge {
  @Field(() => String, { description: 'Opaque keyset cursor; stays valid when data is added.' })
  cursor!: string;

  @Field(() => RelationMatchType, { description: 'The item at this position.' })
  node!: RelationMatchType;
}

/**
 * Not `connectionType`: its `totalCount` is exact and always read; here counting walks the matches,
 * so it runs only when selected, stops at a cap, and says when it did.
 */
@ObjectType('RelationMatchConnection', {
  simpleResolvers: true,
  description:
    'A Relay connection of relation-query answers, ordered by the names at both ends, then by the relation ids of the path. Keyset cursors: a page holds only its own matches in memory, however many match.',
})
class RelationMatchConnection {
  @Field(() => [RelationMatchEdge], { description: 'The items of this page, in order.', complexity: itemsCountedByParent })
  edges!: RelationMatchEdge[];

  @Field(() => PageInfo, { description: 'Where this page is: cursors and whether more pages exist.' })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    description: `How many match, over all pages, counting at most \`totalCountLimit\` (default and most ${MAX_COUNTED_MATCHES}): when more match, this is that limit and \`totalCountCapped\` is true. Only computed when selected (a second walk over the matches, stopping at the limit).`,
  })
  totalCount!: Promise<number>;

  @Field(() => Boolean, {
    description:
      'True when counting stopped at `totalCountLimit`: `totalCount` is then a lower bound. Costs what `totalCount` costs (they share one count).',
  })
  totalCountCapped!: Promise<boolean>;
}

@ObjectType('GraphNode', {
  simpleResolvers: true,
  description: 'A node as graph libraries take it (Cytoscape.js `data`, graphology attributes).',
})
export class GraphNode {
  @Field(() => ID, { description: 'The entity id.' })
  id!: string;

  @Field(() => EntityKindEnum, { description: 'The entity kind (for colour and shape).' })
  kind!: EntityKind;

  @Field(() => String, { description: 'Display label: the name.' })
  label!: string;

  @Field(() => Int, { description: 'Hops from the centre (0 for the centre).' })
  distance!: number;

  @Field(() => EntityInterface, { description: 'The entity itself, for any further field.' })
  entity!: EntityRecord;
}

@ObjectType('GraphEdge', { simpleResolvers: true, description: 'An edge as graph libraries take it: id, source, target.' })
export class GraphEdge {
  @Field(() => ID, { description: 'The relation id.' })
  id!: string;

  @Field(() => ID, { description: 'Id of the node the relation starts at.' })
  source!: string;

  @Field(() => ID, { description: 'Id of the node the relation ends at.' })
  target!: string;

  @Field(() => RelationTypeEnum, { description: 'The relation type (the edge label).' })
  type!: RelationType;

  @Field(() => Relation, { description: 'The relation with its properties and evidence.' })
  relation!: Relation;
}

@ObjectType('TruncatedNode', {
  simpleResolvers: true,
  description: 'An entity of a neighbourhood with more relations than were followed (a hub).',
})
export class TruncatedNode {
  @Field(() => ID, { description: 'The entity id.' })
  id!: string;

  @Field(() => Int, {
    description: 'How many relations of the followed types it has in all (its degree, read from the degree store: no relation is read).',
  })
  relations!: number;

  @Field(() => Int, { description: 'How many of them are among the returned edges; `relations - shown` are not shown.' })
  shown!: number;
}

@ObjectType('Neighbourhood', { simpleResolvers: true, description: 'The entities around one entity and the relations among them.' })
export class NeighbourhoodType {
  @Field(() => EntityInterface, { description: 'The entity asked about.' })
  center!: EntityRecord;

  @Field(() => [GraphNode], { description: 'The centre first, then the others nearest first.', complexity: itemsCountedByParent })
  nodes!: GraphNode[];

  @Field(() => [GraphEdge], { description: 'The relations among the returned nodes.', complexity: itemsCountedByParent })
  edges!: GraphEdge[];

  @Field(() => Boolean, {
    description: 'True when the limit cut nodes or edges off, or an entity had more relations than `perNodeLimit` (see `truncatedAt`).',
  })
  truncated!: boolean;

  @Field(() => [TruncatedNode], {
    description:
      'The entities whose relations were not all followed (more than `perNodeLimit` of the followed types), in the order they were reached; page through the rest with their `relations` connection.',
    complexity: perItem(() => 10),
  })
  truncatedAt!: TruncatedNode[];
}

/**
 * A path with each relation's ends taken from its nodes: relations[i] joins nodes[i] and
 * nodes[i + 1], so `from`/`to` cost no further query (the statement read what they select).
 */
function toPathObject(p: PathRecord & { weight?: number }): Path {
  const relations = p.relations.map((r, i) => {
    const [a, b] = [p.nodes[i]!, p.nodes[i + 1]!];
    return toRelationObject(r, a.id === r.fromId ? { from: a, to: b } : { from: b, to: a });
  });
  return { length: p.relations.length, weight: p.weight ?? null, summary: pathSummary(p), nodes: p.nodes, relations };
}

/** "A -[TYPE: role]-> B <-[TYPE]- C": the path's names and relations, told apart by role or note (read when `summary` is selected). */
function pathSummary(p: PathRecord): string {
  let text = p.nodes[0]?.name ?? '';
  p.relations.forEach((r, i) => {
    const label = r.role ? `${r.type}: ${r.role}` : r.type;
    const forward = r.fromId === p.nodes[i]!.id;
    text += `${forward ? ' -[' : ' <-['}${label}${forward ? ']-> ' : ']- '}${p.nodes[i + 1]!.name}`;
  });
  return text;
}

@Resolver()
export class GraphResolver {
  @Query(() => RelationMatchConnection, {
    complexity: (options) => (perPageItem(options) as number) + walkCost(options.args),
    description:
      'Relations of chosen types between two sets of entities, over one or more hops, with both ends, the path and the evidence. E.g. institutes that licensed patents to champion firms: from {kinds: [ResearchInstitute]}, steps [{types: [LICENSED_PATENTS_TO]}], to {designation: "designation/single-champion"}. A step may take a range of hops and any relation type (see RelationStep), e.g. what 中科院宁波材料所 reaches in the new-materials chain within 1–4 hops, places skipped: fromEntity {name: "中科院宁波材料所"}, steps [{minHops: 1, maxHops: 4, direction: BOTH, excludeTypes: [LOCATED_IN, PART_OF]}], to {chain: "chain/new-materials"}. Any number of matches can be paged through.',
  })
  async findRelations(
    @Arg('from', () => EntityFilter, { nullable: true, description: 'Conditions on the start entities (any entity when omitted).' })
    from: EntityFilter | undefined,
    @Arg('steps', () => [RelationStep], { description: 'The hops, in order (1 to 4).' }) steps: RelationStep[],
    @Arg('to', () => EntityFilter, { nullable: true, description: 'Conditions on the end entities.' }) to: EntityFilter | undefined,
    @Arg('fromEntity', () => EntityRef, {
      nullable: true,
      description: 'Start at this one entity, by id or name (with `from`, it must meet `from` too).',
    })
    fromEntity: EntityRef | undefined,
    @Arg('toEntity', () => EntityRef, {
      nullable: true,
      description: 'End at this one entity, by id or name (with `to`, it must meet `to` too).',
    })
    toEntity: EntityRef | undefined,
    @Arg('totalCountLimit', () => Int, {
      defaultValue: MAX_COUNTED_MATCHES,
      description: `\`totalCount\` counts at most this many matches (1 to ${MAX_COUNTED_MATCHES}).`,
    })
    totalCountLimit: number,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationMatchConnection> {
    const stepValues = validateSteps(steps);
    checkRange('totalCountLimit', totalCountLimit, 1, MAX_COUNTED_MATCHES);
    // 'names': the order's name, so cursors of the earlier (in-memory, offset-like) order are foreign.
    const list = listKey('findRelations', 'names');
    const page = planPage(args, list);
    const query = {
      from: await endFilter(ctx, 'from', validateFilter('from', from) ?? {}, fromEntity),
      steps: stepValues,
      to: await endFilter(ctx, 'to', validateFilter('to', to), toEntity),
    };
    const result = await findRelations(
      ctx.runner,
      query,
      { ...page, after: positionOf('after', page.after), before: positionOf('before', page.before) },
      matchProjection(info),
    );
    for (const [id, entity] of result.cited) ctx.loaders.entity.prime(id, entity);
    let counted: Promise<{ count: number; capped: boolean }> | undefined;
    const count = () => (counted ??= countRelations(ctx.runner, query, totalCountLimit));
    const connection = toConnection(inList(mapNodes(result, toMatchObject), list));
    return {
      edges: connection.edges,
      pageInfo: connection.pageInfo as PageInfo,
      get totalCount() {
        return count().then((c) => c.count);
      },
      get totalCountCapped() {
        return count().then((c) => c.capped);
      },
    };
  }

  @Query(() => [Path], {
    nullable: true,
    description:
      'How two entities are connected: paths between them (named by `fromEntity` and `toEntity`, id or name), the most informative first by default (see PathRanking), bounded by `maxHops` and `hubLimit`; null when either id is unknown.',
    complexity: perArgument('first', 3),
  })
  async paths(
    @Arg('fromEntity', () => EntityRef, { nullable: true, description: 'Where paths start, by id or name.' })
    fromEntity: EntityRef | undefined,
    @Arg('toEntity', () => EntityRef, { nullable: true, description: 'Where paths end, by id or name.' }) toEntity: EntityRef | undefined,
    @Arg('from', () => ID, { nullable: true, deprecationReason: KEPT_FOR_ID_CLIENTS('fromEntity'), description: 'The start entity id.' })
    from: string | undefined,
    @Arg('to', () => ID, { nullable: true, deprecationReason: KEPT_FOR_ID_CLIENTS('toEntity'), description: 'The end entity id.' })
    to: string | undefined,
    @Arg('maxHops', () => Int, { defaultValue: 4, description: 'Longest path considered (1 to 6).' }) maxHops: number,
    @Arg('relationTypes', () => [RelationTypeEnum], { nullable: true, description: 'Relation types paths may use; all when omitted.' })
    relationTypes: RelationType[] | undefined,
    @Arg('excludeTypes', () => [RelationTypeEnum], {
      nullable: true,
      description:
        'Relation types paths must not use, e.g. [LOCATED_IN, PART_OF] to skip places (the explorer\u2019s "skip structural links").',
    })
    excludeTypes: RelationType[] | undefined,
    @Arg('rankBy', () => PathRankingEnum, { defaultValue: 'INFORMATIVE', description: 'How paths are ordered (see PathRanking).' })
    rankBy: PathRanking,
    @Arg('first', () => Int, { defaultValue: 3, description: 'How many paths (1 to 20), the first of the ranking.' }) first: number,
    @Arg('hubLimit', () => Int, {
      defaultValue: DEFAULT_HUB_LIMIT,
      description: `Paths pass only through entities with at most this many relations (1 to ${MAX_HUB_LIMIT}); \`from\` and \`to\` may have more. A hub's neighbours are too many to search through.`,
    })
    hubLimit: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Path[] | null> {
    checkRange('maxHops', maxHops, 1, MAX_PATH_HOPS);
    checkRange('first', first, 1, MAX_PATHS);
    checkRange('hubLimit', hubLimit, 1, MAX_HUB_LIMIT);
    const [fromId, toId] = [
      await entityArgument(ctx, 'fromEntity', fromEntity, 'from', from),
      await entityArgument(ctx, 'toEntity', toEntity, 'to', to),
    ];
    const excluded = new Set(excludeTypes ?? []);
    const types = typesOrAll(relationTypes).filter((t) => !excluded.has(t));
    if (types.length === 0) throw userInputError('excludeTypes', 'excludes every relation type paths may use');
    const paths = await shortestPaths(
      ctx.runner,
      fromId,
      toId,
      types,
      { maxHops, k: first, hubLimit, ranking: rankBy },
      pathsProjection(info),
    );
    return paths && paths.map(toPathObject);
  }

  @Query(() => NeighbourhoodType, {
    nullable: true,
    description:
      'The entities within `depth` hops of one entity (`entity`, by id or name) and the relations among them; null when the id is unknown.',
    // Up to `limit` nodes and 3 × `limit` edges, which `nodes` and `edges` cannot see: counted as
    // 3 × the nodes it can hold, each item with the selection of both.
    complexity: perItem(neighbourhoodItems),
  })
  async neighbourhood(
    @Arg('entity', () => EntityRef, { nullable: true, description: 'The entity at the centre, by id or name.' })
    entity: EntityRef | undefined,
    @Arg('id', () => ID, { nullable: true, deprecationReason: KEPT_FOR_ID_CLIENTS('entity'), description: 'The centre entity id.' })
    id: string | undefined,
    @Arg('depth', () => Int, { defaultValue: 1, description: 'Hops from the entity (1 to 3).' }) depth: number,
    @Arg('relationTypes', () => [RelationTypeEnum], { nullable: true, description: 'Relation types to follow; all when omitted.' })
    relationTypes: RelationType[] | undefined,
    @Arg('kinds', () => [EntityKindEnum], {
      nullable: true,
      description: 'Only pass through and return these kinds (the centre is always included).',
    })
    kinds: EntityKind[] | undefined,
    @Arg('limit', () => Int, { defaultValue: 200, description: 'Most nodes returned (1 to 2000); edges are capped at 3 × limit.' })
    limit: number,
    @Arg('perNodeLimit', () => Int, {
      defaultValue: DEFAULT_PER_NODE,
      description: `Most relations followed out of one entity per hop (1 to ${MAX_PER_NODE}): a hub's first ones, in storage order; an entity with more is listed in \`truncatedAt\`.`,
    })
    perNodeLimit: number,
    @Ctx() ctx: Context,
  ): Promise<NeighbourhoodType | null> {
    checkRange('depth', depth, 1, MAX_DEPTH);
    checkRange('limit', limit, 1, MAX_NEIGHBOURHOOD);
    checkRange('perNodeLimit', perNodeLimit, 1, MAX_PER_NODE);
    const centre = await entityArgument(ctx, 'entity', entity, 'id', id);
    const found = await neighbourhood(ctx.runner, centre, depth, typesOrAll(relationTypes), kinds && kinds.length > 0 ? kinds : null, {
      nodes: limit,
      perNode: perNodeLimit,
    });
    if (!found) return null;
    // The edges join returned nodes (whole entities), so their relations' ends come from them.
    const byId = new Map(found.nodes.map((n) => [n.id, n]));
    // A hub whose every relation is shown anyway (some led back to entities already reached) is not cut.
    const shownAt = (id: string) => found.relations.filter((r) => r.fromId === id || r.toId === id).length;
    const truncatedAt = found.truncatedAt.map((t) => ({ ...t, shown: shownAt(t.id) })).filter((t) => t.shown < t.relations);
    const endsOf = (r: RelationRecord) => ({ from: byId.get(r.fromId), to: byId.get(r.toId) });
    return {
      center: found.center,
      nodes: found.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.name, distance: n.distance, entity: n })),
      edges: found.relations.map((r: RelationRecord) => ({
        id: r.id,
        source: r.fromId,
        target: r.toId,
        type: r.type,
        relation: toRelationObject(r, endsOf(r)),
      })),
      truncated: found.truncated || truncatedAt.length > 0,
      truncatedAt,
    };
  }
}

/** The entity id an argument pair names: the EntityRef (`refArgument`) resolved, or the deprecated plain id; exactly one of them. */
async function entityArgument(
  ctx: Context,
  refArgument: string,
  ref: EntityRef | undefined,
  idArgument: string,
  id: string | undefined,
): Promise<string> {
  if ((ref == null) === (id == null))
    throw userInputError(refArgument, `give ${refArgument} (or the deprecated ${idArgument}), exactly one`);
  return id ?? resolveEntityRef(ctx.runner, refArgument, ref!);
}

/** A relation query's end: its filter, narrowed to the one entity `ref` names when given (none when the filter's ids exclude it). */
async function endFilter<F extends EntityFilterValue | null>(
  ctx: Context,
  argument: 'from' | 'to',
  filter: F,
  ref: EntityRef | undefined,
): Promise<F | EntityFilterValue> {
  if (!ref) return filter;
  const id = await resolveEntityRef(ctx.runner, `${argument}Entity`, ref);
  const ids = filter?.ids ? filter.ids.filter((x) => x === id) : [id];
  return { ...filter, ids };
}

/** A findRelations cursor's position; one that decodes but holds no two names was forged: BAD_USER_INPUT naming it. */
function positionOf(argument: 'after' | 'before', cursor: Cursor | null): MatchPosition | null {
  if (!cursor) return null;
  const position = matchPosition(cursor);
  if (!position) throw userInputError(argument, 'is not a cursor returned by this API');
  return position;
}

function toMatchObject(m: RelationMatch): RelationMatchType {
  return { from: m.from, to: m.to, path: toPathObject(m.path) };
}

/**
 * What the end resolvers read of a relation. Not the Relation class: type-graphql copies a root
 * declared as a class into a new instance of it, own properties only, which loses the getters of
 * the relation views (relations.ts): `fromId` read undefined and `from` failed.
 */
type RelationRoot = Pick<Relation, 'fromId' | 'toId' | 'ends'>;

@Resolver(() => Relation)
export class RelationEndsResolver {
  @FieldResolver(() => EntityInterface, { nullable: true, description: 'The entity the relation starts at.' })
  from(@Root() relation: RelationRoot, @Ctx() ctx: Context) {
    return relation.ends?.from ?? ctx.loaders.entity.load(relation.fromId);
  }

  @FieldResolver(() => EntityInterface, { nullable: true, description: 'The entity the relation ends at.' })
  to(@Root() relation: RelationRoot, @Ctx() ctx: Context) {
    return relation.ends?.to ?? ctx.loaders.entity.load(relation.toId);
  }
}
