import type { GraphQLResolveInfo } from 'graphql';
import { itemsCountedByParent, perArgument, perItem, perPageItem } from './cost.js';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Info, InputType, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { ClaimStatus } from '../model/claims.js';
import type { EntityKind } from '../model/entity-kinds.js';
import type { RelationType } from '../model/relation-types.js';
import type { EntityRecord, RelationRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import {
  countRelations,
  findRelations,
  matchPosition,
  MAX_COUNTED_MATCHES,
  shortestPaths,
  type MatchPosition,
  type PathRecord,
  type RelationMatch,
} from '../queries/graph-paths.js';
import { neighbourhood } from '../queries/neighbourhood.js';
import { inList, listKey, mapNodes, planPage, type Cursor } from '../queries/pagination.js';
import type { Context } from './context.js';
import { matchProjection, pathsProjection } from './lookahead.js';
import { claimStatuses, toRelationObject, typesOrAll } from './relations.js';
import { toConnection } from './types/connection.js';
import { PageInfo } from './types/common.js';
import { EntityInterface } from './types/entity.js';
import { ClaimStatusEnum, Direction, EntityKindEnum, RelationTypeEnum } from './types/enums.js';
import { ConnectionArgs, EntityFilter } from './types/inputs.js';
import { Relation } from './types/relation.js';
import { checkRange, validateFilter } from './validation.js';

/** Limits, each with its reason: path and neighbourhood queries grow exponentially with hops. */
const MAX_STEPS = 4;
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

@InputType('RelationStep', { description: 'One hop of a relation query.' })
export class RelationStep {
  @Field(() => [RelationTypeEnum], { description: 'Relation types this hop may follow.' })
  types!: RelationType[];

  @Field(() => Direction, { defaultValue: Direction.OUT, description: 'OUT follows from→to, IN to→from, BOTH either.' })
  direction!: Direction;

  @Field(() => EntityFilter, { nullable: true, description: 'Conditions on the entity this hop reaches.' })
  via?: EntityFilter;

  @Field(() => [ClaimStatusEnum], {
    nullable: true,
    description:
      'Only relations of these claim statuses on this hop (e.g. [ACTUAL] for results only); all when omitted. A condition on each relation the hop follows (no index): it narrows the matches without adding reads.',
  })
  status?: ClaimStatus[];
}

@ObjectType('Path', {
  simpleResolvers: true,
  description: 'A chain of relations: nodes[i] and nodes[i+1] are joined by relations[i] (in either direction; see fromId/toId).',
})
export class Path {
  @Field(() => Int, { description: 'Number of relations.' })
  length!: number;

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
function toPathObject(p: PathRecord): Path {
  const relations = p.relations.map((r, i) => {
    const [a, b] = [p.nodes[i]!, p.nodes[i + 1]!];
    return toRelationObject(r, a.id === r.fromId ? { from: a, to: b } : { from: b, to: a });
  });
  return { length: p.relations.length, nodes: p.nodes, relations };
}

@Resolver()
export class GraphResolver {
  @Query(() => RelationMatchConnection, {
    complexity: perPageItem,
    description:
      'Relations of chosen types between two sets of entities, over one or more hops, with both ends, the path and the evidence. E.g. institutes that licensed patents to champion firms: from {kinds: [ResearchInstitute]}, steps [{types: [LICENSED_PATENTS_TO]}], to {designation: "designation/single-champion"}. Any number of matches can be paged through.',
  })
  async findRelations(
    @Arg('from', () => EntityFilter, { description: 'Conditions on the start entities.' }) from: EntityFilter,
    @Arg('steps', () => [RelationStep], { description: 'The hops, in order (1 to 4).' }) steps: RelationStep[],
    @Arg('to', () => EntityFilter, { nullable: true, description: 'Conditions on the end entities.' }) to: EntityFilter | undefined,
    @Arg('totalCountLimit', () => Int, {
      defaultValue: MAX_COUNTED_MATCHES,
      description: `\`totalCount\` counts at most this many matches (1 to ${MAX_COUNTED_MATCHES}).`,
    })
    totalCountLimit: number,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationMatchConnection> {
    checkRange('steps', steps.length, 1, MAX_STEPS);
    checkRange('totalCountLimit', totalCountLimit, 1, MAX_COUNTED_MATCHES);
    steps.forEach((s, i) => {
      if (s.types.length === 0) throw userInputError(`steps[${i}].types`, 'must name at least one relation type');
      s.types = [...new Set(s.types)].sort();
      s.status = claimStatuses(`steps[${i}].status`, s.status) ?? undefined;
      validateFilter(`steps[${i}].via`, s.via);
    });
    // 'names': the order's name, so cursors of the earlier (in-memory, offset-like) order are foreign.
    const list = listKey('findRelations', 'names');
    const page = planPage(args, list);
    const query = { from: validateFilter('from', from) ?? {}, steps, to: validateFilter('to', to) };
    const result = await findRelations(
      ctx.runner,
      query,
      { ...page, after: positionOf('after', page.after), before: positionOf('before', page.before) },
      matchProjection(info),
    );
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
    description: 'The shortest paths between two entities ("how is X connected to Y"); null when either id is unknown.',
    complexity: perArgument('first', 3),
  })
  async paths(
    @Arg('from', () => ID) from: string,
    @Arg('to', () => ID) to: string,
    @Arg('maxHops', () => Int, { defaultValue: 4, description: 'Longest path considered (1 to 6).' }) maxHops: number,
    @Arg('relationTypes', () => [RelationTypeEnum], { nullable: true, description: 'Relation types paths may use; all when omitted.' })
    relationTypes: RelationType[] | undefined,
    @Arg('first', () => Int, { defaultValue: 3, description: 'How many shortest paths (1 to 20).' }) first: number,
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
    const paths = await shortestPaths(
      ctx.runner,
      from,
      to,
      typesOrAll(relationTypes),
      { maxHops, k: first, hubLimit },
      pathsProjection(info),
    );
    return paths && paths.map(toPathObject);
  }

  @Query(() => NeighbourhoodType, {
    nullable: true,
    description: 'The entities within `depth` hops of one entity and the relations among them; null when the id is unknown.',
    // Up to `limit` nodes and 3 × `limit` edges, which `nodes` and `edges` cannot see: counted as
    // 3 × the nodes it can hold, each item with the selection of both.
    complexity: perItem(neighbourhoodItems),
  })
  async neighbourhood(
    @Arg('id', () => ID) id: string,
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
    const found = await neighbourhood(ctx.runner, id, depth, typesOrAll(relationTypes), kinds && kinds.length > 0 ? kinds : null, {
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
