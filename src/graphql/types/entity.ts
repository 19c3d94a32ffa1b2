import { Directive, Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { perEvidence } from '../cost.js';
import { cacheHint, MAX_AGE } from '../cache-control.js';
import { ENTITY_KIND_NAMES, ENTITY_KINDS, type EntityKind } from '../../model/entity-kinds.js';
import type { EntityRecord } from '../../neo4j/records.js';
import { Evidence } from './common.js';
import { EntityKindEnum } from './enums.js';

/** The GraphQL type of an entity: its kind's name. Synchronous, and must stay so (see schema.ts). */
export const entityTypeName = (value: EntityRecord): string => value.kind;
const resolveType = entityTypeName;

@InterfaceType('Node', {
  description:
    'Relay Global Object Identification: anything with a global id that `node(id:)` refetches. Ids are stable and readable, e.g. "enterprise/zhaobao-magnet".',
  resolveType,
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'Global, stable id: "<kind prefix>/<slug>".' })
  id!: string;
}

@InterfaceType('Entity', { implements: NodeInterface, description: 'Every entity of the knowledge graph.', resolveType })
export abstract class EntityInterface extends NodeInterface {
  @Field(() => EntityKindEnum, { description: 'The kind of entity (also its GraphQL type).' })
  kind!: EntityKind;

  @Field(() => String, { description: 'Official name, in Chinese where the source is Chinese.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name.' })
  nameEn?: string;

  @Field(() => [String], { description: 'Other names: short forms, English and pinyin forms. Search finds the entity by any of them.' })
  aliases!: string[];

  @Field(() => String, { nullable: true, description: 'One or two English sentences on what this is.' })
  description?: string;

  @Field(() => String, { nullable: true, description: 'Sub-kind, from the kind\u2019s list (e.g. state-owned, mechanism, district).' })
  category?: string;

  @Field(() => [Evidence], { description: 'Where the sources name this entity.', complexity: perEvidence })
  evidence!: Evidence[];
}

/** One GraphQL object type per entity kind; kinds with fields of their own are declared below. */
@Directive(cacheHint(MAX_AGE.entity))
@ObjectType('Enterprise', {
  simpleResolvers: true,
  implements: [NodeInterface, EntityInterface],
  description: ENTITY_KINDS.Enterprise.description,
})
export class EnterpriseType extends EntityInterface {
  @Field(() => Int, { nullable: true, description: 'Year the enterprise was founded, where the source says.' })
  foundedYear?: number;
}

@Directive(cacheHint(MAX_AGE.sourceDocument))
@ObjectType('SourceDocument', {
  simpleResolvers: true,
  implements: [NodeInterface, EntityInterface],
  description: ENTITY_KINDS.SourceDocument.description,
})
export class SourceDocumentType extends EntityInterface {
  @Field(() => String, { description: 'Publication date: YYYY, YYYY-MM or YYYY-MM-DD.' })
  date!: string;

  @Field(() => String, { description: 'Language code, e.g. zh.' })
  language!: string;

  @Field(() => String, { nullable: true, description: 'Publisher, where known.' })
  publisher?: string;
}

@ObjectType('Period', { simpleResolvers: true, description: 'The period or point in time a statistic refers to.' })
export class Period {
  @Field(() => String, { description: 'As the source puts it, in English, e.g. "2025 Q1–Q3".' })
  label!: string;

  @Field(() => String, { nullable: true, description: 'First day/month covered (YYYY, YYYY-MM or YYYY-MM-DD).' })
  start?: string;

  @Field(() => String, { nullable: true, description: 'Last day/month covered.' })
  end?: string;
}

@Directive(cacheHint(MAX_AGE.statistic))
@ObjectType('Statistic', {
  simpleResolvers: true,
  implements: [NodeInterface, EntityInterface],
  description: ENTITY_KINDS.Statistic.description,
})
export class StatisticType extends EntityInterface {
  @Field(() => String, { description: 'What is measured, in English.' })
  measure!: string;

  @Field(() => String, { description: 'What is measured, as the source says it.' })
  measureZh!: string;

  @Field(() => Float, { description: 'The number, in `unit` (money in yuan).' })
  value!: number;

  @Field(() => String, { description: 'Unit of value: yuan, percent, enterprise, km, ...' })
  unit!: string;

  @Field(() => String, { nullable: true, description: 'Currency of money values, e.g. CNY.' })
  currency?: string;

  @Field(() => Float, { nullable: true, description: 'The number as the source writes it, in originalUnit.' })
  originalValue?: number;

  @Field(() => String, { nullable: true, description: 'The unit the source uses, e.g. 亿元.' })
  originalUnit?: string;

  @Field(() => String, { description: 'How exact the value is: exact, more-than (余/超), about (近), at-least, up-to.' })
  qualifier!: string;

  @Field(() => Boolean, { description: 'True when value is a change (e.g. year-on-year growth), not a level.' })
  isChange!: boolean;

  @Field(() => Period, { description: 'The period or point in time the value refers to.' })
  period!: Period;

  @Field(() => String, { nullable: true, description: 'A remark on how to read the figure (e.g. a target, not an outcome).' })
  note?: string;
}

@Directive(cacheHint(MAX_AGE.entity))
@ObjectType('Event', {
  simpleResolvers: true,
  implements: [NodeInterface, EntityInterface],
  description: ENTITY_KINDS.Event.description,
})
export class EventType extends EntityInterface {
  @Field(() => String, { nullable: true, description: 'When it happened or began: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source.' })
  start?: string;

  @Field(() => String, {
    nullable: true,
    description: 'When it ended, in the same form; null for a one-day event or when the source does not say.',
  })
  end?: string;
}

const DECLARED: Partial<Record<EntityKind, Function>> = {
  Enterprise: EnterpriseType,
  Event: EventType,
  SourceDocument: SourceDocumentType,
  Statistic: StatisticType,
};

/** The remaining kinds need no fields beyond Entity's, so their classes are made from the table. */
function plainKindType(kind: EntityKind): Function {
  const cls = { [kind]: class extends EntityInterface {} }[kind]!;
  ObjectType(kind, { simpleResolvers: true, implements: [NodeInterface, EntityInterface], description: ENTITY_KINDS[kind].description })(
    cls,
  );
  Directive(cacheHint(MAX_AGE.entity))(cls);
  return cls;
}

export const KIND_TYPES: Record<EntityKind, Function> = Object.fromEntries(
  ENTITY_KIND_NAMES.map((k) => [k, DECLARED[k] ?? plainKindType(k)]),
) as Record<EntityKind, Function>;
