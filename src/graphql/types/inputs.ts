import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import type { EntityKind } from '../../model/entity-kinds.js';
import { EntityKindEnum, EntityOrder, RelationOrder } from './enums.js';

@InputType('EntityFilter', { description: 'Conditions on entities; all given conditions must hold.' })
export class EntityFilter {
  @Field(() => [ID], { nullable: true, description: 'Only these ids.' })
  ids?: string[];

  @Field(() => [EntityKindEnum], { nullable: true, description: 'Only these kinds.' })
  kinds?: EntityKind[];

  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the name, English name or an alias.' })
  nameContains?: string;

  @Field(() => String, { nullable: true, description: 'Only this category (e.g. state-owned, district, mechanism).' })
  category?: string;

  @Field(() => ID, { nullable: true, description: 'Only entities holding this designation, e.g. "designation/single-champion".' })
  designation?: string;

  @Field(() => ID, { nullable: true, description: 'Only entities in (or leading) this industrial chain, e.g. "chain/new-materials".' })
  chain?: string;

  @Field(() => ID, { nullable: true, description: 'Only entities located in this region or any part of it, e.g. "region/beilun".' })
  region?: string;
}

@InputType('EntityRef', {
  description:
    'One entity named in an argument: by `id`, or by `name` (exactly one of the two). A name is compared whole with names, English names and aliases, ignoring case and surrounding blanks (as search ranks exact matches); `kind` narrows a name several kinds share, e.g. {name: "冠军之城", kind: Region}. A name no entity has, or one several have, is BAD_USER_INPUT naming the argument; several are listed (id, name, kind) in the message and in `extensions.candidates`. An unknown id is not an error: the field answers as for any unknown id.',
})
export class EntityRef {
  @Field(() => ID, { nullable: true, description: 'The entity id, e.g. "institute/nimte".' })
  id?: string;

  @Field(() => String, { nullable: true, description: 'A name, English name or alias, e.g. "中科院宁波材料所" or "NIMTE".' })
  name?: string;

  @Field(() => EntityKindEnum, { nullable: true, description: 'Only an entity of this kind (with an id: the id must be of this kind).' })
  kind?: EntityKind;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Page forwards: at most this many (max 100, default 20).' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor to continue after.' })
  after?: string;

  @Field(() => Int, { nullable: true, description: 'Page backwards: at most this many from the end (max 100).' })
  last?: number;

  @Field(() => String, { nullable: true, description: 'Cursor to continue before.' })
  before?: string;
}

@ArgsType()
export class RelationFieldArgs extends ConnectionArgs {
  @Field(() => EntityFilter, { nullable: true, description: 'Conditions on the entity at the other end.' })
  filter?: EntityFilter;

  @Field(() => RelationOrder, { defaultValue: RelationOrder.NAME_ASC })
  orderBy!: RelationOrder;
}

@ArgsType()
export class EntityListArgs extends ConnectionArgs {
  @Field(() => EntityFilter, { nullable: true })
  filter?: EntityFilter;

  @Field(() => EntityOrder, { defaultValue: EntityOrder.NAME_ASC })
  orderBy!: EntityOrder;
}
