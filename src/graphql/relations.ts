import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { DEFAULT_CLAIM_STATUS, type ClaimStatus } from '../model/claims.js';
import { ENTITY_KIND_NAMES, type EntityKind } from '../model/entity-kinds.js';
import { RELATION_TYPE_NAMES, RELATION_TYPES, type RelationType, type RelationTypeSpec } from '../model/relation-types.js';
import type { EntityRecord, RelationRecord } from '../neo4j/records.js';
import type { RelationItem, RelationPage, RelationPageShape } from '../queries/relation-pages.js';
import { inList, listKey, planPage, type PageArgs } from '../queries/pagination.js';
import type { Context } from './context.js';
import { EntityInterface, KIND_TYPES } from './types/entity.js';
import { ClaimStatusEnum, Direction, RelationOrder, RelationTypeEnum } from './types/enums.js';
import { userInputError } from '../errors/codes.js';
import { RelationFieldArgs } from './types/inputs.js';
import { toConnection } from './types/connection.js';
import { RelationConnection, type Relation, type RelationEdge, type RelationEnds, type RelationProperties } from './types/relation.js';
import { defineResolverMethod, namedClass } from './dynamic-resolvers.js';
import { validateFilter } from './validation.js';
import { covers, relationProjection } from './lookahead.js';
import { perPageItem } from './cost.js';
import { shareLoop } from './fair-share.js';

/**
 * The RelationProperties fields of a stored relation, each read only when selected: a page of a
 * nested query can hold thousands of relations, and most queries select a few of their fields.
 */
class RelationPropertiesView {
  constructor(protected readonly relation: RelationRecord) {}
  get type() {
    return this.relation.type;
  }
  get role() {
    return this.relation.role as string | undefined;
  }
  get title() {
    return this.relation.title as string | undefined;
  }
  get titleZh() {
    return this.relation.titleZh as string | undefined;
  }
  get start() {
    return this.relation.start as string | undefined;
  }
  get end() {
    return this.relation.end as string | undefined;
  }
  get periodLabel() {
    return this.relation.periodLabel as string | undefined;
  }
  get count() {
    return this.relation.count as number | undefined;
  }
  get countQualifier() {
    return this.relation.countQualifier as string | undefined;
  }
  get amount(): RelationProperties['amount'] {
    const r = this.relation;
    return typeof r.amount === 'number'
      ? {
          amount: r.amount,
          currency: String(r.currency ?? 'CNY'),
          originalAmount: r.amountOriginal as number | undefined,
          originalUnit: r.amountOriginalUnit as string | undefined,
        }
      : undefined;
  }
  get status(): ClaimStatus {
    return (this.relation.status as ClaimStatus | undefined) ?? DEFAULT_CLAIM_STATUS;
  }
  get note() {
    return this.relation.note as string | undefined;
  }
  get evidence() {
    return this.relation.evidence;
  }
}

/** A stored relation as the GraphQL Relation type. */
class RelationView extends RelationPropertiesView {
  constructor(
    relation: RelationRecord,
    readonly ends?: RelationEnds,
  ) {
    super(relation);
  }
  get id() {
    return this.relation.id;
  }
  get fromId() {
    return this.relation.fromId;
  }
  get toId() {
    return this.relation.toId;
  }
}

/** A relation page item as a RelationEdge: the relation seen from the parent, with its cursor. */
class RelationEdgeView extends RelationPropertiesView {
  constructor(private readonly edge: { cursor: string; node: RelationItem }) {
    super(edge.node.relation);
  }
  get cursor() {
    return this.edge.cursor;
  }
  get node() {
    return this.edge.node.entity;
  }
  get relationId() {
    return this.relation.id;
  }
  get direction() {
    return this.edge.node.outgoing ? Direction.OUT : Direction.IN;
  }
}

export const toRelationObject = (r: RelationRecord, ends?: RelationEnds): Relation => new RelationView(r, ends);
export const toEdge = (edge: { cursor: string; node: RelationItem }): RelationEdge => new RelationEdgeView(edge);

/**
 * What a relation field asks the loader for, from its arguments; throws BAD_USER_INPUT naming the
 * argument. Shared by the field resolvers and the look-ahead that prefetches nested fields, so
 * both build the very same request (and so the same loader key).
 */
export function relationPageShape(
  types: RelationType[],
  direction: Direction,
  args: PageArgs & Pick<RelationFieldArgs, 'filter' | 'orderBy'> & { status?: ClaimStatus[] | null },
): RelationPageShape {
  const order = args.orderBy ?? RelationOrder.NAME_ASC;
  const page = planPage(args, relationListKey({ types, direction, order }));
  return { types, direction, filter: validateFilter('filter', args.filter), statuses: claimStatuses('status', args.status), order, page };
}

/**
 * A status filter as the query takes it: distinct and sorted (one text, one key, whatever the
 * order asked), null when absent; an empty list is refused, as it could only match nothing.
 */
export function claimStatuses(argument: string, statuses: ClaimStatus[] | null | undefined): ClaimStatus[] | null {
  if (statuses == null) return null;
  if (statuses.length === 0) throw userInputError(argument, 'must name at least one status, or be left out for every status');
  return [...new Set(statuses)].sort();
}

/** A relation field's page: read ahead by the root list when it can (synchronously), else through the loader. */
export function relationConnection(
  ctx: Context,
  parentId: string,
  types: RelationType[],
  direction: Direction,
  args: RelationFieldArgs,
  info: GraphQLResolveInfo,
): RelationConnection | Promise<RelationConnection> {
  const request = { parentId, ...relationPageShape(types, direction, args) };
  const readAhead = ctx.loaders.readAhead.find(request);
  // A page read ahead for another place in the query may hold fewer properties than this one
  // selects (the same relation field under two aliases, say): then the loader reads the whole page.
  if (readAhead && (!readAhead.projection || covers(readAhead.projection, relationProjection(info))))
    return shareLoop(toRelationConnection(readAhead, request));
  return ctx.loaders.relationPage
    .load({ ...request, totalCount: relationProjection(info).totalCount })
    .then((page) => toRelationConnection(page, request));
}
const toRelationConnection = (page: RelationPage, shape: RelationPageShape): RelationConnection =>
  toConnection({ ...page, edges: inList(page, shape.page.list).edges.map(toEdge) });

/**
 * A relation field's list, for its cursors: its types, direction and order. Not the parent: a nested
 * field's `after` applies to the page under every parent.
 */
const relationListKey = ({ types, direction, order }: Pick<RelationPageShape, 'types' | 'direction' | 'order'>) =>
  listKey('relations', types.join(','), direction, order);

/** The generic `relations` field of every entity. */
const resolveRelations = (
  entity: EntityRecord,
  args: RelationFieldArgs & { types?: RelationType[]; direction: Direction; status?: ClaimStatus[] },
  ctx: Context,
  info: GraphQLResolveInfo,
) => relationConnection(ctx, entity.id, typesOrAll(args.types), args.direction, args, info);

@Resolver(() => EntityInterface)
export class EntityRelationsResolver {
  @FieldResolver(() => RelationConnection, {
    description: 'Relations of any of the given types (all types when omitted), in the given direction.',
    complexity: perPageItem,
  })
  relations(
    @Root() entity: EntityRecord,
    @Arg('types', () => [RelationTypeEnum], { nullable: true, description: 'Relation types to include; all when omitted.' })
    types: RelationType[] | undefined,
    @Arg('direction', () => Direction, { defaultValue: Direction.BOTH }) direction: Direction,
    @Arg('status', () => [ClaimStatusEnum], {
      nullable: true,
      description:
        'Only relations of these claim statuses (e.g. [FORECAST, TARGET]); all when omitted. Checked on each relation the page reads anyway (no index), so it adds no reads; a totalCount with it visits every relation of the types.',
    })
    status: ClaimStatus[] | undefined,
    @Args(() => RelationFieldArgs) args: RelationFieldArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): RelationConnection | Promise<RelationConnection> {
    return resolveRelations(entity, { ...args, types, direction, status }, ctx, info);
  }
}

/**
 * The relation types asked for, or all when none are: distinct and sorted, because where types
 * shape the Cypher text the same set must give the same text (one cached plan).
 */
export const typesOrAll = (types: RelationType[] | undefined): RelationType[] =>
  types && types.length > 0 ? [...new Set(types)].sort() : RELATION_TYPE_NAMES;

/** A relation field of one kind: the model table's outField (OUT) or inField (IN) of a relation type. */
export interface RelationField {
  name: string;
  type: RelationType;
  direction: Direction;
  description: string;
}

export function relationFieldsOf(kind: EntityKind): RelationField[] {
  return (RELATION_FIELDS[kind] ??= RELATION_TYPE_NAMES.flatMap((type) => {
    const spec: RelationTypeSpec = RELATION_TYPES[type];
    const atFrom = (spec.from as readonly string[]).includes(kind);
    const atTo = (spec.to as readonly string[]).includes(kind);
    if (spec.symmetric)
      return atFrom || atTo
        ? [{ name: spec.outField, type, direction: Direction.BOTH, description: `${type} (either way): ${spec.description}` }]
        : [];
    const fields: RelationField[] = [];
    if (atFrom)
      fields.push({ name: spec.outField, type, direction: Direction.OUT, description: `${type} (outgoing): ${spec.description}` });
    if (atTo && spec.inField)
      fields.push({ name: spec.inField, type, direction: Direction.IN, description: `${type} (incoming): ${spec.description}` });
    return fields;
  }));
}
const RELATION_FIELDS: Partial<Record<EntityKind, RelationField[]>> = {};

/**
 * Makes, for each kind, a resolver class with one field per relation end the model table gives
 * that kind (e.g. Enterprise.investors, Fund.investments). Decorators are plain functions, so
 * they are applied here in a loop instead of written out 100 times.
 */
function kindRelationResolver(kind: EntityKind): Function {
  const resolverClass = namedClass(`${kind}RelationsResolver`);
  for (const field of relationFieldsOf(kind)) {
    defineResolverMethod(
      resolverClass,
      field.name,
      relationFieldResolver(field),
      FieldResolver(() => RelationConnection, { description: field.description, complexity: perPageItem }),
      [Root(), Args(() => RelationFieldArgs), Ctx(), Info()],
    );
  }
  Resolver(() => KIND_TYPES[kind])(resolverClass);
  return resolverClass;
}

/** A relation field's resolver, for the decorators applied in kindRelationResolver. */
const relationFieldResolver =
  (field: RelationField) => (entity: EntityRecord, args: RelationFieldArgs, ctx: Context, info: GraphQLResolveInfo) =>
    relationConnection(ctx, entity.id, [field.type], field.direction, args, info);

export const KIND_RELATION_RESOLVERS = ENTITY_KIND_NAMES.map(kindRelationResolver);
