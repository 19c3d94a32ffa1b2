import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { EntityRecord } from '../neo4j/records.js';
import { inList, listKey, planPage, type PageEdge } from '../queries/pagination.js';
import { TIMELINE_RELATIONS_READ, type TimelineItem, type TimelinePage } from '../queries/timeline.js';
import type { Context } from './context.js';
import { itemsCountedByParent, perPageItem } from './cost.js';
import { toRelationObject } from './relations.js';
import { PageInfo } from './types/common.js';
import { toConnection } from './types/connection.js';
import { EntityInterface } from './types/entity.js';
import { Direction } from './types/enums.js';
import { Relation } from './types/relation.js';

const TIMELINE = listKey('timeline');

@ObjectType('TimelineEdge', { simpleResolvers: true, description: 'A dated relation of the entity, with the dates it is ordered by.' })
class TimelineEdge {
  @Field(() => String, { description: 'Opaque keyset cursor; stays valid when data is added.' })
  cursor!: string;

  @Field(() => String, {
    description:
      'When it began: the relation\u2019s start, or for a PARTICIPATED_IN without one the event\u2019s (YYYY, YYYY-MM or YYYY-MM-DD).',
  })
  start!: string;

  @Field(() => String, { nullable: true, description: 'When it ended, likewise; null while it lasts or when the source does not say.' })
  end?: string | null;

  @Field(() => Direction, { description: 'OUT when the relation runs from the entity asked about, IN otherwise.' })
  direction!: Direction;

  @Field(() => Relation, {
    description: 'The relation as stored, with its ends (an event the entity took part in is its `to`), properties and evidence.',
  })
  node!: Relation;
}

@ObjectType('TimelineConnection', { simpleResolvers: true, description: 'An entity\u2019s dated relations and events, oldest first.' })
class TimelineConnection {
  @Field(() => [TimelineEdge], { description: 'The items of this page, in order.', complexity: itemsCountedByParent })
  edges!: TimelineEdge[];

  @Field(() => PageInfo, { description: 'Where this page is: cursors and whether more pages exist.' })
  pageInfo!: PageInfo;

  @Field(() => Boolean, {
    description: `True when the entity has more than ${TIMELINE_RELATIONS_READ} relations: the timeline was read from its first ${TIMELINE_RELATIONS_READ} (in storage order) and may miss dated ones.`,
  })
  capped!: boolean;
}

const toTimelineEdge = (edge: PageEdge<TimelineItem>): TimelineEdge => ({
  get cursor() {
    return edge.cursor;
  },
  start: edge.node.start,
  end: edge.node.end,
  direction: edge.node.outgoing ? Direction.OUT : Direction.IN,
  node: toRelationObject(
    edge.node.relation,
    edge.node.outgoing ? { from: undefined, to: edge.node.other } : { from: edge.node.other, to: undefined },
  ),
});

const toTimeline = (page: TimelinePage): TimelineConnection => {
  const { edges, pageInfo } = toConnection(inList(page, TIMELINE));
  return { edges: edges.map(toTimelineEdge), pageInfo: pageInfo as PageInfo, capped: page.capped };
};

@Resolver(() => EntityInterface)
export class TimelineResolver {
  @FieldResolver(() => TimelineConnection, {
    description: `The entity\u2019s dated relations, and the events it took part in (dated by the event), ordered by start (partial dates as text: 2024 before 2024-03 before 2025), then relation id. Reads at most the entity\u2019s first ${TIMELINE_RELATIONS_READ} relations (no index orders an entity\u2019s relations by date); \`capped\` says when it has more. All timelines of one query level are read in one statement.`,
    complexity: perPageItem,
  })
  timeline(
    @Root() entity: EntityRecord,
    @Arg('first', () => Int, { nullable: true, description: 'At most this many (max 100, default 20).' }) first: number | undefined,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<TimelineConnection> {
    const page = planPage({ first, after }, TIMELINE);
    return ctx.loaders.timeline.load({ parentId: entity.id, limit: page.limit, after: page.after }).then(toTimeline);
  }
}
