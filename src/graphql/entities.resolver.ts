import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { DEFAULT_CLAIM_STATUS, type ClaimStatus } from '../model/claims.js';
import { ENTITY_KIND_NAMES, ENTITY_KINDS, type EntityKind } from '../model/entity-kinds.js';
import type { EntityRecord } from '../neo4j/records.js';
import { userInputError } from '../errors/codes.js';
import { readEntitiesWithPages } from '../queries/entities-by-id.js';
import { listEntities } from '../queries/entity-list.js';
import { inList, listKey, planPage } from '../queries/pagination.js';
import type { Context } from './context.js';
import { Evidence } from './types/common.js';
import { connectionType, toConnection } from './types/connection.js';
import { EntityInterface, KIND_TYPES, NodeInterface, SourceDocumentType, StatisticType } from './types/entity.js';
import { ClaimStatusEnum, EntityOrder } from './types/enums.js';
import { EntityListArgs } from './types/inputs.js';
import { defineResolverMethod, namedClass } from './dynamic-resolvers.js';
import { listReading, nodeReading, primeRelationPages } from './lookahead.js';
import { MAX_IDS, validateFilter } from './validation.js';
import { perItem, perPageItem } from './cost.js';

async function list(ctx: Context, kind: EntityKind | undefined, args: EntityListArgs, info: GraphQLResolveInfo) {
  const key = listKey('entities', kind ?? 'Entity', args.orderBy ?? EntityOrder.NAME_ASC);
  const page = planPage(args, key);
  const filter = validateFilter('filter', args.filter);
  const result = await listEntities(
    ctx.runner,
    kind,
    filter,
    args.orderBy === EntityOrder.NAME_DESC,
    page,
    listReading(ctx, info, kind ?? 'Entity'),
  );
  primeRelationPages(ctx, result.prefetched);
  return toConnection(inList(result, key));
}

/**
 * Entities by id through the entity loader; when their selection has relation fields, read with
 * those fields' pages in one statement instead, priming both loaders.
 */
async function byIds(ctx: Context, ids: string[], info: GraphQLResolveInfo): Promise<(EntityRecord | null)[]> {
  const nested = nodeReading(ctx, info);
  if (nested.length > 0) {
    const { entities, prefetched } = await readEntitiesWithPages(ctx.runner, ids, nested);
    const found = new Map(entities.map((e) => [e.id, e]));
    // Unknown ids too: they are null, not worth another query.
    for (const id of ids) ctx.loaders.entity.prime(id, found.get(id) ?? null);
    primeRelationPages(ctx, prefetched);
  }
  return Promise.all(ids.map((id) => ctx.loaders.entity.load(id)));
}

const EntityConnection = connectionType('Entity', () => EntityInterface, 'A Relay connection of entities of any kind.');

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, { nullable: true, description: 'Refetch anything by its global id; null when there is no such entity.' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<EntityRecord | null> {
    const [entity] = await byIds(ctx, [id], info);
    return entity ?? null;
  }

  @Query(() => [NodeInterface], {
    nullable: 'items',
    description: 'Refetch many by id, in the order given; null for unknown ids. At most 100.',
    complexity: perItem((args) => (Array.isArray(args.ids) ? args.ids.length : 1)),
  })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<(EntityRecord | null)[]> {
    if (ids.length > MAX_IDS) throw userInputError('ids', `at most ${MAX_IDS} ids, got ${ids.length}`);
    return byIds(ctx, ids, info);
  }

  @Query(() => EntityConnection, { description: 'Entities of every kind matching a filter.', complexity: perPageItem })
  entities(@Args(() => EntityListArgs) args: EntityListArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return list(ctx, undefined, args, info);
  }
}

@Resolver(() => Evidence)
export class EvidenceResolver {
  @FieldResolver(() => SourceDocumentType, { nullable: true, description: 'The source document.' })
  source(@Root() evidence: Evidence, @Ctx() ctx: Context): Promise<EntityRecord | null> {
    return ctx.loaders.entity.load(evidence.sourceId);
  }

  @FieldResolver(() => EntityInterface, {
    nullable: true,
    description:
      'Who makes the claim the source reports here (an executive quoted, a customs office, an expert); null when it is the source\u2019s own (its authors\u2019). Loaded with the other entities of the request, in one batch.',
  })
  assertedBy(@Root() evidence: Evidence, @Ctx() ctx: Context): Promise<EntityRecord | null> | null {
    return evidence.assertedBy ? ctx.loaders.entity.load(evidence.assertedBy) : null;
  }
}

@Resolver(() => StatisticType)
export class StatisticClaimResolver {
  @FieldResolver(() => ClaimStatusEnum, {
    description: 'What kind of claim the figure is: ACTUAL (a result, the default), UNDER_CONSTRUCTION, PLANNED, FORECAST or TARGET.',
  })
  status(@Root() statistic: EntityRecord): ClaimStatus {
    return (statistic.status as ClaimStatus | undefined) ?? DEFAULT_CLAIM_STATUS;
  }
}

/** One root list per kind (enterprises, funds, ...), made from the table like the relation fields. */
function kindListResolver(kind: EntityKind): Function {
  const connection = connectionType(kind, () => KIND_TYPES[kind], `A Relay connection of ${kind} entities.`);
  const name = ENTITY_KINDS[kind].listField;
  const resolverClass = namedClass(`${kind}ListResolver`);
  defineResolverMethod(
    resolverClass,
    name,
    (args: EntityListArgs, ctx: Context, info: GraphQLResolveInfo) => list(ctx, kind, args, info),
    Query(() => connection, {
      description: `${kind} entities matching a filter. ${ENTITY_KINDS[kind].description}`,
      complexity: perPageItem,
    }),
    [Args(() => EntityListArgs), Ctx(), Info()],
  );
  Resolver()(resolverClass);
  return resolverClass;
}

export const KIND_LIST_RESOLVERS = ENTITY_KIND_NAMES.map(kindListResolver);
