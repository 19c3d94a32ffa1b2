import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { EntityKind } from '../../model/entity-kinds.js';
import type { RelationType } from '../../model/relation-types.js';
import { EntityInterface, SourceDocumentType } from './entity.js';
import { EntityKindEnum, RelationTypeEnum } from './enums.js';
import { Relation } from './relation.js';

// Inputs: the seed format's fields (src/seed/format.ts), checked by the seed's rules when written.

@InputType('EvidenceInput', {
  description: 'Where a source says a fact: the quote must be an exact substring of that paragraph (line) of the source.',
})
export class EvidenceInput {
  @Field(() => ID, { description: 'Id of the source document, e.g. "source/ningbo-champion-city-2025".' })
  source!: string;

  @Field(() => Int, { description: 'Paragraph number: the 1-based line of the source text.' })
  paragraph!: number;

  @Field(() => String, { description: 'The exact words of the source, 2–300 characters.' })
  quote!: string;
}

@InputType('SourceInput', { description: 'A new source document. Each line of `text` is a paragraph that evidence cites by number.' })
export class SourceInput {
  @Field(() => ID, { description: 'Stable id, "source/<slug>".' })
  id!: string;

  @Field(() => String, { description: 'Title, as published.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Title in English.' })
  titleEn?: string;

  @Field(() => String, { nullable: true, description: 'Publisher.' })
  publisher?: string;

  @Field(() => String, { description: 'Publication date: YYYY, YYYY-MM or YYYY-MM-DD.' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Where it was published (http or https).' })
  url?: string;

  @Field(() => String, { description: 'Language code, e.g. zh.' })
  language!: string;

  @Field(() => String, { nullable: true, description: 'One or two English sentences on what it is.' })
  description?: string;

  @Field(() => String, { description: 'The full text, one paragraph per line.' })
  text!: string;
}

@InputType('EntityInput', { description: 'A new entity (not a source or statistic: those have their own mutations).' })
export class EntityInput {
  @Field(() => ID, { description: 'Stable id, "<kind prefix>/<slug>", e.g. "enterprise/ningbo-example".' })
  id!: string;

  @Field(() => EntityKindEnum, { description: 'The kind of entity; its id prefix must match.' })
  kind!: EntityKind;

  @Field(() => String, { description: 'Official name, in Chinese where the source is Chinese.' })
  name!: string;

  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Field(() => [String], { defaultValue: [], description: 'Other names: short forms, English and pinyin.' })
  aliases!: string[];

  @Field(() => String, { description: 'One or two English sentences.' })
  description!: string;

  @Field(() => String, { nullable: true, description: "One of the kind's categories." })
  category?: string;

  @Field(() => Int, { description: 'Year founded (1800–2100).', nullable: true })
  foundedYear?: number;

  @Field(() => [EvidenceInput], { description: 'Where the sources name it: at least one.' })
  evidence!: EvidenceInput[];
}

@InputType('EntityPatch', {
  description: 'Fields to change: a field given replaces the stored one, null removes an optional one, absent keeps it.',
})
export class EntityPatch {
  @Field(() => String, { description: 'Official name, in Chinese where the source is Chinese.', nullable: true })
  name?: string;

  @Field(() => String, { description: 'English name.', nullable: true })
  nameEn?: string;

  @Field(() => [String], { description: 'Other names: short forms, English and pinyin.', nullable: true })
  aliases?: string[];

  @Field(() => String, { description: 'One or two English sentences.', nullable: true })
  description?: string;

  @Field(() => String, { description: "One of the kind's categories (schema/MODEL.md).", nullable: true })
  category?: string | null;

  @Field(() => Int, { description: 'Year founded (1800–2100).', nullable: true })
  foundedYear?: number | null;

  @Field(() => [EvidenceInput], { nullable: true, description: 'Replaces the evidence (at least one).' })
  evidence?: EvidenceInput[];
}

@InputType('RelationPropertiesInput', {
  description: "A relation's properties; which a type allows and requires is in the model (schema/MODEL.md).",
})
export class RelationPropertiesInput {
  @Field(() => String, {
    description: 'The part played, e.g. "core enterprise"; for CONNECTS the end (from/to/covers). Part of the relation id.',
    nullable: true,
  })
  role?: string;

  @Field(() => String, { description: 'Position title in English (HOLDS_POSITION). Part of the relation id.', nullable: true })
  title?: string;

  @Field(() => String, { description: 'Position title as the source writes it.', nullable: true })
  titleZh?: string;

  @Field(() => Int, { description: 'Year the relation started or was granted (1900–2100).', nullable: true })
  year?: number;

  @Field(() => String, { description: 'When it started: YYYY, YYYY-MM or YYYY-MM-DD.', nullable: true })
  since?: string;

  @Field(() => Int, { description: 'How many (an integer ≥ 0).', nullable: true })
  count?: number;

  @Field(() => String, { description: 'How exact count is: exact, more-than, about, at-least, up-to.', nullable: true })
  countQualifier?: string;

  @Field(() => Float, { nullable: true, description: 'In yuan.' })
  amount?: number;

  @Field(() => Float, { description: 'The amount as the source writes it, in amountOriginalUnit.', nullable: true })
  amountOriginal?: number;

  @Field(() => String, { description: '亿元, 万元 or 元.', nullable: true })
  amountOriginalUnit?: string;

  @Field(() => String, { description: 'CNY.', nullable: true })
  currency?: string;

  @Field(() => String, { description: 'planned, under-construction or operating.', nullable: true })
  status?: string;

  @Field(() => String, { description: 'A one-line English gloss.', nullable: true })
  note?: string;
}

@InputType('RelationInput', { description: 'A new relation, "from TYPE to", with its evidence.' })
export class RelationInput {
  @Field(() => RelationTypeEnum, { description: 'The relation type, read "from TYPE to".' })
  type!: RelationType;

  @Field(() => ID, { description: 'Id of the entity it starts at.' })
  from!: string;

  @Field(() => ID, { description: 'Id of the entity it ends at.' })
  to!: string;

  @Field(() => RelationPropertiesInput, {
    description: 'Its properties; which a type allows and requires is in schema/MODEL.md.',
    nullable: true,
  })
  properties?: RelationPropertiesInput;

  @Field(() => [EvidenceInput], { description: 'At least one.' })
  evidence!: EvidenceInput[];
}

@InputType('RelationPatch', {
  description: "New properties (replacing all of them) or evidence; a new role or title changes the relation's id.",
})
export class RelationPatch {
  @Field(() => RelationPropertiesInput, {
    description: 'Its properties; which a type allows and requires is in schema/MODEL.md.',
    nullable: true,
  })
  properties?: RelationPropertiesInput;

  @Field(() => [EvidenceInput], { description: 'Where the sources say it: at least one.', nullable: true })
  evidence?: EvidenceInput[];
}

@InputType('PeriodInput', { description: 'The period or point in time a statistic refers to.' })
export class PeriodInput {
  @Field(() => String, { description: 'E.g. "2025 Q1–Q3".' })
  label!: string;

  @Field(() => String, { description: 'First day/month covered: YYYY, YYYY-MM or YYYY-MM-DD.', nullable: true })
  start?: string;

  @Field(() => String, { description: 'Last day/month covered.', nullable: true })
  end?: string;
}

@InputType('StatisticInput', { description: 'A new statistic: a figure a source states about a subject.' })
export class StatisticInput {
  @Field(() => ID, { description: '"stat/<slug>".' })
  id!: string;

  @Field(() => ID, { description: 'The entity measured.' })
  subject!: string;

  @Field(() => String, { description: 'What is measured, in English.' })
  measure!: string;

  @Field(() => String, { description: 'What is measured, as the source says it.' })
  measureZh!: string;

  @Field(() => Float, { description: 'The number, in unit (money in yuan; a change signed).' })
  value!: number;

  @Field(() => String, { description: 'Base unit: yuan, percent, enterprise, km, ...' })
  unit!: string;

  @Field(() => String, { description: 'CNY.', nullable: true })
  currency?: string;

  @Field(() => Float, { description: 'The number as printed, in originalUnit.', nullable: true })
  originalValue?: number;

  @Field(() => String, { description: 'The unit as printed, e.g. 亿元.', nullable: true })
  originalUnit?: string;

  @Field(() => String, { nullable: true, description: 'exact (default), more-than, about, at-least, up-to.' })
  qualifier?: string;

  @Field(() => Boolean, { description: 'True when value is a change (e.g. year-on-year growth), not a level.', nullable: true })
  isChange?: boolean;

  @Field(() => PeriodInput, { description: 'The period the value refers to.' })
  period!: PeriodInput;

  @Field(() => String, { description: 'A one-line English gloss.', nullable: true })
  note?: string;

  @Field(() => [EvidenceInput], { description: 'Where the sources say it: at least one.' })
  evidence!: EvidenceInput[];
}

@InputType('StatisticPatch', { description: 'Fields to change, as for EntityPatch.' })
export class StatisticPatch {
  @Field(() => ID, { description: 'Id of the entity measured.', nullable: true })
  subject?: string;

  @Field(() => String, { description: 'What is measured, in English.', nullable: true })
  measure?: string;

  @Field(() => String, { description: 'What is measured, as the source says it.', nullable: true })
  measureZh?: string;

  @Field(() => Float, { description: 'The number, in unit (money in yuan; a change signed).', nullable: true })
  value?: number;

  @Field(() => String, { description: 'Base unit: yuan, percent, enterprise, km, ...', nullable: true })
  unit?: string;

  @Field(() => String, { description: 'CNY.', nullable: true })
  currency?: string | null;

  @Field(() => Float, { description: 'The number as printed, in originalUnit.', nullable: true })
  originalValue?: number | null;

  @Field(() => String, { description: 'The unit as printed, e.g. 亿元.', nullable: true })
  originalUnit?: string | null;

  @Field(() => String, { description: 'exact (default), more-than, about, at-least, up-to.', nullable: true })
  qualifier?: string;

  @Field(() => Boolean, { description: 'True when value is a change (e.g. year-on-year growth), not a level.', nullable: true })
  isChange?: boolean;

  @Field(() => PeriodInput, { description: 'The period the value refers to.', nullable: true })
  period?: PeriodInput;

  @Field(() => String, { description: 'A one-line English gloss.', nullable: true })
  note?: string | null;

  @Field(() => [EvidenceInput], { description: 'Where the sources say it: at least one.', nullable: true })
  evidence?: EvidenceInput[];
}

// Answers

@ObjectType('Change', {
  simpleResolvers: true,
  description: 'One write, as history keeps it: who, when, what (the states before and after) and why.',
})
export class ChangeType {
  @Field(() => ID, { description: 'Give it to `revert(change:)` to undo the write.' })
  id!: string;

  @Field(() => String, { description: 'When, ISO 8601 in UTC.' })
  at!: string;

  @Field(() => String, { description: 'The name of the API key that wrote it.' })
  by!: string;

  @Field(() => String, {
    description: 'The mutation: addSource, createEntity, updateEntity, mergeEntities, deleteEntity, createRelation, ..., revert.',
  })
  action!: string;

  @Field(() => String, { description: 'Why, as the writer said.' })
  comment!: string;

  @Field(() => ID, { nullable: true, description: 'The change this one reverted.' })
  revertOf?: string;

  @Field(() => [ID], { description: 'The entities it touched (its nodes and the ends of its relations).' })
  subjects!: string[];

  @Field(() => GraphQLJSONObject, {
    description:
      'What it replaced: { nodes: [{ id, label, props }], relations: [{ id, type, from, to, props }] }, every property as stored.',
  })
  before!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'What it wrote, in the same shape (tombstones are nodes labelled Tombstone).' })
  after!: Record<string, unknown>;
}

@ObjectType('SourceWrite', { simpleResolvers: true, description: 'A source document added.' })
export class SourceWrite {
  @Field(() => SourceDocumentType, { nullable: true, description: 'The source as stored now.' })
  source!: unknown;

  @Field(() => ChangeType, { description: 'The history entry of this write.' })
  change!: ChangeType;
}

@ObjectType('EntityWrite', { simpleResolvers: true, description: 'An entity or statistic as written.' })
export class EntityWrite {
  @Field(() => EntityInterface, { nullable: true, description: 'The entity as stored now.' })
  entity!: unknown;

  @Field(() => ChangeType, { description: 'The history entry of this write.' })
  change!: ChangeType;
}

@ObjectType('RelationWrite', { simpleResolvers: true, description: 'A relation as written.' })
export class RelationWrite {
  @Field(() => Relation, { nullable: true, description: 'The relation as stored now.' })
  relation!: unknown;

  @Field(() => ChangeType, { description: 'The history entry of this write.' })
  change!: ChangeType;
}

@ObjectType('MergeResult', {
  simpleResolvers: true,
  description: 'Two entities made one; the merged id resolves to the kept entity from now on.',
})
export class MergeResult {
  @Field(() => EntityInterface, { nullable: true, description: 'The kept entity, as it is now.' })
  entity!: unknown;

  @Field(() => ID, { description: 'The id merged away: node(id:) of it answers the kept entity.' })
  merged!: string;

  @Field(() => [ID], { description: "The merged entity's relations, now on the kept one (their new ids)." })
  movedRelations!: string[];

  @Field(() => [ID], {
    description: 'Relations of the merged entity that the kept one had already (evidence joined) or that joined the two (dropped).',
  })
  joinedRelations!: string[];

  @Field(() => [String], { description: "The merged entity's names added to the kept one's aliases." })
  aliasesAdded!: string[];

  @Field(() => ChangeType, { description: 'The history entry of this write.' })
  change!: ChangeType;
}

@ObjectType('DeleteResult', { simpleResolvers: true, description: 'What a delete removed.' })
export class DeleteResult {
  @Field(() => [ID], { description: 'Entities deleted: the one asked for, and with cascade the statistics measuring it.' })
  deletedEntities!: string[];

  @Field(() => [ID], { description: 'Relations deleted with them.' })
  deletedRelations!: string[];

  @Field(() => ChangeType, { description: 'The history entry of this write.' })
  change!: ChangeType;
}
