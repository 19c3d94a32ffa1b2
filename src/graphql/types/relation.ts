import { Field, ID, Int, ObjectType } from 'type-graphql';
import { itemsCountedByParent, perEvidence } from '../cost.js';
import { Evidence, Money, PageInfo } from './common.js';
import { EntityInterface } from './entity.js';
import { ClaimStatusEnum, Direction, RelationTypeEnum } from './enums.js';
import type { ClaimStatus } from '../../model/claims.js';
import type { RelationType } from '../../model/relation-types.js';
import type { EntityRecord } from '../../neo4j/records.js';

/** The properties every relation may carry (the model's RELATION_PROPERTIES), shared by edges and paths. */
@ObjectType({ simpleResolvers: true })
export abstract class RelationProperties {
  @Field(() => RelationTypeEnum, { description: 'The relation type, read "from TYPE to".' })
  type!: RelationType;

  @Field(() => String, { nullable: true, description: 'The part played, e.g. "core enterprise", or the end of a pipeline (from/to).' })
  role?: string;

  @Field(() => String, { nullable: true, description: 'Position title (HOLDS_POSITION), in English.' })
  title?: string;

  @Field(() => String, { nullable: true, description: 'Position title as the source writes it.' })
  titleZh?: string;

  @Field(() => String, {
    nullable: true,
    description: 'When the relation began or was granted: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source.',
  })
  start?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'When it ended or is due to end (a completion date, a target year), in the same form; null while it lasts or when the source does not say.',
  })
  end?: string;

  @Field(() => String, { nullable: true, description: 'The period as the source words it, e.g. 近两年, 2020年.' })
  periodLabel?: string;

  @Field(() => Int, { nullable: true, description: 'How many (patents licensed, problems solved, firms served, ...).' })
  count?: number;

  @Field(() => String, { nullable: true, description: 'How exact count is: exact, more-than, about, at-least.' })
  countQualifier?: string;

  @Field(() => Money, { nullable: true, description: 'Money amount (INVESTED_IN).' })
  amount?: Money;

  @Field(() => ClaimStatusEnum, {
    description: 'What kind of claim the relation is: ACTUAL (a result, the default), UNDER_CONSTRUCTION, PLANNED, FORECAST or TARGET.',
  })
  status!: ClaimStatus;

  @Field(() => String, { nullable: true, description: 'One-line English gloss of the fact.' })
  note?: string;

  @Field(() => [Evidence], { description: 'Where the sources state this relation (at least one).', complexity: perEvidence })
  evidence!: Evidence[];
}

@ObjectType('RelationEdge', {
  simpleResolvers: true,
  description: 'A relation seen from one entity: the entity at the other end, the relation\u2019s properties and its evidence.',
})
export class RelationEdge extends RelationProperties {
  @Field(() => String, { description: 'Opaque keyset cursor; stays valid when data is added.' })
  cursor!: string;

  @Field(() => EntityInterface, { description: 'The entity at the other end.' })
  node!: unknown;

  @Field(() => ID, { description: 'Stable id of the relation.' })
  relationId!: string;

  @Field(() => Direction, { description: 'OUT when the relation runs from the entity asked about to `node`, IN otherwise.' })
  direction!: Direction;
}

@ObjectType('Relation', {
  simpleResolvers: true,
  description: 'A relation as stored: from one entity to another, with its properties and evidence.',
})
export class Relation extends RelationProperties {
  @Field(() => ID, { description: 'Stable id of the relation.' })
  id!: string;

  @Field(() => ID, { description: 'Id of the entity the relation starts at.' })
  fromId!: string;

  @Field(() => ID, { description: 'Id of the entity the relation ends at.' })
  toId!: string;

  /** Its end entities where the statement that found it read them (a path's or a neighbourhood's nodes); `from`/`to` load the others. */
  ends?: RelationEnds;
}

export interface RelationEnds {
  from: EntityRecord | undefined;
  to: EntityRecord | undefined;
}

@ObjectType('RelationConnection', { simpleResolvers: true, description: 'A Relay connection of relations from one entity.' })
export class RelationConnection {
  @Field(() => [RelationEdge], { description: 'The relations of this page, in order.', complexity: itemsCountedByParent })
  edges!: RelationEdge[];

  @Field(() => Int, {
    description:
      "How many relations match, over all pages; counted only when selected. Without a filter Neo4j reads it from the entity's relationship degrees (constant time, even at a hub); with a filter it visits every relation of those types.",
  })
  totalCount!: number;

  @Field(() => PageInfo, { description: 'Where this page is: cursors and whether more pages exist.' })
  pageInfo!: PageInfo;
}
